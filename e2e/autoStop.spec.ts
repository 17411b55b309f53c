// A toolbox that stops when nobody uses it, in the window: its own auto-stop
// set in its details (minutes, here a few seconds), its row counting down once
// its last tab has closed, then stopped. An instance of its own: the policy is
// a setting, and the suite's other toolboxes must not stop.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, showUi, startAnother, test, type Toolshed } from './support/toolshed.js';
import { FIXTURE_IMAGE } from './support/server.js';
import { removeContainers } from './support/podman.js';
import { openTabIn, pgrep } from './support/terminalUi.js';

const BOX = 'tsh-e2e-autostop';
let instance: Toolshed;
const home = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-autostop-'));

test.beforeAll(async ({ toolshed }) => {
  removeContainers(BOX);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { stdio: 'pipe', cwd: '/tmp' });
  instance = await startAnother(toolshed.kind, { env: { XDG_CONFIG_HOME: home, XDG_STATE_HOME: path.join(home, 'state') } });
});
test.afterAll(async () => {
  await instance?.stop();
  removeContainers(BOX);
  rmSync(home, { recursive: true, force: true });
});

test('a toolbox set to stop 3 s after its last session counts down in its row once its tab closes, then stops', async ({ page: pageOfTheSuite }) => {
  test.setTimeout(90_000);
  const { page, close } = await showUi(instance, pageOfTheSuite);
  try {
    await page.locator(`li[role="option"][data-name="${BOX}"]`).click();
    const section = page.getByRole('region', { name: 'When nobody uses it' });
    await expect(section.getByLabel(`Stop ${BOX}`)).toHaveValue('default');
    await expect(section.getByRole('option', { name: 'as in Settings (never)' })).toBeAttached();
    await section.getByLabel(`Stop ${BOX}`).selectOption('after');
    await section.getByLabel('Minutes after its last session').fill('0');
    await expect(section.getByText('From 0.02 minutes (a second) to a week.')).toBeVisible();
    await section.getByLabel('Minutes after its last session').fill('0.05');
    await section.getByRole('button', { name: 'Save' }).click();
    await expect(section.getByRole('status')).toHaveText('Saved.');

    // the shell is there once toolbox run has started it (the window may draw with WebGL: its screen is not read here)
    await openTabIn(page, BOX, { readable: false });
    await expect.poll(() => pgrep(`toolbox run --container ${BOX} `).length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => pgrep(`podman (--log-level [a-z]+ )?exec .* ${BOX} capsh `).length, { timeout: 30_000 }).toBe(1);
    const row = page.locator(`li[role="option"][data-name="${BOX}"]`);
    await expect(row).toHaveAttribute('data-state', 'running');
    await page
      .getByRole('tab', { selected: true })
      .getByRole('button', { name: /^Close/ })
      .click();
    await expect(row.locator('.auto-stop')).toHaveText(/^, stops in [0-3] s$/, { timeout: 10_000 });
    await expect(row).toHaveAttribute('data-state', 'exited', { timeout: 15_000 });
    await expect(row.locator('.auto-stop')).toHaveCount(0);
  } finally {
    await close();
  }
});
