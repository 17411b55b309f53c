// The desktop app's and `toolshed serve`'s way to the background engine: the
// contract over a WebSocket on its Unix socket, offered as an Engine, so the
// IPC handlers and the server use it as they use an engine of their own. A
// connection that breaks fails the calls waiting on it and is tried again
// (systemd starts the service anew on the next connection).
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import WebSocket from 'ws';
import { isCallName, type Api, type EventMessage } from '../../../shared/contract.js';
import { toDisposable, type Disposable } from '../../../shared/disposable.js';
import { ToolshedError } from '../../../shared/errors.js';
import { replyTimeoutMs, type Reply, type ServerMessage } from '../../../shared/wire.js';
import type { Engine } from '../engine.js';

export interface BackgroundEngine extends Engine {
  /** Ends the background engine and every tab's shell (the explicit Quit). */
  quit(): Promise<void>;
  /** Called after a broken connection was made again (a window then reloads to catch up). */
  onReconnected(listener: () => void): Disposable;
}

/** How long the first connection may take: socket activation starts the service then. */
const CONNECT_TIMEOUT_MS = 20_000;
const RETRY_MS = 1000;

function open(socket: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws+unix://${socket}:/ws`, { handshakeTimeout: CONNECT_TIMEOUT_MS });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The background engine listening at `socket`, or undefined when nothing does (then the app runs its own engine). */
export async function attachToBackgroundEngine(socket: string, log: (message: string) => void): Promise<BackgroundEngine | undefined> {
  if (!existsSync(socket)) return undefined;
  let ws: WebSocket;
  try {
    ws = await open(socket);
  } catch (error) {
    log(`a background engine socket is at ${socket}, but it does not answer (${(error as Error).message}): running an engine of this app's own`);
    return undefined;
  }
  const listeners = new Set<(message: EventMessage) => void>();
  const reconnected = new Set<() => void>();
  const waiting = new Map<number, { resolve: (reply: Reply) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;
  let disposed = false;

  const emitLocally = (message: EventMessage) => listeners.forEach((listener) => listener(message));
  const failWaiting = (message: string) => {
    for (const [id, { resolve, timer }] of waiting) {
      clearTimeout(timer);
      resolve({ ok: false, error: { code: 'DISCONNECTED', message } });
      waiting.delete(id);
    }
  };
  const follow = (connection: WebSocket) => {
    connection.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      if ('event' in message) return emitLocally(message);
      const entry = waiting.get(message.id);
      if (!entry) return;
      clearTimeout(entry.timer);
      waiting.delete(message.id);
      entry.resolve(message);
    });
    connection.on('error', () => undefined);
    connection.once('close', () => {
      if (disposed) return;
      log('the connection to the background engine broke; connecting again');
      failWaiting('The background engine went away; Toolshed is connecting to it again.');
      emitLocally({ event: 'listLive', payload: { live: false } });
      void reconnect();
    });
  };
  const reconnect = async () => {
    while (!disposed) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      try {
        ws = await open(socket);
      } catch {
        continue;
      }
      if (disposed) return ws.close();
      follow(ws);
      log('connected to the background engine again');
      reconnected.forEach((listener) => listener());
      return;
    }
  };
  follow(ws);

  const call = (method: string, args: unknown): Promise<Reply> =>
    new Promise((resolve) => {
      if (ws.readyState !== WebSocket.OPEN) return resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'The background engine is not connected.' } });
      const id = nextId++;
      const timeout = isCallName(method) ? replyTimeoutMs(method) : 120_000;
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve({ ok: false, error: { code: 'TIMEOUT', message: `The background engine did not answer ${method} in time.` } });
      }, timeout);
      waiting.set(id, { resolve, timer });
      ws.send(JSON.stringify({ id, method, args }));
    });
  // each call of the contract, answered by the service (dispatch checks the arguments on both sides)
  const api = new Proxy({} as Api, {
    get: (_target, method) =>
      typeof method === 'string' && isCallName(method)
        ? async (args: unknown) => {
            const reply = await call(method, args);
            if (reply.ok) return reply.result;
            throw new ToolshedError(reply.error.code, reply.error.message, reply.error.detail);
          }
        : undefined,
  });

  return {
    api,
    subscribe(listener) {
      listeners.add(listener);
      return toDisposable(() => listeners.delete(listener));
    },
    // an open request is this app's window's business, not every window's
    requestOpen: (container) => emitLocally({ event: 'openRequested', payload: { container } }),
    onReconnected(listener) {
      reconnected.add(listener);
      return toDisposable(() => reconnected.delete(listener));
    },
    quit: () =>
      new Promise<void>((resolve, reject) => {
        const asked = request({ socketPath: socket, path: '/quit', method: 'POST' }, (response) => {
          response.resume();
          if (response.statusCode === 204) resolve();
          else reject(new ToolshedError('INTERNAL', `The background engine refused to quit (HTTP ${String(response.statusCode)}).`));
        });
        asked.once('error', (error) => reject(new ToolshedError('DISCONNECTED', `The background engine could not be asked to quit: ${error.message}`)));
        asked.end();
      }),
    dispose() {
      disposed = true;
      failWaiting('Toolshed is closing.');
      listeners.clear();
      ws.close();
    },
  };
}
