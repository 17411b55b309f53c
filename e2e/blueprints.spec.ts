// Blueprints in the window: a pasted one, what it makes and every command it
// runs as root shown before anything runs (a blueprint with problems offers no
// Make), then made step by step; one opened from a file or fetched from a URL;
// a toolbox exported as one and saved as a file; a toolbox moved to the next
// release of the update fixture, with the package that release lacks listed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './support/toolshed.js';
import { FIXTURE_IMAGE } from './support/server.js';
import { podman, removeContainers } from './support/podman.js';
import { BENCH_PACKAGES, LEGACY_PACKAGE, NEXT_IMAGE, NEXT_VERSION_ID, UPDATE_IMAGE, ensureNextReleaseFixture } from '../test/support/updateFixture.js';

const BOX = 'tsh-e2e-blueprint';
const CARRIED = 'tsh-e2e-carried';
const CARRIED_OLD = 'tsh-e2e-carried-12';
const [PKG] = BENCH_PACKAGES as [string];
const exists = (name: string) => podman('ps', '--all', '--filter', `name=^${name}$`, '--format', '{{.Names}}') === name;
const snapshotImagesOf = (name: string) =>
  podman('images', '--filter', 'label=dev.toolshed.snapshot', '--format', '{{.Repository}} {{.ID}}')
    .split('\n')
    .filter((line) => line.split(' ')[0]!.endsWith(`/${name}`))
    .map((line) => line.split(' ')[1]!);

test.beforeEach(() => removeContainers(BOX, CARRIED, CARRIED_OLD));
test.afterAll(() => {
  removeContainers(BOX, CARRIED, CARRIED_OLD);
  for (const image of snapshotImagesOf(CARRIED)) podman('rmi', '--force', image);
});

const openBlueprintDialog = async (page: Page) => {
  await page.getByRole('button', { name: 'From a blueprint…' }).click();
  return page.getByRole('dialog', { name: 'Make toolboxes from a blueprint' });
};

