// The home screen against real podman: a toolbox made by the toolbox CLI is
// listed for what it is, plain containers only on request, and the lifecycle
// buttons change podman's real state.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, showUi, startAnother, test } from './support/toolshed.js';
import { execFileSync } from 'node:child_process';
import { FIXTURE_IMAGE } from './support/server.js';
import { containerState, podman, removeContainers } from './support/podman.js';
import { docsScreenshot } from './support/screenshots.js';

const CLI_TOOLBOX = 'tsh-e2e-cli';
const RENAMED = 'tsh-e2e-renamed';
const PLAIN = 'tsh-e2e-plain';
const BYSTANDER = 'tsh-e2e-bystander';

test.beforeAll(() => {
  removeContainers(CLI_TOOLBOX, RENAMED, PLAIN, BYSTANDER);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, CLI_TOOLBOX], { stdio: 'pipe', cwd: '/tmp' });
  // the fixture image carries the Toolbx label; a plain container is one without it
  podman('create', '--name', PLAIN, '--label', 'com.github.containers.toolbox=false', FIXTURE_IMAGE, 'sleep', 'infinity');
  podman('create', '--name', BYSTANDER, '--label', 'com.github.containers.toolbox=true', FIXTURE_IMAGE, 'sleep', 'infinity');
});

test.afterAll(() => removeContainers(CLI_TOOLBOX, RENAMED, PLAIN, BYSTANDER));

const row = (page: import('@playwright/test').Page, name: string) => page.locator(`li[role="option"][data-name="${name}"]`);

test('lists a toolbox made by `toolbox create`, and plain containers only on request', async ({ page, toolshed }) => {
  await toolshed.open(page);
  await expect(row(page, CLI_TOOLBOX)).toBeVisible();
  await expect(row(page, CLI_TOOLBOX)).toContainText('Toolbx');
  await expect(row(page, CLI_TOOLBOX)).toContainText(FIXTURE_IMAGE);
  await expect(row(page, CLI_TOOLBOX)).toContainText('debian 12');
  await expect(row(page, PLAIN)).toHaveCount(0);

  await page.getByLabel('Show all containers').check();
  await expect(row(page, PLAIN)).toBeVisible();
  await expect(row(page, PLAIN)).toContainText('podman');

  await page.getByLabel('Filter containers by name, distro or state').fill('e2e-cli');
  await expect(row(page, PLAIN)).toHaveCount(0);
  await expect(row(page, CLI_TOOLBOX)).toBeVisible();
  await page.getByLabel('Filter containers by name, distro or state').fill('');
  await page.getByLabel('Show all containers').uncheck();
  await row(page, CLI_TOOLBOX).click();
  await docsScreenshot(page, 'screenshot.png');
});

