// A pet's life after creation, through the UI on real podman: the setup of a
// toolbox the CLI made edited (what is installed in it kept), a snapshot taken
// from the keyboard and restored (with a snapshot of the present first), and
// the toolbox removed with its snapshots, each step confirmed first.
import type { Page } from '@playwright/test';
import { closeAllTerminals, expect, test } from './support/toolshed.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE_IMAGE } from './support/server.js';
import { parseHumanSize } from '../shared/domain/units.js';
import { containerState, podman, removeContainers } from './support/podman.js';
import { docsScreenshot } from './support/screenshots.js';
import { screenText, withoutWebGL } from './support/domRenderer.js';
import { openTabIn, typeIntoTerminal } from './support/terminalUi.js';

const PET = 'tsh-e2e-pet';
/** The ids of the snapshot images of a toolbox. */
const snapshotImagesOf = (name: string) =>
  podman('images', '--filter', 'label=dev.toolshed.snapshot', '--format', '{{.Repository}} {{.ID}}')
    .split('\n')
    .filter((line) => line.split(' ')[0]!.endsWith(`/${name}`))
    .map((line) => line.split(' ')[1]!);
const row = (page: Page) => page.locator(`li[role="option"][data-name="${PET}"]`);
const inPet = (script: string) => podman('exec', PET, 'sh', '-c', script);

test.beforeAll(() => {
  removeContainers(PET);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, PET], { stdio: 'pipe', cwd: '/tmp' });
  execFileSync('toolbox', ['run', '-c', PET, 'sh', '-c', 'echo kept > /etc/tsh-kept'], { stdio: 'pipe', cwd: '/tmp' });
});

test.afterAll(() => {
  removeContainers(PET);
  for (const image of snapshotImagesOf(PET)) podman('rmi', '--force', image);
});

