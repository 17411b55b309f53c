// The README's screenshots are taken by the e2e specs, but written into docs/
// only when asked (`npm run screenshots`): an ordinary test run leaves the
// tracked files alone and keeps its shots with the test's other output.
import path from 'node:path';
import { test, type Page } from '@playwright/test';

export const WRITE_DOCS_SCREENSHOTS = process.env.TOOLSHED_SCREENSHOTS === '1';

export async function docsScreenshot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: WRITE_DOCS_SCREENSHOTS ? path.join('docs', file) : test.info().outputPath(file) });
}
