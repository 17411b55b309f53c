// Debian's Chromium, launched the way the e2e suite launches it (the launch
// options come from playwright.config.ts, so the two never drift apart), but
// without WebGL: xterm.js then draws with its DOM renderer, whose rows the
// bench can watch to see when text is on screen. (This VM has no GPU; its
// WebGL would be SwiftShader, drawing on the CPU as the DOM renderer does.)
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import config from '../../playwright.config.js';
import { CHROMIUM } from '../../test/support/machine.js';
import type { Serve } from '../../test/support/serve.js';

export function launchChromium(): Promise<Browser> {
  const args = config.use?.launchOptions?.args ?? [];
  return chromium.launch({ executablePath: CHROMIUM, args: [...args, '--disable-webgl'] });
}

/** The list row of a container in the served UI. */
export const listRow = (page: Page, name: string) => page.locator(`li[role="option"][data-name="${name}"]`);

/** A fresh browser context (no cache, no cookie) logged in to the served UI; resolves once `name` is listed. */
export async function openUi(
  browser: Browser,
  serve: Serve,
  name: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(serve.url);
  await listRow(page, name).waitFor({ state: 'visible', timeout: 60_000 });
  return { context, page };
}
