// The settings screen: every setting of settings.json, validated as typed,
// saved for the next create and taken by the terminals at once; a saved file
// with a bad or unknown key says so and keeps the rest.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startServe, type Serve } from '../test/support/serve.js';

let serve: Serve & { configFile: string };

test.beforeAll(async () => {
  serve = await startServe({ settings: JSON.stringify({ terminalFontSize: 17, hostname: 'not valid!', fromTheFuture: true }) });
});
test.afterAll(async () => {
  await serve.stop();
});

test('settings: problems of the saved file shown, values checked as typed, saved with Enter; opened with Ctrl+,', async ({ page }) => {
  await page.goto(serve.url);
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
  const saved = JSON.parse(readFileSync(serve.configFile, 'utf8')) as Record<string, unknown>;
  expect(saved).toMatchObject({ terminalFontSize: 16, hostname: 'devbox', fromTheFuture: true });
  expect(readFileSync(`${serve.configFile}.bak`, 'utf8')).toContain('not valid!');

  // Escape closes without saving
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Font size')).toHaveValue('16');
  await dialog.getByLabel('Font size').fill('30');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(JSON.parse(readFileSync(serve.configFile, 'utf8'))).toMatchObject({ terminalFontSize: 16 });
});
