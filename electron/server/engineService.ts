// `toolshed engine`: the engine as the user's background service, so that
// terminal tabs, schedules and the host agent outlive the window. It speaks the
// contract over a WebSocket on a Unix socket in the user's runtime folder
// (only the user can reach it, so no token); systemd's socket unit hands that
// socket over (LISTEN_FDS), or it listens there itself. POST /quit ends it with
// every tab's shell (the desktop app's Quit, after the user agreed).
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { createEngine } from '../services/engine.js';
import { engineSocketPath } from '../services/background/backgroundEngine.js';
import { attachToBackgroundEngine } from '../services/background/engineClient.js';
import { MAX_MESSAGE_BYTES, serveEngineSocket } from './engineSocket.js';

/** The socket systemd passed (sd_listen_fds: LISTEN_PID is this process, one fd from 3), taken out of the environment tabs inherit. */
function activationSocket(env: NodeJS.ProcessEnv): number | undefined {
  const passed = env.LISTEN_PID === String(process.pid) && env.LISTEN_FDS === '1';
  for (const name of ['LISTEN_PID', 'LISTEN_FDS', 'LISTEN_FDNAMES']) delete env[name];
  return passed ? 3 : undefined;
}

export async function runEngineService(options: { launchCommand: string; serviceCommand: string[]; log: (message: string) => void }): Promise<number> {
  const { log } = options;
  const env = process.env;
  const uid = process.getuid?.() ?? 0;
  const socket = engineSocketPath(uid, env);
  const fd = activationSocket(env);
  if (fd === undefined) {
    const running = await attachToBackgroundEngine(socket, () => undefined);
    if (running) {
      running.dispose();
      process.stderr.write(`toolshed engine: one already runs at ${socket}; this one does not start.\n`);
      return 1;
    }
    mkdirSync(path.dirname(socket), { recursive: true, mode: 0o700 });
    rmSync(socket, { force: true }); // what an engine that is gone left
  }

  const engine = createEngine({ log, inBackground: true, launchCommand: options.launchCommand, serviceCommand: options.serviceCommand });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/quit') {
      response.writeHead(204).end(() => shutdown('asked to quit'));
      return;
    }
    response.writeHead(404).end();
  });
  server.on('upgrade', (request, connection, head) => {
    if (request.url !== '/ws') return void connection.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
    sockets.handleUpgrade(request, connection, head, (ws) => serveEngineSocket(ws, engine, { log }));
  });
  let ending = false;
  const shutdown = (why: string) => {
    if (ending) return;
    ending = true;
    log(`the background engine ends (${why})`);
    engine.dispose();
    for (const client of sockets.clients) client.terminate();
    server.close(() => {
      if (fd === undefined && existsSync(socket)) rmSync(socket, { force: true });
      process.exit(0);
    });
    server.closeAllConnections();
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (fd !== undefined) server.listen({ fd }, resolve);
    else server.listen(socket, resolve);
  });
  if (fd === undefined) chmodSync(socket, 0o600); // its folder is the user's only; the socket too
  log(`the background engine serves at ${socket}${fd === undefined ? '' : ' (a socket systemd passed)'}`);
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return 0;
}