test('edit the setup, snapshot, restore and remove with snapshots, each confirmed', async ({ page, toolshed }) => {
  test.setTimeout(180_000);
  await toolshed.open(page);
  await row(page).click();
  const details = page.getByRole('region', { name: `Details of ${PET}` });
  await expect(details.getByText('No snapshots yet.')).toBeVisible();

  // Edit setup: a variable added, the change named, then confirmed
  await details.getByRole('button', { name: 'Edit setup…' }).click();
  const editor = page.getByRole('dialog', { name: `Setup of ${PET}` });
  // a folder that does not exist is said as it is typed, and Apply waits
  await editor.getByRole('button', { name: 'Add a folder' }).click();
  await editor.getByLabel('Host folder 1', { exact: true }).fill('/tsh-e2e-no-such-folder');
  await editor.getByLabel('Path in the toolbox 1').fill('/opt/nowhere');
  await expect(editor.getByRole('alert')).toHaveText('/tsh-e2e-no-such-folder does not exist on this machine.');
  await expect(editor.getByRole('button', { name: 'Apply…' })).toBeDisabled();
  // one gone between the typing and Apply: the engine's refusal shows in the dialog, beside that folder
  const vanishing = mkdtempSync(path.join(os.tmpdir(), 'tsh-e2e-vanishing-'));
  await editor.getByLabel('Host folder 1', { exact: true }).fill(vanishing);
  await expect(editor.getByRole('alert')).toHaveCount(0);
  rmSync(vanishing, { recursive: true });
  await editor.getByRole('button', { name: 'Apply…' }).click();
  await page
    .getByRole('dialog', { name: `Apply the new setup to ${PET}?` })
    .getByRole('button', { name: 'Apply' })
    .click();
  await expect(
    editor.getByRole('alert').filter({ hasText: `The setup of ${PET} was not changed: ${vanishing} does not exist on this machine.` }),
  ).toBeVisible();
  await expect(editor.getByRole('alert').filter({ hasText: new RegExp(`^${vanishing} does not exist on this machine\\.$`) })).toBeVisible();
  await expect(editor.getByRole('button', { name: 'Apply…' })).toBeDisabled();
  await editor.getByRole('button', { name: 'Remove folder 1' }).click();
  await expect(editor.getByRole('alert')).toHaveCount(0);

  await editor.getByRole('button', { name: 'Add a variable' }).click();
  await editor.getByLabel('Variable name 1').fill('TSH_E2E_VAR');
  await editor.getByLabel('Variable value 1').fill('from the editor');
  await expect(editor.getByRole('list', { name: 'Changes' })).toHaveText('+ variable TSH_E2E_VAR=from the editor');
  await docsScreenshot(page, 'screenshot-setup.png');
  await editor.getByRole('button', { name: 'Apply…' }).click();
  const confirm = page.getByRole('dialog', { name: `Apply the new setup to ${PET}?` });
  await expect(confirm).toContainText('Your home folder is on the host and is not touched');
  await confirm.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(`${PET} has its new setup.`)).toBeVisible({ timeout: 90_000 });
  await expect(editor).toHaveCount(0);
  expect(containerState(PET)).toBe('running');
  expect(inPet('cat /etc/tsh-kept; printenv TSH_E2E_VAR')).toBe('kept\nfrom the editor');
  const details2 = page.getByRole('region', { name: `Details of ${PET}` });
  await expect(details2.getByRole('table', { name: `Snapshots of ${PET}` })).toContainText('Before the setup edit');

  // a snapshot, from the keyboard
  await details2.getByRole('button', { name: 'Take snapshot…' }).click();
  await page.getByLabel('Snapshot name').fill('clean');
  await page.getByLabel('Snapshot name').press('Enter');
  await expect(details2.getByRole('table', { name: `Snapshots of ${PET}` })).toContainText('clean', { timeout: 60_000 });

  // something changes, then the snapshot is restored (a snapshot of the present taken first)
  inPet('echo later > /etc/tsh-later');
  await details2.getByRole('button', { name: 'Restore "clean"' }).click();
  const restore = page.getByRole('dialog', { name: `Restore ${PET} to "clean"?` });
  await expect(restore.getByLabel(`Take a snapshot of ${PET} as it is now first`)).toBeChecked();
  await restore.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText(`${PET} is back to "clean".`)).toBeVisible({ timeout: 90_000 });
  expect(inPet('test -e /etc/tsh-later && echo still || echo gone; cat /etc/tsh-kept')).toBe('gone\nkept');
  const details3 = page.getByRole('region', { name: `Details of ${PET}` });
  await expect(details3.getByRole('table', { name: `Snapshots of ${PET}` })).toContainText('Before restoring "clean"');
  expect(snapshotImagesOf(PET)).toHaveLength(3);
  // what each adds, counted once: far less than three whole images
  const summary = details3.getByText(/^3 snapshots, .* on disk/);
  await expect(summary).toBeVisible();
  expect(parseHumanSize(/, (.*) on disk/.exec((await summary.textContent()) ?? '')?.[1] ?? '')).toBeLessThan(20e6);

  // pruned by age: none is old enough yet, said before anything runs
  await summary.getByRole('button', { name: 'Delete old…' }).click();
  await page.getByLabel('Delete snapshots older than (days)').fill('1');
  await expect(details3.getByRole('alert')).toHaveText('Nothing to delete: none is older than 1 day.');
  await page.getByLabel('Delete snapshots older than (days)').press('Escape');
  // older snapshots pruned: the newest two kept, the one to go named first
  await summary.getByRole('button', { name: 'Keep the newest…' }).click();
  await page.getByLabel('Snapshots to keep (the newest)').fill('2');
  await page.getByLabel('Snapshots to keep (the newest)').press('Enter');
  const prune = page.getByRole('dialog', { name: `Delete 1 older snapshot of ${PET}?` });
  await expect(prune).toContainText('"Before the setup edit, ');
  await prune.getByRole('button', { name: 'Delete 1' }).click();
  await expect(page.getByText(`Deleted 1 snapshot of ${PET}.`)).toBeVisible({ timeout: 60_000 });
  await expect(details3.getByRole('table', { name: `Snapshots of ${PET}` })).not.toContainText('Before the setup edit');
  expect(snapshotImagesOf(PET)).toHaveLength(2);

  // removed with its snapshots: both choices are the user's
  await details3.getByRole('button', { name: 'Remove…' }).click();
  const remove = page.getByRole('dialog', { name: `Remove ${PET}?` });
  await remove.getByLabel(`${PET} is running: stop it and remove it`).check();
  await remove.getByLabel(/^Also delete its 2 snapshots/).check();
  await remove.getByRole('button', { name: `Remove ${PET}` }).click();
  await expect(page.getByText(`Removed ${PET} and 2 snapshots.`)).toBeVisible({ timeout: 60_000 });
  expect(containerState(PET)).toBeUndefined();
  expect(snapshotImagesOf(PET)).toEqual([]);
});

