// Who may talk to `toolshed serve`: requests that carry the token (in the URL
// once, then in an HttpOnly cookie), for a Host the server answers to (which
// defeats DNS rebinding), from the server's own Origin (which defeats other
// pages in the same browser).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'toolshed_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Constant-time comparison (hashes first, so lengths never leak either). */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export interface RequestCheck {
  ok: boolean;
  status?: 401 | 403 | 421;
  reason?: string;
  /** The token came in the query string (the first visit): set the cookie. */
  fromQuery?: boolean;
}

export interface AuthPolicy {
  token: string;
  /** host:port values this server answers to. */
  allowedHosts: Set<string>;
}

export function checkRequest(request: IncomingMessage, policy: AuthPolicy, options: { requireOrigin: boolean }): RequestCheck {
  const host = request.headers.host ?? '';
  if (!policy.allowedHosts.has(host.toLowerCase())) return { ok: false, status: 421, reason: 'unknown host' };
  const origin = request.headers.origin;
  if (origin !== undefined || options.requireOrigin) {
    if (origin !== `http://${host}`) return { ok: false, status: 403, reason: 'foreign origin' };
  }
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null) {
    return tokensEqual(queryToken, policy.token) ? { ok: true, fromQuery: true } : { ok: false, status: 401, reason: 'bad token' };
  }
  const cookieToken = cookieValue(request.headers.cookie, TOKEN_COOKIE);
  if (cookieToken !== undefined && tokensEqual(cookieToken, policy.token)) return { ok: true };
  return { ok: false, status: 401, reason: 'missing token' };
}
