// `toolshed serve`'s credential is usable by the page it served only: the token
// travels in the URL's fragment, lives in the tab's sessionStorage and is
// presented on the WebSocket; no cookie carries it, so another local server the
// browser visits receives nothing that opens the API. Sockets without the
// token, with a wrong one, from a foreign Origin or for a foreign Host are refused.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './support/toolshed.js';
import WebSocket from 'ws';
import { socketProtocols, startServe } from '../test/support/serve.js';
import { E2E_PORT, E2E_TOKEN, loginUrl } from './support/server.js';

const origin = `http://127.0.0.1:${E2E_PORT}`;
const statusLine = (page: Page) => page.getByText(/podman .* · (root|rootless)/);

function openSocket(protocols: string[], headers: Record<string, string>): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${E2E_PORT}/ws`, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_request, response) => resolve({ opened: false, status: response.statusCode ?? 0 }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

test('the page without the token loads but reaches no API, and says how to get in', async ({ page }) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto('/');
  await expect(page.getByText(/no access token the Toolshed server accepts/)).toBeVisible();
  await expect(statusLine(page)).toBeHidden();
  expect(sockets).toEqual([]);
});

test('the URL pasted into a tab that has no token (only the fragment changes, no page load) connects it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByText(/no access token the Toolshed server accepts/)).toBeVisible();
  let loads = 0;
  page.on('load', () => (loads += 1));
  await page.evaluate((token) => (window.location.hash = `token=${token}`), E2E_TOKEN);
  await expect(statusLine(page)).toBeVisible();
  await expect(page.getByText(/no access token/)).toBeHidden();
  expect(page.url()).not.toContain(E2E_TOKEN); // taken out of the address bar again
  expect(loads).toBe(0);
});

test('a wrong token is refused', async ({ page }) => {
  await page.goto('/#token=wrong-token-0123456789');
  await expect(page.getByText(/no access token the Toolshed server accepts/)).toBeVisible();
  await expect(statusLine(page)).toBeHidden();
});

test('a foreign Origin is refused, and a foreign Host (DNS rebinding)', async ({ request }) => {
  expect((await request.get('/', { headers: { origin: 'http://evil.example' } })).status()).toBe(403);
  expect((await request.get('/', { headers: { host: `evil.example:${E2E_PORT}` } })).status()).toBe(421);
});

test('the WebSocket needs the token, as a subprotocol, and the server origin', async () => {
  const good = socketProtocols(E2E_TOKEN);
  expect(await openSocket(['toolshed'], { origin })).toEqual({ opened: false, status: 401 });
  expect(await openSocket(socketProtocols('wrong-token-0123456789'), { origin })).toEqual({ opened: false, status: 401 });
  // the old cookie opens nothing any more
  expect(await openSocket(['toolshed'], { origin, cookie: `toolshed_token=${E2E_TOKEN}` })).toEqual({ opened: false, status: 401 });
  expect(await openSocket(good, { origin: 'http://evil.example' })).toEqual({ opened: false, status: 403 });
  expect(await openSocket(good, { origin: 'http://127.0.0.1:9' })).toEqual({ opened: false, status: 403 });
  expect(await openSocket(good, {})).toEqual({ opened: false, status: 403 });
  expect(await openSocket(good, { origin })).toEqual({ opened: true });
});

test('the token leaves the address bar, survives a reload, and no cookie is set', async ({ page, context }) => {
  await page.goto(loginUrl);
  await expect(statusLine(page)).toBeVisible();
  await expect(page).toHaveURL(`${origin}/`);
  await page.reload();
  await expect(statusLine(page)).toBeVisible();
  expect(await context.cookies()).toEqual([]);
});

test('another local server visited by the same browser receives nothing that opens the API', async ({ page, context }) => {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const other = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>another local app</title><script>fetch("/probe", { credentials: "include" })</script>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(loginUrl);
    await expect(statusLine(page)).toBeVisible();
    const port = (other.address() as AddressInfo).port;
    const otherPage = await context.newPage();
    await otherPage.goto(`http://127.0.0.1:${port}/`);
    await expect.poll(() => seen.some((s) => s.url === '/probe')).toBe(true);
    // Toolshed's own page, navigated to the other server too
    await page.goto(`http://127.0.0.1:${port}/again`);
    const everything = JSON.stringify(seen);
    expect(everything).not.toContain(E2E_TOKEN);
    expect(seen.every((s) => s.headers.cookie === undefined && s.headers.authorization === undefined)).toBe(true);
  } finally {
    other.close();
  }
});

test('two serves side by side both keep working after a reload', async ({ browser }) => {
  const second = await startServe();
  const context = await browser.newContext();
  try {
    const first = await context.newPage();
    const other = await context.newPage();
    await first.goto(loginUrl);
    await other.goto(second.url);
    for (const page of [first, other, first, other]) {
      await page.reload();
      await expect(statusLine(page)).toBeVisible();
      await expect(page.getByText(/no access token/)).toBeHidden();
    }
  } finally {
    await context.close();
    await second.stop();
  }
});
