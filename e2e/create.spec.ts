// The create wizard in the served UI against real podman: bad input is refused
// inline with the reason, a toolbox is made from the local fixture image with
// each step shown and ends up running in the list with a terminal tab open in
// it, and a catalogue image that cannot be pulled here (no network) fails
// clearly and leaves nothing behind.
import type { Page } from '@playwright/test';
import { expect, test, type Toolshed } from './support/toolshed.js';
import { FIXTURE_IMAGE } from './support/server.js';
import { containerState, podman, removeContainers } from './support/podman.js';
import { docsScreenshot } from './support/screenshots.js';

const CREATED = 'tsh-wiz-e2e';
const UNPULLABLE = 'tsh-wiz-e2e-net';
const TAKEN = 'tsh-wiz-e2e-taken';

test.beforeAll(() => {
  removeContainers(CREATED, UNPULLABLE, TAKEN);
  podman('create', '--name', TAKEN, '--label', 'com.github.containers.toolbox=false', FIXTURE_IMAGE, 'sleep', 'infinity');
});

test.afterAll(() => removeContainers(CREATED, UNPULLABLE, TAKEN));

// tall enough for the whole picker in the screenshots
test.use({ viewport: { width: 1280, height: 860 } });

const row = (page: Page, name: string) => page.locator(`li[role="option"][data-name="${name}"]`);

