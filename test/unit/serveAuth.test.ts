// The web mode's gate: token, Host and Origin checks, and the command line.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkBearer, checkHttp, checkUpgrade, isLoopbackHost, offeredToken, tokenProblem, tokensEqual, type AuthPolicy } from '../../electron/server/auth.js';
import { parseServeArgs } from '../../electron/server/cli.js';

const TOKEN = 'secret-token-0123456789';
const policy: AuthPolicy = { token: TOKEN, allowedHosts: new Set(['127.0.0.1:4000', 'localhost:4000']) };
const request = (url: string, headers: Record<string, string>) => ({ url, headers }) as unknown as IncomingMessage;
const place = { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' };
const offering = (token: string) => ({ ...place, 'sec-websocket-protocol': `toolshed, toolshed-token.${token}` });

describe('the WebSocket upgrade', () => {
  it("takes the token offered as a subprotocol, from the server's own origin", () => {
    expect(checkUpgrade(request('/ws', offering(TOKEN)), policy)).toEqual({ ok: true });
  });
  it('refuses no token, a wrong token, a token prefix, a token without the toolshed protocol, and a cookie', () => {
    expect(checkUpgrade(request('/ws', place), policy)).toMatchObject({ ok: false, status: 401, reason: 'missing token' });
    for (const token of ['', 'secret', `${TOKEN}2`, TOKEN.slice(0, -1)]) {
      expect(checkUpgrade(request('/ws', offering(token)), policy)).toMatchObject({ ok: false, status: 401, reason: 'wrong token' });
    }
    expect(checkUpgrade(request('/ws', { ...place, 'sec-websocket-protocol': `toolshed-token.${TOKEN}` }), policy)).toMatchObject({ status: 401 });
    expect(checkUpgrade(request('/ws', { ...place, cookie: `toolshed_token=${TOKEN}` }), policy)).toMatchObject({ status: 401 });
  });
  it('refuses a foreign Origin and a missing one, even with the token', () => {
    expect(checkUpgrade(request('/ws', { ...offering(TOKEN), origin: 'http://evil.example' }), policy)).toMatchObject({
      status: 403,
      reason: 'foreign origin',
    });
    expect(checkUpgrade(request('/ws', { host: '127.0.0.1:4000', 'sec-websocket-protocol': `toolshed, toolshed-token.${TOKEN}` }), policy)).toMatchObject({
      status: 403,
    });
    // another local server's pages have another port, so another origin
    expect(checkUpgrade(request('/ws', { ...offering(TOKEN), origin: 'http://127.0.0.1:8888' }), policy)).toMatchObject({ status: 403 });
  });
  it('refuses a Host it does not serve (DNS rebinding)', () => {
    expect(checkUpgrade(request('/ws', { ...offering(TOKEN), host: 'evil.example:4000', origin: 'http://evil.example:4000' }), policy)).toMatchObject({
      status: 421,
    });
  });
});

describe('plain HTTP', () => {
  it('serves the page and its files (no secret in them) to its own Host, never to a foreign Origin', () => {
    expect(checkHttp(request('/', { host: '127.0.0.1:4000' }), policy)).toEqual({ ok: true });
    expect(checkHttp(request('/', { host: 'evil.example:4000' }), policy)).toMatchObject({ status: 421 });
    expect(checkHttp(request('/', { host: '127.0.0.1:4000', origin: 'http://evil.example' }), policy)).toMatchObject({ status: 403 });
  });
  it('answers the session check only for the bearer of the token', () => {
    expect(checkBearer(request('/session', { host: '127.0.0.1:4000', authorization: `Bearer ${TOKEN}` }), policy)).toEqual({ ok: true });
    expect(checkBearer(request('/session', { host: '127.0.0.1:4000', authorization: 'Bearer nope-nope-nope-nope' }), policy)).toMatchObject({
      status: 401,
      reason: 'wrong token',
    });
    expect(checkBearer(request('/session', { host: '127.0.0.1:4000' }), policy)).toMatchObject({ status: 401, reason: 'missing token' });
  });
});

describe('helpers', () => {
  it('compares tokens of any length', () => {
    expect(tokensEqual('a', 'a')).toBe(true);
    expect(tokensEqual('a', 'ab')).toBe(false);
  });
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
  it('reads the offered token, and knows what a token may be', () => {
    expect(offeredToken(`toolshed, toolshed-token.${TOKEN}`)).toBe(TOKEN);
    expect(offeredToken('toolshed')).toBeUndefined();
    expect(offeredToken(undefined)).toBeUndefined();
    expect(tokenProblem(TOKEN)).toBeNull();
    for (const bad of ['short', 'has space in it ok?', 'x'.repeat(129), 'semi;colon-0123456789']) expect(tokenProblem(bad)).not.toBeNull();
  });
});

describe('toolshed serve arguments', () => {
  it('binds loopback on a free port by default', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, host: '127.0.0.1', allowRemote: false, open: false, hostShell: true, keepToken: false, another: false });
    expect(parseServeArgs(['--no-host-shell', '--keep-token'])).toMatchObject({ hostShell: false, keepToken: true });
  });
  it('refuses a non-loopback host without --allow-remote', () => {
    expect(() => parseServeArgs(['--host', '0.0.0.0'])).toThrow(/allow-remote/);
    expect(parseServeArgs(['--host', '0.0.0.0', '--allow-remote'])).toMatchObject({ host: '0.0.0.0', allowRemote: true });
  });
  it('refuses bad ports and unknown options', () => {
    expect(() => parseServeArgs(['--port', '70000'])).toThrow();
    expect(() => parseServeArgs(['--port'])).toThrow();
    expect(() => parseServeArgs(['--bogus'])).toThrow(/unknown option/);
  });
});