test('back up to a file, then restore it under a new name: what it holds is shown and confirmed first; a file that is no backup is refused in the dialog', async ({
  page,
  toolshed,
}) => {
  test.setTimeout(180_000);
  const SOURCE = 'tsh-e2e-bak';
  const RESTORED = 'tsh-e2e-bak-restored';
  const folder = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-backup-'));
  const file = path.join(folder, 'bak.tar');
  removeContainers(SOURCE, RESTORED);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, SOURCE], { stdio: 'pipe', cwd: '/tmp' });
  execFileSync('toolbox', ['run', '-c', SOURCE, 'sh', '-c', 'echo from-the-backup > /etc/tsh-backed-up'], { stdio: 'pipe', cwd: '/tmp' });
  try {
    await toolshed.open(page);
    await page.locator(`li[role="option"][data-name="${SOURCE}"]`).click();
    const details = page.getByRole('region', { name: `Details of ${SOURCE}` });
    await details.getByRole('button', { name: 'Back up to a file…' }).click();
    // the desktop's file chooser beside the field; a browser's files are not this machine's: none there
    await expect(details.getByRole('button', { name: 'Choose where to write the backup' })).toHaveCount(toolshed.kind === 'desktop' ? 1 : 0);
    // checked as typed: a folder that does not exist, a file that does
    await details.getByLabel('Backup file (on this machine)').fill(path.join(folder, 'no-such-folder', 'bak.tar'));
    await expect(details.getByRole('alert')).toHaveText(`The folder ${path.join(folder, 'no-such-folder')} does not exist.`);
    await expect(details.getByRole('button', { name: 'Back up', exact: true })).toBeDisabled();
    writeFileSync(path.join(folder, 'taken.tar'), '');
    await details.getByLabel('Backup file (on this machine)').fill(path.join(folder, 'taken.tar'));
    await expect(details.getByRole('alert')).toHaveText(
      `${path.join(folder, 'taken.tar')} already exists: Toolshed never overwrites a file; choose another name.`,
    );
    await details.getByLabel('Backup file (on this machine)').fill(file);
    await expect(details.getByRole('alert')).toHaveText('');
    await details.getByRole('button', { name: 'Back up', exact: true }).click();
    await expect(page.getByText(`${SOURCE} is backed up to ${file}`)).toBeVisible({ timeout: 90_000 });

    // a file that is no backup: said in the dialog, nothing restored
    const notBackup = path.join(folder, 'notes.txt');
    writeFileSync(notBackup, 'hello');
    await page.getByRole('button', { name: 'Restore backup…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' });
    await dialog.getByLabel('Backup file (on this machine)').fill(path.join(folder, 'missing.tar'));
    await expect(dialog.getByRole('alert')).toHaveText(`There is no file ${path.join(folder, 'missing.tar')}.`);
    await dialog.getByLabel('Backup file (on this machine)').fill(notBackup);
    await dialog.getByLabel('Name of the restored toolbox').fill(RESTORED);
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await expect(dialog.getByRole('alert')).toContainText(`${notBackup} is not a Toolshed backup`);

    await dialog.getByLabel('Backup file (on this machine)').fill(file);
    await dialog.getByRole('button', { name: 'Restore' }).click();
    const confirm = page.getByRole('dialog', { name: `Restore ${RESTORED} from this backup?` });
    await expect(confirm).toContainText(`A backup of ${SOURCE} from`);
    await expect(confirm).toContainText('Its setup adds no folders and no variables.');
    await confirm.getByRole('button', { name: 'Restore' }).click();
    await expect(page.getByText(`${RESTORED} is restored from ${file}.`)).toBeVisible({ timeout: 90_000 });
    await expect(page.locator(`li[role="option"][data-name="${RESTORED}"]`)).toBeVisible();
    expect(podman('exec', RESTORED, 'cat', '/etc/tsh-backed-up')).toBe('from-the-backup');
  } finally {
    removeContainers(SOURCE, RESTORED);
    for (const image of podman('images', '--format', '{{.ID}}', '--filter', `reference=localhost/toolshed-backups/${RESTORED}`).split('\n').filter(Boolean))
      podman('rmi', '--force', image);
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a tab follows its toolbox through Edit setup: reopened in place, in the folder it was in, saying why', async ({ page, toolshed }) => {
  test.setTimeout(180_000);
  const FOLLOW = 'tsh-e2e-follow';
  removeContainers(FOLLOW);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, FOLLOW], { stdio: 'pipe', cwd: '/tmp' });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'tsh-follow-'));
  // the test reads the screen: xterm draws with its DOM renderer
  await withoutWebGL(page);
  try {
    await toolshed.open(page);
    await openTabIn(page, FOLLOW);
    await typeIntoTerminal(page, `cd ${folder}`);
    await typeIntoTerminal(page, 'echo before-$((6*7))');
    await expect.poll(() => screenText(page)).toContain('before-42');
    const tabsBefore = await page.getByRole('tab').count();

    const details = page.getByRole('region', { name: `Details of ${FOLLOW}` });
    await details.getByRole('button', { name: 'Edit setup…' }).click();
    const editor = page.getByRole('dialog', { name: `Setup of ${FOLLOW}` });
    await editor.getByRole('button', { name: 'Add a variable' }).click();
    await editor.getByLabel('Variable name 1').fill('TSH_FOLLOW');
    await editor.getByLabel('Variable value 1').fill('new-setup');
    await editor.getByRole('button', { name: 'Apply…' }).click();
    const confirm = page.getByRole('dialog', { name: `Apply the new setup to ${FOLLOW}?` });
    await expect(confirm).toContainText('its tabs open again in the new one, in the folder they were in');
    await confirm.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText(`${FOLLOW} has its new setup.`)).toBeVisible({ timeout: 90_000 });

    // the same number of tabs, the active one in the toolbox (never under the name it was parked under)
    await expect(page.getByRole('tab')).toHaveCount(tabsBefore);
    await expect(page.getByRole('tab', { selected: true })).toContainText(FOLLOW);
    await expect(page.getByRole('tab', { selected: true })).not.toContainText('toolshed-old');
    await expect.poll(() => screenText(page), { timeout: 30_000 }).toContain(`${FOLLOW} was made again (the setup edit): this tab opened in it anew.`);
    await expect.poll(() => screenText(page)).toMatch(/[#$] *$/m);
    await typeIntoTerminal(page, 'echo "at=$(pwd) var=$TSH_FOLLOW"');
    await expect.poll(() => screenText(page)).toContain(`at=${folder} var=new-setup`);
  } finally {
    await closeAllTerminals(toolshed).catch(() => undefined);
    removeContainers(FOLLOW);
    for (const image of snapshotImagesOf(FOLLOW)) podman('rmi', '--force', image);
    rmSync(folder, { recursive: true, force: true });
  }
});
