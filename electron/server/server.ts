// `toolshed serve`: the built renderer over HTTP and the contract over one
// WebSocket, for a browser on this machine (or, with an explicit flag and an
// SSH tunnel in mind, another one).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Engine } from '../services/engine.js';
import { MAX_MESSAGE_BYTES, serveEngineSocket } from './engineSocket.js';
import { SESSION_CHECK_PATH, TOKEN_FRAGMENT_KEY, WS_PROTOCOL } from '../../shared/serveAuth.js';
import { checkBearer, checkHttp, checkUpgrade, isLoopbackHost, newToken, tokenProblem, type AuthPolicy } from './auth.js';
import { contentSecurityPolicy } from '../../shared/csp.js';

export interface ServeOptions {
  engine: Engine;
  staticDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** Binding anything but loopback needs this, on purpose. */
  allowRemote?: boolean;
  /** Output queued for a window that stopped reading, past which its connection is closed (default 16 MiB). */
  maxBufferedBytes?: number;
  log?: (message: string) => void;
}

export interface RunningServer {
  /** The page's address with the token in its fragment (never sent to a server by a browser). */
  url: string;
  /** The URL without the token, for logs. */
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowRemote) {
    throw new Error(`Refusing to listen on ${host}: it is not a loopback address. Pass --allow-remote to do it anyway.`);
  }
  const log = options.log ?? (() => undefined);
  const token = options.token ?? newToken();
  const problem = tokenProblem(token);
  if (problem) throw new Error(`The access token cannot be used: ${problem}.`);
  const staticDir = path.resolve(options.staticDir);
  const policy: AuthPolicy = { token, allowedHosts: new Set() };

  const server = createServer((request, response) => {
    handleHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  // the page offers the token as a subprotocol too: answer with the plain one only
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const check = url.pathname === SESSION_CHECK_PATH ? checkBearer(request, policy) : checkHttp(request, policy);
    if (!check.ok) {
      log(`refused ${request.method ?? '?'} ${url.pathname.slice(0, 100)}: ${check.reason ?? ''}`);
      response.writeHead(check.status ?? 401, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(check.status === 401 ? 'Toolshed: open the URL that `toolshed serve` printed (it carries the access token).\n' : 'Toolshed: refused.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === SESSION_CHECK_PATH) {
      response.writeHead(204, { 'cache-control': 'no-store' }).end();
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Toolshed: bad request (the path is not valid URL encoding).\n');
      return;
    }
    const relative = path.normalize(decoded).replace(/^(\.\.(\/|\\|$))+/, '');
    let file = path.join(staticDir, relative);
    if (!file.startsWith(staticDir + path.sep) && file !== staticDir) {
      response.writeHead(404).end();
      return;
    }
    if (file === staticDir || file.endsWith(path.sep) || !path.extname(file)) file = path.join(staticDir, 'index.html');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.\n');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const check = url.pathname === '/ws' ? checkUpgrade(request, policy) : { ok: false, status: 404 as const, reason: 'no such path' };
    if (!check.ok) {
      log(`refused WebSocket ${url.pathname.slice(0, 100)}: ${check.reason ?? ''}`);
      socket.end(`HTTP/1.1 ${check.status ?? 401} Refused\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) =>
      serveEngineSocket(ws, options.engine, { log, ...(options.maxBufferedBytes ? { maxBufferedBytes: options.maxBufferedBytes } : {}) }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  for (const name of [urlHost, 'localhost', '127.0.0.1', '[::1]']) policy.allowedHosts.add(`${name}:${port}`.toLowerCase());
  const origin = `http://${urlHost}:${port}`;

  return {
    url: `${origin}/#${TOKEN_FRAGMENT_KEY}=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