test('start, stop, rename and remove change podman state; nothing else is touched', async ({ page, toolshed }) => {
  await toolshed.open(page);
  await row(page, CLI_TOOLBOX).click();
  const details = page.getByRole('region', { name: `Details of ${CLI_TOOLBOX}` });

  await details.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(row(page, CLI_TOOLBOX)).toHaveAttribute('data-state', 'running', { timeout: 40_000 });
  expect(containerState(CLI_TOOLBOX)).toBe('running');

  await details.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(row(page, CLI_TOOLBOX)).toHaveAttribute('data-state', 'exited', { timeout: 30_000 });
  expect(containerState(CLI_TOOLBOX)).toBe('exited');

  await details.getByRole('button', { name: 'Rename' }).click();
  const nameField = details.getByLabel('New name');
  await nameField.fill('bad name;');
  await expect(details.getByRole('alert')).toContainText('may contain only');
  await nameField.fill(RENAMED);
  await details.getByRole('button', { name: 'Rename', exact: true }).last().click();
  await expect(row(page, RENAMED)).toBeVisible();
  expect(containerState(CLI_TOOLBOX)).toBeUndefined();
  expect(containerState(RENAMED)).toBe('exited');

  await row(page, RENAMED).click();
  await page
    .getByRole('region', { name: `Details of ${RENAMED}` })
    .getByRole('button', { name: 'Remove…' })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(RENAMED);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(containerState(RENAMED)).toBe('exited');

  await page
    .getByRole('region', { name: `Details of ${RENAMED}` })
    .getByRole('button', { name: 'Remove…' })
    .click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Remove ${RENAMED}` })
    .click();
  await expect(row(page, RENAMED)).toHaveCount(0);
  expect(containerState(RENAMED)).toBeUndefined();
  expect(containerState(BYSTANDER)).toBe('created');
  expect(containerState(PLAIN)).toBe('created');
});

test('a `podman stop` made outside Toolshed shows in the open UI within 2 seconds', async ({ page, toolshed }) => {
  podman('start', BYSTANDER);
  await toolshed.open(page);
  await expect(row(page, BYSTANDER)).toHaveAttribute('data-state', 'running');
  podman('stop', '--time', '0', BYSTANDER);
  await expect(row(page, BYSTANDER)).toHaveAttribute('data-state', 'exited', { timeout: 2000 });
});

test('the list is driven from the keyboard', async ({ page, toolshed }) => {
  await toolshed.open(page);
  await expect(row(page, BYSTANDER)).toBeVisible();
  // from the list (a terminal tab left open by another spec would take "/" as typing, rightly)
  await row(page, BYSTANDER).click();
  await page.keyboard.press('/');
  await expect(page.getByLabel('Filter containers by name, distro or state')).toBeFocused();
  await page.keyboard.type('tsh-e2e');
  await page.getByRole('listbox', { name: 'Toolboxes' }).focus();
  await page.keyboard.press('Home');
  await expect(page.getByRole('listbox', { name: 'Toolboxes' }).getByRole('option', { selected: true })).toHaveCount(1);
  await page.keyboard.press('Delete');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
});

test('a hung `podman ps`: the list says so where it would be, and Try again shows it once podman answers', async ({ page: pageOfTheSuite, toolshed }) => {
  // the real podman, except that `podman ps` hangs while a flag file exists (on this instance's PATH only)
  const folder = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-hung-ps-'));
  const flag = path.join(folder, 'hang');
  writeFileSync(
    path.join(folder, 'podman'),
    `#!/bin/sh\nif [ "$1" = ps ] && [ -e '${flag}' ]; then exec sleep 100000; fi\nexec ${execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim()} "$@"\n`,
    { mode: 0o755 },
  );
  writeFileSync(flag, '');
  const instance = await startAnother(toolshed.kind, {
    env: {
      PATH: `${folder}:${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: path.join(folder, 'config'),
      XDG_STATE_HOME: path.join(folder, 'state'),
      XDG_RUNTIME_DIR: folder,
    },
  });
  const { page, close } = await showUi(instance, pageOfTheSuite);
  try {
    const list = page.getByRole('region', { name: 'Containers' });
    await expect(list.getByRole('alert')).toContainText('Could not list the containers: podman ps did not answer within 15 s', { timeout: 40_000 });
    rmSync(flag);
    await list.getByRole('button', { name: 'Try again' }).click();
    await expect(row(page, BYSTANDER)).toBeVisible();
  } finally {
    await close();
    await instance.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('when podman reports no changes (its events fail, its state cannot be watched), the list says so, and Refresh shows one made outside', async ({
  page: pageOfTheSuite,
  toolshed,
}) => {
  // the real podman, except that `podman events` and `podman info` fail (on this instance's PATH only)
  const folder = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-not-live-'));
  writeFileSync(
    path.join(folder, 'podman'),
    `#!/bin/sh\ncase "$1" in events|info) echo "Error: $1 is broken here" >&2; exit 125;; esac\nexec ${execFileSync('sh', ['-c', 'command -v podman'], { encoding: 'utf8' }).trim()} "$@"\n`,
    { mode: 0o755 },
  );
  const instance = await startAnother(toolshed.kind, {
    env: {
      PATH: `${folder}:${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: path.join(folder, 'config'),
      XDG_STATE_HOME: path.join(folder, 'state'),
      XDG_RUNTIME_DIR: folder,
    },
  });
  const { page, close } = await showUi(instance, pageOfTheSuite);
  try {
    const list = page.getByRole('region', { name: 'Containers' });
    await expect(row(page, BYSTANDER)).not.toHaveAttribute('data-state', 'running');
    await expect(list.getByText('Changes made outside Toolshed are not followed now')).toBeVisible();
    podman('start', BYSTANDER);
    await list.getByRole('button', { name: 'Refresh' }).click();
    await expect(row(page, BYSTANDER)).toHaveAttribute('data-state', 'running');
  } finally {
    podman('stop', '--time', '0', BYSTANDER);
    await close();
    await instance.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});
