// The update centre through the UI, offline on real podman: toolboxes (made by
// the toolbox CLI) from the update fixture, which have tsh-demo 1.0 installed
// and 2.0 in their local repository. A check shows the count on the row;
// Upgrade opens a tab where the user answers apt, which ends with the package
// upgraded and the row up to date; Upgrade all upgrades two in their own tabs
// and sums up.
import type { Page } from '@playwright/test';
import { expect, test } from './support/toolshed.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_IMAGE } from './support/server.js';
import { podman, removeContainers } from './support/podman.js';
import { screenText, withoutWebGL } from './support/domRenderer.js';
import { DEMO_PACKAGE, NEW_VERSION, UPDATE_IMAGE, ensureUpdateFixture } from '../test/support/updateFixture.js';

const ONE = 'tsh-e2e-upd-one';
const TWO = 'tsh-e2e-upd-two';
const THREE = 'tsh-e2e-upd-three';
const row = (page: Page, name: string) => page.locator(`li[role="option"][data-name="${name}"]`);
const details = (page: Page, name: string) => page.getByRole('region', { name: `Details of ${name}` });
const installed = (name: string) => podman('exec', name, 'dpkg-query', '--showformat=${Version}', '--show', DEMO_PACKAGE);

async function checkNow(page: Page, name: string): Promise<void> {
  await row(page, name).click();
  await details(page, name).getByRole('button', { name: 'Check for updates' }).click();
  await expect(row(page, name).getByLabel('1 update pending')).toBeVisible({ timeout: 60_000 });
}

/** apt asks before it upgrades: once it does, answer in the tab, as a user would. */
async function answerYes(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tab', { name: new RegExp(`Upgrade ${name}`) });
  await tab.click();
  await expect.poll(() => screenText(page), { timeout: 60_000 }).toContain('Do you want to continue? [Y/n]');
  await page.locator('.terminal-panel:not([hidden]) .xterm-screen').click();
  await page.keyboard.type('y');
  await page.keyboard.press('Enter');
  // another upgrade opening meanwhile stays behind: the answer went here
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect(tab)
    .toContainText('exited 0', { timeout: 60_000 })
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\nThe tab's screen:\n${await screenText(page)}`);
    });
}

test.beforeAll(() => {
  ensureUpdateFixture();
  removeContainers(ONE, TWO, THREE);
  for (const name of [ONE, TWO, THREE]) execFileSync('toolbox', ['create', '--image', UPDATE_IMAGE, name], { stdio: 'pipe', cwd: '/tmp' });
});

test.afterAll(() => removeContainers(ONE, TWO, THREE));

// the tabs' screens are read (apt's question): xterm draws them with its DOM renderer
test.beforeEach(({ page }) => withoutWebGL(page));

test('a check shows the count; Upgrade runs in a tab that ends with the package upgraded', async ({ page, toolshed }) => {
  test.setTimeout(180_000);
  await toolshed.open(page);
  await checkNow(page, ONE);
  await details(page, ONE).getByText('What would be upgraded').click();
  await expect(details(page, ONE).getByRole('list', { name: `Pending updates of ${ONE}` })).toContainText(`${DEMO_PACKAGE} 1.0 → 2.0`);

  await details(page, ONE).getByRole('button', { name: 'Upgrade…' }).click();
  await answerYes(page, ONE);
  expect(installed(ONE)).toBe(NEW_VERSION);
  // the engine checks again when the upgrade's tab ends
  await expect(details(page, ONE).getByText(/^Up to date \(apt/)).toBeVisible({ timeout: 60_000 });
  await expect(row(page, ONE).getByLabel(/update pending/)).toHaveCount(0);
});

test('Upgrade all upgrades two toolboxes in their own tabs and sums up', async ({ page, toolshed }) => {
  test.setTimeout(240_000);
  await toolshed.open(page);
  await checkNow(page, TWO);
  await checkNow(page, THREE);

  await page.getByRole('button', { name: 'Upgrade all…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade all' });
  await expect(dialog.getByRole('checkbox', { name: new RegExp(`^${TWO}`) })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: new RegExp(`^${THREE}`) })).toBeChecked();
  // the check button says which toolboxes it would check
  const checkButton = dialog.getByRole('button', { name: /^Check .+ for updates now$/ });
  for (const name of [TWO, THREE]) await expect(checkButton).toHaveAttribute('title', new RegExp(`(^|, )${name}(,|$)`));
  await dialog.getByRole('button', { name: 'Upgrade 2' }).click();

  await answerYes(page, TWO);
  await answerYes(page, THREE);
  await expect(dialog.getByRole('status')).toHaveText('2 upgraded, 0 failed.', { timeout: 60_000 });
  expect([installed(TWO), installed(THREE)]).toEqual([NEW_VERSION, NEW_VERSION]);
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('a report of 100 000 pending updates reaches the page without closing it: the whole count, the first names', async ({ page, toolshed }) => {
  test.setTimeout(180_000);
  const MANY = 'tsh-e2e-upd-many';
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tsh-e2e-many-'));
  removeContainers(MANY);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, MANY], { stdio: 'pipe', cwd: '/tmp' });
  try {
    // the toolbox's apt-get shadowed in /usr/local/bin (first on root's PATH): its simulated upgrade
    // prints 100 000 upgrades in apt's own format (~8 MB), as a machine far behind its mirror would
    const aptGet = path.join(scratch, 'apt-get');
    writeFileSync(
      aptGet,
      '#!/bin/sh\ncase " $* " in *" -s "*) awk \'BEGIN { for (i = 0; i < 100000; i++) printf "Inst tsh-many-%06d [1.0-1] (1.0-2 Debian:12/stable [amd64])\\n", i }\' ;; esac\nexit 0\n',
      { mode: 0o755 },
    );
    podman('cp', aptGet, `${MANY}:/usr/local/bin/apt-get`);
    await toolshed.open(page);
    await row(page, MANY).click();
    await details(page, MANY).getByRole('button', { name: 'Check for updates' }).click();
    await expect(row(page, MANY).getByLabel('100000 updates pending')).toBeVisible({ timeout: 90_000 });
    await expect(details(page, MANY).getByText(/^100000 updates pending \(apt, checked/)).toBeVisible();
    await details(page, MANY).getByText('What would be upgraded').click();
    const names = details(page, MANY).getByRole('list', { name: `Pending updates of ${MANY}` });
    await expect(names.getByRole('listitem').first()).toHaveText('tsh-many-000000 1.0-1 → 1.0-2');
    await expect(names.getByRole('listitem').last()).toHaveText('and 99500 more');
    // the window kept its connection: no loss said, and a call still answers
    await expect(page.getByText(/connection to Toolshed was lost/)).toHaveCount(0);
    expect((await toolshed.call('listUpdates', {})).find((report) => report.container === MANY)?.pendingCount).toBe(100_000);
  } finally {
    removeContainers(MANY);
    rmSync(scratch, { recursive: true, force: true });
  }
});
