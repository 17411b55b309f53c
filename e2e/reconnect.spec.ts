// The backend restarted while the UI is open: the page says it lost the
// connection, reconnects by itself when the backend is back, and says so; a
// backend restarted with another token is not retried forever: the page says
// to open the new URL.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { servingUrl } from '../test/support/serve.js';
import { E2E_PORT, E2E_TOKEN, e2eEnv } from './support/server.js';

const PORT = E2E_PORT + 100;

async function serve(token = E2E_TOKEN): Promise<ChildProcess> {
  const child = spawn('node', ['bin/toolshed.js', 'serve', '--port', String(PORT)], { env: { ...e2eEnv, TOOLSHED_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
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