/** A toolbox of the update fixture's old release, made by the toolbox CLI, with two packages its user installed. */
function makeCarried(): void {
  ensureNextReleaseFixture();
  execFileSync('toolbox', ['create', '--image', UPDATE_IMAGE, CARRIED], { stdio: 'pipe', cwd: '/tmp' });
  podman('start', CARRIED);
  podman(
    'exec',
    '--user',
    'root',
    CARRIED,
    'sh',
    '-c',
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${PKG} ${LEGACY_PACKAGE} >/dev/null`,
  );
}

test('a pasted blueprint is read first (root commands, what is not applied, problems), then made step by step', async ({ page, toolshed }) => {
  test.setTimeout(120_000);
  await toolshed.open(page);
  const dialog = await openBlueprintDialog(page);
  const text = dialog.getByLabel('Blueprint (a distrobox.ini works as it is)');

  await text.fill(`[${BOX}]\nimage=${FIXTURE_IMAGE}\npull=maybe\n`);
  await dialog.getByRole('button', { name: 'Read it' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Line 3: pull is true or false, not "maybe"');
  await expect(dialog.getByRole('button', { name: /^Make/ })).toHaveCount(0);

  await text.fill(`[${BOX}]\nimage=${FIXTURE_IMAGE}\ninit_hooks="echo made > /etc/tsh-e2e-blueprint"\nhome=/tmp/elsewhere\n`);
  await dialog.getByRole('button', { name: 'Read it' }).click();
  const reading = dialog.getByRole('region', { name: `Toolbox ${BOX}` });
  await expect(reading.locator('code.root-command')).toHaveText('echo made > /etc/tsh-e2e-blueprint');
  await expect(reading).toContainText('Not applied (line 4): home: a Toolbx container shares your home with the host');
  expect(exists(BOX)).toBe(false); // read only: nothing made yet

  await dialog.getByRole('button', { name: `Make ${BOX}` }).click();
  const steps = dialog.getByRole('list', { name: 'Steps' });
  await expect(steps).toContainText(`${BOX}: echo made > /etc/tsh-e2e-blueprint`, { timeout: 90_000 });
  await expect(steps).toContainText(`Made ${BOX}.`, { timeout: 90_000 });
  podman('start', BOX);
  expect(podman('exec', BOX, 'cat', '/etc/tsh-e2e-blueprint')).toBe('made');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator(`li[role="option"][data-name="${BOX}"]`)).toBeVisible();
});

test('a blueprint opened from a file, or fetched from a URL by the engine, is read at once; a URL that fails says why', async ({ page, toolshed }) => {
  const server = http.createServer((request, response) => {
    if (request.url === '/dev.ini') return void response.end(`[${BOX}]\nimage=${FIXTURE_IMAGE}\nadditional_packages="git make"\n`);
    response.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await toolshed.open(page);
    const dialog = await openBlueprintDialog(page);
    await dialog
      .getByLabel('Blueprint file')
      .setInputFiles({ name: 'from-disk.ini', mimeType: 'text/plain', buffer: Buffer.from(`[${BOX}]\nimage=${FIXTURE_IMAGE}\nhostname=fromdisk\n`) });
    await expect(dialog.getByLabel('Blueprint (a distrobox.ini works as it is): from-disk.ini')).toHaveValue(/hostname=fromdisk/);
    await expect(dialog.getByRole('region', { name: `Toolbox ${BOX}` })).toContainText('Hostname fromdisk');

    await dialog.getByLabel('or a URL').fill(`${base}/dev.ini`);
    await dialog.getByRole('button', { name: 'Fetch' }).click();
    await expect(dialog.getByRole('region', { name: `Toolbox ${BOX}` })).toContainText('Packages: git make');
    await expect(dialog.getByRole('button', { name: `Make ${BOX}` })).toBeEnabled();

    await dialog.getByLabel('or a URL').fill(`${base}/gone.ini`);
    await dialog.getByRole('button', { name: 'Fetch' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not fetch the blueprint' })).toContainText(
      `${base}/gone.ini: the server answered 404 Not Found.`,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(exists(BOX)).toBe(false);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a toolbox exported as a blueprint is shown whole and saved as a file; moved to the next release, it keeps its packages and the old one', async ({
  page,
  toolshed,
}) => {
  test.setTimeout(240_000);
  makeCarried();
  await toolshed.open(page);
  await page.locator(`li[role="option"][data-name="${CARRIED}"]`).click();
  const details = page.getByRole('region', { name: `Details of ${CARRIED}` });

  await details.getByRole('button', { name: 'Export as a blueprint…' }).click();
  const exporting = page.getByRole('dialog', { name: `${CARRIED} as a blueprint` });
  const text = exporting.getByLabel(new RegExp(`^${CARRIED}\\.ini: make it again`));
  await expect(text).toHaveValue(new RegExp(`\\[${CARRIED}\\]\\nimage=${UPDATE_IMAGE}\\nadditional_packages="${[PKG, LEGACY_PACKAGE].sort().join(' ')}"\\n`), {
    timeout: 60_000,
  });
  await expect(exporting).toContainText('2 packages you installed beyond the image (apt).');
  const download = page.waitForEvent('download');
  await exporting.getByRole('button', { name: 'Save as a file…' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe(`${CARRIED}.ini`);
  expect(readFileSync((await saved.path())!, 'utf8')).toBe(await text.inputValue());
  await exporting.getByRole('button', { name: 'Close' }).click();

  await details.getByRole('button', { name: 'Move to a new release…' }).click();
  const moving = page.getByRole('dialog', { name: `Move ${CARRIED} to a new release` });
  await moving.getByLabel('New image').fill(NEXT_IMAGE);
  await moving.getByLabel('Keep the old one as').fill(CARRIED);
  await expect(moving.getByText(`A container named "${CARRIED}" already exists: choose another name.`)).toBeVisible();
  await expect(moving.getByRole('button', { name: 'Move' })).toBeDisabled();
  await moving.getByLabel('Keep the old one as').fill(CARRIED_OLD);
  await moving.getByRole('button', { name: 'Move' }).click();
  const steps = moving.getByRole('list', { name: 'Steps' });
  await expect(steps).toContainText(`${CARRIED} is made from ${NEXT_IMAGE}; the old one is kept as ${CARRIED_OLD}.`, { timeout: 120_000 });
  await expect(moving.getByRole('note')).toHaveText(`Not in the new release: ${LEGACY_PACKAGE}.`);
  expect(podman('exec', CARRIED, 'sh', '-c', `. /etc/os-release; echo $VERSION_ID; cat /usr/share/${PKG}/version`)).toBe(`${NEXT_VERSION_ID}\n1.1`);
  expect(exists(CARRIED_OLD)).toBe(true);
  await moving.getByRole('button', { name: 'Close' }).click();
  await expect(page.locator(`li[role="option"][data-name="${CARRIED_OLD}"]`)).toBeVisible();
});
