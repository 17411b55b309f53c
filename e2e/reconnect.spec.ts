// The backend restarted while the UI is open: the page says it lost the
// connection, reconnects by itself when the backend is back, and says so; a
// backend restarted with another token is not retried forever: the page says
// to open the new URL.
import { expect, test } from './support/toolshed.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ServeClient, servingUrl } from '../test/support/serve.js';
import { seedToolboxConfig } from '../test/support/toolboxConfig.js';
import { containerState, removeContainers } from './support/podman.js';
import { E2E_PORT, E2E_TOKEN, FIXTURE_IMAGE, e2eEnv } from './support/server.js';

const PORT = E2E_PORT + 100;
// this spec's serves keep their settings and journal apart from the suite's
const home = mkdtempSync(path.join(os.tmpdir(), 'toolshed-e2e-reconnect-'));
const env = { ...e2eEnv, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state') };
seedToolboxConfig(env.XDG_CONFIG_HOME);
const CUT = 'tsh-e2e-cut-short';
test.afterAll(() => removeContainers(CUT));

/** What this spec's serves printed, each line stamped: a failed test shows it (what hung, what the recovery did). */
let served = '';
test.beforeEach(() => {
  served = '';
});
// eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach("this spec's serves", { body: served, contentType: 'text/plain' });
    process.stderr.write(`\n--- this spec's serves during "${testInfo.title}" ---\n${served.split('\n').slice(-200).join('\n')}\n---\n`);
  }
});

async function serve(token = E2E_TOKEN): Promise<ChildProcess> {
  const child = spawn('node', ['bin/toolshed.js', 'serve', '--another', '--port', String(PORT)], {
    env: { ...env, TOOLSHED_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tag = `[serve ${child.pid}]`;
  const keep = (data: Buffer) => (served += data.toString().replace(/^(?=.)/gm, `${new Date().toISOString().slice(11, 23)} ${tag} `));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  await servingUrl(child);
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test('the UI reconnects after the backend restarts, and says so', async ({ page }) => {
  let server = await serve();
  try {
    await page.goto(`http://127.0.0.1:${PORT}/#token=${E2E_TOKEN}`);
    await expect(page.getByText(/podman .* · (root|rootless)/)).toBeVisible();

    await stop(server);
    await expect(page.getByText('Lost the connection to the Toolshed backend; reconnecting…')).toBeVisible();

    server = await serve();
    await expect(page.getByText('Reconnected to the Toolshed backend.')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText('Lost the connection to the Toolshed backend; reconnecting…')).toBeHidden();
    // and it works again: the list answers
    await page.getByRole('button', { name: 'Refresh the list' }).click();
    await expect(page.getByText(/podman .* · (root|rootless)/)).toBeVisible();
  } finally {
    await stop(server);
  }
});

test('a backend restarted with a new token: the page stops retrying and says to open the new URL', async ({ page }) => {
  let server = await serve();
  try {
    await page.goto(`http://127.0.0.1:${PORT}/#token=${E2E_TOKEN}`);
    await expect(page.getByText(/podman .* · (root|rootless)/)).toBeVisible();
    await stop(server);
    server = await serve('another-token-0123456789');
    await expect(page.getByText(/no access token the Toolshed server accepts/)).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText('Lost the connection to the Toolshed backend; reconnecting…')).toBeHidden();
  } finally {
    await stop(server);
  }
});

test('a backend killed during a create: the page says what it knows and stops its spinner; the next start cleans up and says so', async ({ page }) => {
  let server = await serve();
  try {
    // Toolshed's own init, told to take 30 s: the create is still waiting for it when the backend dies
    const client = await ServeClient.connect({ origin: `http://127.0.0.1:${PORT}`, token: E2E_TOKEN });
    await client.call('updateSettings', { toolboxBinary: '' });
    client.close();
    await page.goto(`http://127.0.0.1:${PORT}/#token=${E2E_TOKEN}`);
    await page.getByRole('button', { name: 'Create toolbox…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a toolbox' });
    await dialog.getByRole('tab', { name: 'On this machine' }).click();
    await dialog.locator(`label.image-row[data-reference="${FIXTURE_IMAGE}"]`).getByRole('radio').check();
    await dialog.getByLabel('Name', { exact: true }).fill(CUT);
    await dialog.getByText('Advanced options').click();
    await dialog.getByRole('button', { name: 'Add a variable' }).click();
    await dialog.getByLabel('Variable name 1').fill('TOOLBX_DELAY_ENTRY_POINT');
    await dialog.getByLabel('Variable value 1').fill('30');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(page.getByText('Setting up the container')).toBeVisible({ timeout: 60_000 });

    server.kill('SIGKILL');
    await expect(page.getByText(/connection to Toolshed was lost during the create/)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('dialog', { name: `Creating ${CUT}: connection lost` }).locator('.spinner')).toHaveCount(0);
    expect(containerState(CUT)).toBeDefined(); // half-made, for now

    server = await serve();
    await expect(page.getByText(`Toolshed stopped while creating ${CUT}`)).toBeVisible({ timeout: 60_000 });
    await expect.poll(() => containerState(CUT), { timeout: 30_000 }).toBeUndefined();
  } finally {
    await stop(server);
  }
});
