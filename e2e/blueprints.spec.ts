// Toolboxes made from a pasted blueprint in the window: what it makes and
// every command it runs as root are shown before anything runs; a blueprint
// with problems offers no Make; Make shows each step and ends with the toolbox.
import { expect, test } from './support/toolshed.js';
import { FIXTURE_IMAGE } from './support/server.js';
import { podman, removeContainers } from './support/podman.js';

const BOX = 'tsh-e2e-blueprint';
const exists = (name: string) => podman('ps', '--all', '--filter', `name=^${name}$`, '--format', '{{.Names}}') === name;

test.beforeEach(() => removeContainers(BOX));
test.afterAll(() => removeContainers(BOX));

test('a pasted blueprint is read first (root commands, what is not applied, problems), then made step by step', async ({ page, toolshed }) => {
  test.setTimeout(120_000);
  await toolshed.open(page);
  await page.getByRole('button', { name: 'From a blueprint…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Make toolboxes from a blueprint' });
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
