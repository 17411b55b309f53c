// A toolbox opened in the user's own tools, from its details: VS Code's attach
// file is shown whole before anything is written, Cancel writes nothing, and
// "Write and open" writes it and runs code with the folder URI; Home folder
// opens the file manager there. (The suite's code and xdg-open only record how
// they were run: e2e/support/global-setup.ts.)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/toolshed.js';
import { FIXTURE_IMAGE, e2eEnv, toolRecord } from './support/server.js';
import { removeContainers } from './support/podman.js';

const BOX = 'tsh-e2e-open-with';
const attachFile = path.join(e2eEnv.XDG_CONFIG_HOME!, 'Code/User/globalStorage/ms-vscode-remote.remote-containers/nameConfigs', `${BOX}.json`);
const recorded = (program: string) => (existsSync(toolRecord(program)) ? readFileSync(toolRecord(program), 'utf8').split('\0').slice(0, -1) : undefined);

test.beforeAll(() => {
  removeContainers(BOX);
  execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { stdio: 'pipe', cwd: '/tmp' });
});

test.afterAll(() => removeContainers(BOX));

test.beforeEach(() => {
  rmSync(attachFile, { force: true });
  for (const program of ['code', 'xdg-open']) rmSync(toolRecord(program), { force: true });
});

test('Open in VS Code shows the attach file before writing it; Cancel writes nothing, Write and open writes it and runs code', async ({ page, toolshed }) => {
  test.setTimeout(90_000);
  await toolshed.open(page);
  await page.locator(`li[role="option"][data-name="${BOX}"]`).click();
  const details = page.getByRole('region', { name: `Details of ${BOX}` });
  await details.getByRole('button', { name: 'Open in VS Code…' }).click();
  const dialog = page.getByRole('dialog', { name: `Open ${BOX} in VS Code` });
  const change = dialog.getByRole('region', { name: `Change to ${attachFile}` });
  await expect(change).toContainText('New file');
  await expect(change.getByLabel('What it will hold')).toContainText(`"remoteUser": "${os.userInfo().username}"`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(existsSync(attachFile)).toBe(false);
  expect(recorded('code')).toBeUndefined();

  await details.getByRole('button', { name: 'Open in VS Code…' }).click();
  await dialog.getByRole('button', { name: 'Write and open' }).click();
  await expect(page.getByText(`${BOX} is opening in code (1 file written).`)).toBeVisible({ timeout: 60_000 });
  expect(JSON.parse(readFileSync(attachFile, 'utf8'))).toMatchObject({ remoteUser: os.userInfo().username, workspaceFolder: os.userInfo().homedir });
  await expect.poll(() => recorded('code')?.[0]).toBe('--folder-uri');
  expect(recorded('code')![1]).toMatch(/^vscode-remote:\/\/attached-container\+[0-9a-f]+\//);
});

test('Home folder opens the file manager at the home the toolbox shares', async ({ page, toolshed }) => {
  await toolshed.open(page);
  await page.locator(`li[role="option"][data-name="${BOX}"]`).click();
  await page
    .getByRole('region', { name: `Details of ${BOX}` })
    .getByRole('button', { name: 'Home folder' })
    .click();
  await expect.poll(() => recorded('xdg-open')).toEqual([os.userInfo().homedir]);
});
