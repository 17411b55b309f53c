// The settings screen: every setting of settings.json, validated as typed,
// saved for the next create and taken by the terminals at once; a saved file
// with a bad or unknown key says so and keeps the rest.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, showUi, startAnother, test, type Toolshed } from './support/toolshed.js';

let instance: Toolshed;
const configHome = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-settings-'));
const configFile = path.join(configHome, 'toolshed', 'settings.json');

test.beforeAll(async ({ toolshed }) => {
  mkdirSync(path.dirname(configFile), { recursive: true });
  writeFileSync(configFile, JSON.stringify({ terminalFontSize: 17, hostname: 'not valid!', fromTheFuture: true }));
  instance = await startAnother(toolshed.kind, { env: { XDG_CONFIG_HOME: configHome, XDG_STATE_HOME: path.join(configHome, 'state') } });
});
test.afterAll(async () => {
  await instance.stop();
  rmSync(configHome, { recursive: true, force: true });
});

test('settings: problems of the saved file shown, values checked as typed, saved with Enter; opened with Ctrl+,', async ({ page: pageOfTheSuite }) => {
  const { page, close } = await showUi(instance, pageOfTheSuite);
  try {
    await expect(page.getByText(/podman .* · (root|rootless)/)).toBeVisible();
    await page.keyboard.press('Control+Comma');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('alert').first()).toContainText('"hostname"');
    await expect(dialog).toContainText('"fromTheFuture" is not a setting');
    // the valid key survived the bad one
    await expect(dialog.getByLabel('Font size')).toHaveValue('17');
    await expect(dialog.getByLabel('Hostname inside new toolboxes')).toHaveValue('');

    await dialog.getByLabel('Font size').fill('99');
    await expect(dialog.getByText('a font size is at most 48')).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
    await dialog.getByLabel('Hostname inside new toolboxes').fill('my box');
    await expect(dialog.getByLabel('Hostname inside new toolboxes')).toHaveAttribute('aria-invalid', 'true');

    await dialog.getByLabel('Font size').fill('16');
    await dialog.getByLabel('Hostname inside new toolboxes').fill('devbox');
    await dialog.getByLabel('Hostname inside new toolboxes').press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    const saved = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ terminalFontSize: 16, hostname: 'devbox', fromTheFuture: true });
    expect(readFileSync(`${configFile}.bak`, 'utf8')).toContain('not valid!');

    // Escape closes without saving
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(dialog.getByLabel('Font size')).toHaveValue('16');
    await dialog.getByLabel('Font size').fill('30');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(JSON.parse(readFileSync(configFile, 'utf8'))).toMatchObject({ terminalFontSize: 16 });
  } finally {
    await close();
  }
});
