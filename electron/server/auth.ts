// Who may talk to `toolshed serve`: the page and its files are served to any
// request for a Host the server answers to (which defeats DNS rebinding) that
// is not from a foreign Origin; they hold no secret. The API is the WebSocket,
// which needs the server's own Origin (which defeats other pages in the same
// browser) and the token as a subprotocol (shared/serveAuth.ts).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PATTERN, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../shared/serveAuth.js';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Why a token given on the command line or in TOOLSHED_TOKEN cannot be used, or null. */
export function tokenProblem(token: string): string | null {
  return TOKEN_PATTERN.test(token) ? null : 'a token is 16 to 128 letters, digits, "-" or "_"';
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

export interface RequestCheck {
  ok: boolean;
  status?: 401 | 403 | 421;
  /** For the log: never the token itself. */
  reason?: string;
}

export interface AuthPolicy {
  token: string;
  /** host:port values this server answers to. */
  allowedHosts: Set<string>;
}

const refused = (status: 401 | 403 | 421, reason: string): RequestCheck => ({ ok: false, status, reason });

/** Host and Origin: the checks every request passes; a socket must also name this server as its Origin. */
function checkPlace(request: IncomingMessage, policy: AuthPolicy, requireOrigin: boolean): RequestCheck | undefined {
  const host = request.headers.host ?? '';
  if (!policy.allowedHosts.has(host.toLowerCase())) return refused(421, 'unknown host');
  const origin = request.headers.origin;
  if ((origin !== undefined || requireOrigin) && origin !== `http://${host}`) return refused(403, origin === undefined ? 'no origin' : 'foreign origin');
  return undefined;
}

/** A plain HTTP request (the page, its files, the session check). */
export function checkHttp(request: IncomingMessage, policy: AuthPolicy): RequestCheck {
  return checkPlace(request, policy, false) ?? { ok: true };
}

/** The token a WebSocket upgrade offers among its subprotocols, if any. */
export function offeredToken(protocolHeader: string | undefined): string | undefined {
  const offered = (protocolHeader ?? '').split(',').map((p) => p.trim());
  return offered.find((p) => p.startsWith(WS_TOKEN_PREFIX))?.slice(WS_TOKEN_PREFIX.length);
}

/** A WebSocket upgrade: this server's Origin, the toolshed subprotocol and the token. */
export function checkUpgrade(request: IncomingMessage, policy: AuthPolicy): RequestCheck {
  const place = checkPlace(request, policy, true);
  if (place) return place;
  const header = request.headers['sec-websocket-protocol'];
  const protocols = (header ?? '').split(',').map((p) => p.trim());
  const token = offeredToken(header);
  if (token === undefined || !protocols.includes(WS_PROTOCOL)) return refused(401, 'missing token');
  return tokensEqual(token, policy.token) ? { ok: true } : refused(401, 'wrong token');
}

/** `Authorization: Bearer <token>` on the session check. */
export function checkBearer(request: IncomingMessage, policy: AuthPolicy): RequestCheck {
  const place = checkPlace(request, policy, false);
  if (place) return place;
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  if (!match) return refused(401, 'missing token');
  return tokensEqual(match[1]!, policy.token) ? { ok: true } : refused(401, 'wrong token');
}
