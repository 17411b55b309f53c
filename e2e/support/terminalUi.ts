// Terminal tabs as a user drives them: open one in a toolbox, type into it;
// and the processes they run, seen from the host.
import { expect, type Page } from '@playwright/test';
import { screenText } from './domRenderer.js';

export { pgrep } from '../../test/support/processes.js';

export const activePanel = (page: Page) => page.locator('.terminal-panel:not([hidden])');

export async function typeIntoTerminal(page: Page, text: string): Promise<void> {
  await activePanel(page).locator('.xterm-screen').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

export async function openTabIn(page: Page, container: string, { readable = true } = {}): Promise<void> {
  await page.locator(`li[role="option"][data-name="${container}"]`).click();
  await page
    .getByRole('region', { name: `Details of ${container}` })
    .getByRole('button', { name: 'Open terminal' })
    .click();
  await expect(page.getByRole('tab', { selected: true })).toContainText(container);
  await expect(activePanel(page)).toHaveAttribute('data-cols', /[0-9]+/);
  // a user types once the prompt is there (readable in the DOM renderer only)
  if (readable) await expect.poll(() => screenText(page)).toContain(']# ');
}
