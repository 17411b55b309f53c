// A window that stops reading must neither lose replies nor leave a caller
// waiting forever: while another window keeps a terminal flowing, the stalled
// one's connection is closed once its queue passes the bound (it reconnects
// and catches up from snapshots), the reading window is answered throughout;
// and a page's call that gets no reply fails with TIMEOUT instead of hanging.
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import type { Reply } from '../../shared/wire.js';
import type { Engine } from '../../electron/services/engine.js';
import { scratchEngine } from '../support/engine.js';
import { startServer, type RunningServer } from '../../electron/server/server.js';
import { connectWebSocket } from '../../renderer/api/webSocketBridge.js';
import { socketProtocols } from '../support/serve.js';

let engine: Engine;
let server: RunningServer;
const log: string[] = [];

beforeAll(async () => {
  engine = scratchEngine({ podman: { binary: '/nonexistent/podman' } });
  server = await startServer({ engine, staticDir: os.tmpdir(), maxBufferedBytes: 1024 * 1024, log: (line) => log.push(line) });
});

afterAll(async () => {
  await server.close();
  engine.dispose();
});

/** A raw window: the contract over a socket, every reply kept by id. */
async function window(): Promise<{ ws: WebSocket; call: (method: string, args: unknown) => Promise<Reply>; closed: Promise<void> }> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, socketProtocols(server.token), { headers: { origin: server.origin } });
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; event?: string; payload?: { id: string; data: string } } & Reply;
    if (typeof message.id === 'number') waiting.get(message.id)?.(message);
    // this window acknowledges what it receives, as a page does once xterm has parsed it
    if (message.event === 'terminalData')
      ws.send(JSON.stringify({ id: 0, method: 'ackTerminal', args: { id: message.payload!.id, chars: message.payload!.data.length } }));
  });
  await new Promise((resolve) => ws.once('open', resolve));
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return {
    ws,
    closed,
    call: (method, args) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, method, args }));
      }),
  };
}

describe('a window that stops reading', () => {
  it('is disconnected once its queue passes the bound, while the reading window is answered', { timeout: 60_000 }, async () => {
    const reading = await window();
    const stalled = await window();
    const opened = await reading.call('openTerminal', { cols: 80, rows: 24 });
    expect(opened.ok).toBe(true);
    const id = (opened as { result: { id: string } }).result.id;
    // the stalled window stops reading its socket: the server's queue for it grows
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await reading.call('writeTerminal', { id, data: 'cat /dev/urandom | base64\r' });
    await expect.poll(() => log.some((line) => /stopped reading/.test(line)), { timeout: 45_000 }).toBe(true);
    // once it reads again it finds its connection closed (its page then fails pending calls and reconnects)
    (stalled.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await stalled.closed;
    // the reading window is still answered while the flood goes on
    expect((await reading.call('listTerminals', {})).ok).toBe(true);
    expect((await reading.call('closeTerminal', { id })).ok).toBe(true);
    reading.ws.close();
  });
});

describe("a page's call that gets no reply", () => {
  it('fails with TIMEOUT instead of waiting forever', async () => {
    // a server that accepts the socket and never answers
    const silent = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'toolshed' });
    await new Promise((resolve) => silent.once('listening', resolve));
    const port = (silent.address() as { port: number }).port;
    const globals = globalThis as { WebSocket?: unknown };
    const before = globals.WebSocket;
    globals.WebSocket = WebSocket;
    try {
      const bridge = connectWebSocket(`ws://127.0.0.1:${port}/ws`, { token: 'silent-token-0123456789', replyTimeoutMs: () => 300 });
      await new Promise<void>((resolve) => bridge.onConnection((state) => state === 'open' && resolve()));
      const started = Date.now();
      const reply = await bridge.call('listTerminals', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      globals.WebSocket = before;
      for (const client of silent.clients) client.terminate();
      silent.close();
    }
  });
});
