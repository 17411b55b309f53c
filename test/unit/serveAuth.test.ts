// The web mode's gate: token, Host and Origin checks, and the command line.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest, cookieValue, isLoopbackHost, tokensEqual, type AuthPolicy } from '../../electron/server/auth.js';
import { parseServeArgs } from '../../electron/server/cli.js';

const policy: AuthPolicy = { token: 'secret-token', allowedHosts: new Set(['127.0.0.1:4000', 'localhost:4000']) };
const request = (url: string, headers: Record<string, string>) => ({ url, headers }) as unknown as IncomingMessage;

describe('checkRequest', () => {
  it('accepts the token in the URL once, then the cookie', () => {
    expect(checkRequest(request('/?token=secret-token', { host: '127.0.0.1:4000' }), policy, { requireOrigin: false })).toEqual({ ok: true, fromQuery: true });
    expect(checkRequest(request('/', { host: '127.0.0.1:4000', cookie: 'a=b; toolshed_token=secret-token' }), policy, { requireOrigin: false })).toEqual({ ok: true });
  });
  it('refuses no token, a wrong token, and a token prefix', () => {
    for (const url of ['/', '/?token=', '/?token=secret', '/?token=secret-token2']) {
      expect(checkRequest(request(url, { host: '127.0.0.1:4000' }), policy, { requireOrigin: false })).toMatchObject({ ok: false, status: 401 });
    }
  });
  it('refuses a foreign Origin and, for sockets, a missing one', () => {
    const headers = { host: '127.0.0.1:4000', cookie: 'toolshed_token=secret-token' };
    expect(checkRequest(request('/', { ...headers, origin: 'http://evil.example' }), policy, { requireOrigin: false })).toMatchObject({ status: 403 });
    expect(checkRequest(request('/ws', headers), policy, { requireOrigin: true })).toMatchObject({ status: 403 });
    expect(checkRequest(request('/ws', { ...headers, origin: 'http://127.0.0.1:4000' }), policy, { requireOrigin: true })).toEqual({ ok: true });
  });
  it('refuses a Host it does not serve (DNS rebinding)', () => {
    expect(checkRequest(request('/?token=secret-token', { host: 'evil.example:4000' }), policy, { requireOrigin: false })).toMatchObject({ status: 421 });
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
  it('reads cookies', () => {
    expect(cookieValue('x=1; toolshed_token=a=b', 'toolshed_token')).toBe('a=b');
    expect(cookieValue(undefined, 'toolshed_token')).toBeUndefined();
  });
});

describe('toolshed serve arguments', () => {
  it('binds loopback on a free port by default', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, host: '127.0.0.1', allowRemote: false, open: false });
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
