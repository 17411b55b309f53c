// `toolshed serve` refuses requests and sockets without the token or from a
// foreign Origin, and accepts a second browser with the same token.
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { E2E_PORT, E2E_TOKEN, loginUrl } from './support/server.js';

const origin = `http://127.0.0.1:${E2E_PORT}`;

function openSocket(headers: Record<string, string>): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${E2E_PORT}/ws`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_request, response) => resolve({ opened: false, status: response.statusCode ?? 0 }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

test('the page without the token is refused', async ({ request }) => {
  const response = await request.get('/', { maxRedirects: 0 });
  expect(response.status()).toBe(401);
  expect(await response.text()).not.toContain(E2E_TOKEN);
});

test('a wrong token is refused', async ({ request }) => {
  const response = await request.get('/?token=wrong', { maxRedirects: 0 });
  expect(response.status()).toBe(401);
});

test('a foreign Origin is refused, even with the token', async ({ request }) => {
  const response = await request.get(loginUrl, { maxRedirects: 0, headers: { origin: 'http://evil.example' } });
  expect(response.status()).toBe(403);
});

test('a foreign Host (DNS rebinding) is refused', async ({ request }) => {
  const response = await request.get(loginUrl, { maxRedirects: 0, headers: { host: `evil.example:${E2E_PORT}` } });
  expect(response.status()).toBe(421);
});

test('the WebSocket needs the token and the server origin', async () => {
  const cookie = `toolshed_token=${E2E_TOKEN}`;
  expect(await openSocket({ origin })).toEqual({ opened: false, status: 401 });
  expect(await openSocket({ origin, cookie: 'toolshed_token=wrong' })).toEqual({ opened: false, status: 401 });
  expect(await openSocket({ origin: 'http://evil.example', cookie })).toEqual({ opened: false, status: 403 });
  expect(await openSocket({ cookie })).toEqual({ opened: false, status: 403 });
  expect(await openSocket({ origin, cookie })).toEqual({ opened: true });
});

test('the token is traded for a cookie and dropped from the address bar; a second browser works too', async ({ browser }) => {
  for (let i = 0; i < 2; i += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(loginUrl);
    await expect(page).toHaveURL(`${origin}/`);
    await expect(page.getByRole('listbox', { name: 'Toolboxes' }).or(page.getByText('No containers yet.')).or(page.getByText('No toolboxes.'))).toBeVisible();
    await context.close();
  }
});