async function openWizard(page: Page, toolshed: Toolshed) {
  await toolshed.open(page);
  // only this spec's containers behind the dialog (other suites share this podman)
  await page.getByLabel('Filter containers by name, distro or state').fill('tsh-wiz-e2e');
  await expect(page.getByText('Loading containers…')).toBeHidden();
  await page.getByRole('button', { name: 'Create toolbox…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a toolbox' });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('refuses a bad name and a bad image reference inline, with the reason', async ({ page, toolshed }) => {
  const dialog = await openWizard(page, toolshed);
  // the host's default (Debian 12 here) is chosen, with Toolbx's default name
  await expect(dialog.getByRole('radio', { name: /Debian/ })).toBeChecked();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('debian-toolbox-12');
  await expect(dialog.getByText('quay.io/toolbx-images/debian-toolbox:12')).toBeVisible();
  await dialog.getByLabel('Ubuntu release').selectOption('22.04');
  await expect(dialog.getByRole('radio', { name: /Ubuntu/ })).toBeChecked();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('ubuntu-toolbox-22.04');
  await docsScreenshot(page, 'screenshot-picker.png');

  const name = dialog.getByLabel('Name', { exact: true });
  const create = dialog.getByRole('button', { name: 'Create', exact: true });
  await name.fill('bad name;');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert').filter({ hasText: 'A name may contain only letters, digits' })).toContainText('(not a space)');
  await expect(create).toBeDisabled();
  await name.fill('-leading-dash');
  await expect(dialog.getByRole('alert').filter({ hasText: 'starts with a letter or a digit' })).toBeVisible();
  await name.fill(TAKEN);
  await expect(dialog.getByRole('alert').filter({ hasText: `A container named "${TAKEN}" already exists` })).toBeVisible();
  await expect(create).toBeDisabled();
  await name.fill('tsh-wiz-e2e-unused');
  await expect(create).toBeEnabled();

  await dialog.getByRole('tab', { name: 'Other image' }).click();
  const reference = dialog.getByLabel('Image reference');
  await reference.fill('quay.io/Toolbx/ubuntu-toolbox:24.04');
  await expect(reference).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert').filter({ hasText: 'Repository names are lowercase: "Toolbx" has capital letters.' })).toBeVisible();
  await expect(create).toBeDisabled();
  await reference.fill('quay.io/toolbx/ubuntu-toolbox:');
  await expect(dialog.getByRole('alert').filter({ hasText: 'The tag after ":" is empty.' })).toBeVisible();
  await reference.fill('quay.io/toolbx/ubuntu-toolbox@sha256:123');
  await expect(dialog.getByRole('alert').filter({ hasText: 'is not "algorithm:hex"' })).toBeVisible();
  await expect(create).toBeDisabled();
  await reference.fill('registry.example.org/team/dev-toolbox:1.0');
  await expect(dialog.getByText('Will be pulled from registry.example.org.')).toBeVisible();
  await expect(create).toBeEnabled();

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(containerState('tsh-wiz-e2e-unused')).toBeUndefined();
});

test('creates a toolbox from the local fixture image, showing each step, lists it running and opens a terminal in it', async ({ page, toolshed }) => {
  // Served, the reply to createToolbox and its "done" event are held back
  // until the steps have been checked and photographed, so the in-progress
  // view is seen however fast this machine creates. The desktop app's IPC has
  // no such hook: there the test checks what the create ends with.
  const served = toolshed.kind === 'served';
  let createCallId: number | undefined;
  const held: string[] = [];
  let holding = true;
  let release: (() => void) | undefined;
  if (served)
    await page.routeWebSocket(/\/ws$/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const call = JSON.parse(String(message)) as { id: number; method: string };
        if (call.method === 'createToolbox') createCallId = call.id;
        server.send(message);
      });
      server.onMessage((message) => {
        const data = JSON.parse(String(message)) as { id?: number; event?: string; payload?: { step?: string } };
        const isDone = data.event === 'operationProgress' && data.payload?.step === 'done';
        if (holding && createCallId !== undefined && (data.id === createCallId || isDone)) held.push(String(message));
        else ws.send(message);
      });
      release = () => {
        holding = false;
        for (const message of held.splice(0)) ws.send(message);
      };
    });

  const dialog = await openWizard(page, toolshed);
  await dialog.getByRole('tab', { name: 'On this machine' }).click();
  const fixture = dialog.locator(`label.image-row[data-reference="${FIXTURE_IMAGE}"]`);
  await expect(fixture).toContainText('downloaded');
  await expect(fixture).toContainText('debian 12');
  await fixture.getByRole('radio').check();
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('toolshed-fixture-bookworm');
  await dialog.getByLabel('Name', { exact: true }).fill(CREATED);
  await expect(dialog.getByText(`${FIXTURE_IMAGE} — already downloaded`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();

  const running = page.getByRole('dialog', { name: `Creating ${CREATED}` });
  const steps = running.getByRole('list', { name: 'Steps' });
  const step = (id: string) => steps.locator(`li[data-step="${id}"]`);
  if (served) {
    await expect(step('init')).toHaveAttribute('data-state', 'active', { timeout: 60_000 });
    await expect(step('pull')).toHaveAttribute('data-state', 'skipped');
    await expect(step('pull')).toContainText('already on this machine');
    await expect(step('create')).toHaveAttribute('data-state', 'done');
    await expect(step('create')).toContainText(`Creating ${CREATED} from ${FIXTURE_IMAGE}`);
    await expect(step('start')).toHaveAttribute('data-state', 'done');
    await expect(step('init')).toContainText('Setting up the container');
    await expect(running.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    // the engine has finished (its answer is held): every init log line it sent is on screen
    await expect.poll(() => held.length).toBeGreaterThan(0);
    await docsScreenshot(page, 'screenshot-create.png');
    release?.();
  }

  await expect(running).toBeHidden();
  await expect(row(page, CREATED)).toHaveAttribute('data-state', 'running');
  await expect(row(page, CREATED)).toHaveAttribute('aria-selected', 'true');
  await expect(row(page, CREATED)).toContainText('Toolbx');
  expect(containerState(CREATED)).toBe('running');
  // and a terminal tab is open in it
  const tab = page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab', { selected: true });
  await expect(tab).toContainText(CREATED);
});

test('a catalogue image that cannot be pulled here fails with a clear message and leaves no container', async ({ page, toolshed }) => {
  const dialog = await openWizard(page, toolshed);
  await dialog.getByRole('radio', { name: /Ubuntu/ }).check();
  await dialog.getByLabel('Ubuntu release').selectOption('24.04');
  await dialog.getByLabel('Name', { exact: true }).fill(UNPULLABLE);
  await expect(dialog.getByText('quay.io/toolbx/ubuntu-toolbox:24.04 — will be downloaded')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();

  const failed = page.getByRole('dialog', { name: `Could not create ${UNPULLABLE}` });
  await expect(failed).toBeVisible({ timeout: 60_000 });
  await expect(failed.getByRole('alert')).toContainText(
    'Could not reach quay.io to pull quay.io/toolbx/ubuntu-toolbox:24.04: no network, or the registry is down.',
  );
  await expect(failed.locator('li[data-step="pull"]')).toHaveAttribute('data-state', 'failed');
  await failed.getByText('Details').click();
  await expect(failed.locator('pre')).toContainText('pinging container registry quay.io');
  expect(containerState(UNPULLABLE)).toBeUndefined();

  // back to the form, with what was typed
  await failed.getByRole('button', { name: 'Back to the form' }).click();
  await expect(page.getByRole('dialog', { name: 'Create a toolbox' }).getByLabel('Name', { exact: true })).toHaveValue(UNPULLABLE);
  await page.keyboard.press('Escape');
  await expect(row(page, UNPULLABLE)).toHaveCount(0);
});

test('the wizard is driven from the keyboard, in the dark theme too', async ({ page, toolshed }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await toolshed.open(page);
  // the button is off until the backend has answered (a disabled button takes no focus)
  const create = page.getByRole('button', { name: 'Create toolbox…' });
  await expect(create).toBeEnabled();
  await create.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Create a toolbox' });
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  // the tabs follow the arrow keys
  await dialog.getByRole('tab', { name: 'Distributions' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('tab', { name: 'On this machine' })).toBeFocused();
  await expect(dialog.getByRole('tab', { name: 'On this machine' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(dialog.getByRole('tab', { name: 'Other image' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Image reference')).toBeFocused();
  await page.keyboard.type('quay.io/toolbx/arch-toolbox:latest');
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('arch-toolbox-latest');
  await dialog.getByRole('tab', { name: 'Other image' }).focus();
  await page.keyboard.press('Home');
  await expect(dialog.getByRole('tab', { name: 'Distributions' })).toBeFocused();
  // the advanced options open from the keyboard
  await dialog.getByText('Advanced options').focus();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('button', { name: 'Add a folder' })).toBeVisible();
  // a host folder is checked as it is typed (as every row problem, it holds Create back: unit-tested)
  await dialog.getByRole('button', { name: 'Add a folder' }).press('Enter');
  await dialog.getByLabel('Host folder 1', { exact: true }).pressSequentially('/tsh-e2e-typed-nowhere');
  await expect(dialog.getByRole('alert').filter({ hasText: '/tsh-e2e-typed-nowhere does not exist on this machine.' })).toBeVisible();
  await dialog.getByLabel('Host folder 1', { exact: true }).fill('/usr/share');
  await expect(dialog.getByRole('alert').filter({ hasText: 'does not exist' })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
