// Host commands through the UI on real podman: the settings say the agent
// serves; a host program (podman, which the toolbox does not have) added in a
// toolbox's details from the keyboard runs the host's inside it; the command
// shows in the settings' recent host commands; removing the shim takes it away.
import type { Page } from '@playwright/test';
import { expect, test } from './support/toolshed.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { FIXTURE_IMAGE } from './support/server.js';
import { podman, removeContainers } from './support/podman.js';

const BOX = 'tsh-e2e-hostcmd';
const row = (page: Page) => page.locator(`li[role="option"][data-name="${BOX}"]`);
const hostPodman = execFileSync('podman', ['--version'], { encoding: 'utf8' }).trim();

test.beforeAll(() => {
  removeContainers(BOX);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { stdio: 'pipe', cwd: '/tmp' });
  podman('start', BOX);
});

test.afterAll(() => removeContainers(BOX));

test("a host program added in a toolbox's details runs the host's, shows in the recent host commands, and goes when removed", async ({ page, toolshed }) => {
  test.setTimeout(120_000);
  await toolshed.open(page);

  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog');
  await expect(settings.getByRole('checkbox', { name: /Let toolboxes run commands on the host/ })).toBeChecked();
  await expect(settings.getByText(/reach the host through .*host\.sock while Toolshed runs/)).toBeVisible();
  await page.keyboard.press('Escape');

  await row(page).click();
  const details = page.getByRole('region', { name: `Details of ${BOX}` });
  await details.getByRole('button', { name: `Show the host programs in ${BOX}…` }).click();
  await expect(details.getByText(`No host programs in ${BOX} yet`)).toBeVisible();
  const program = details.getByLabel('Run this host program inside the toolbox');
  // a bad name is refused as typed, nothing sent
  await program.fill('../podman');
  await expect(details.getByRole('alert').filter({ hasText: 'no "/"' })).toBeVisible();
  await expect(details.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  await program.fill('podman');
  await program.press('Enter');
  const shims = details.getByRole('list', { name: `Host programs in ${BOX}` });
  await expect(shims.getByText('podman', { exact: true })).toBeVisible();

  // inside the toolbox, podman is the host's (the toolbox has none of its own)
  const ran = spawnSync('podman', ['exec', BOX, 'podman', '--version'], { encoding: 'utf8', cwd: '/tmp' });
  expect(ran.stdout.trim()).toBe(hostPodman);

  // a 300-character command: its line wraps inside the dialog
  const long = `tsh-${'x'.repeat(296)}`;
  // (podman refuses a name that long: exit 125)
  expect(spawnSync('podman', ['exec', BOX, 'podman', 'image', 'exists', long], { encoding: 'utf8', cwd: '/tmp' }).status).toBe(125);

  await page.getByRole('button', { name: 'Settings' }).click();
  await settings.getByText(/Recent host commands/).click();
  await expect(settings.getByRole('listitem').filter({ hasText: 'podman --version' }).first()).toContainText('exit 0');
  // (the agent's log keeps the start of a long argument)
  const longLine = settings
    .getByRole('listitem')
    .filter({ hasText: `podman image exists ${long.slice(0, 100)}` })
    .first();
  await expect(longLine).toContainText('exit 125');
  const [dialogBox, lineBox] = await Promise.all([settings.boundingBox(), longLine.boundingBox()]);
  expect(lineBox!.x + lineBox!.width).toBeLessThanOrEqual(dialogBox!.x + dialogBox!.width);
  expect(await settings.evaluate((dialog) => dialog.scrollWidth <= dialog.clientWidth)).toBe(true);
  await page.keyboard.press('Escape');

  await details.getByRole('button', { name: 'Remove the host program podman' }).click();
  await expect(details.getByText(`No host programs in ${BOX} yet`)).toBeVisible();
  expect(spawnSync('podman', ['exec', BOX, 'sh', '-c', 'command -v podman'], { cwd: '/tmp' }).status).not.toBe(0);
});
