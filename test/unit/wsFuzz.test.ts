// Thousands of random and mutated messages over the WebSocket of `toolshed
// serve`: the server never crashes, never sends a stack trace or a path back,
// keeps memory bounded, and still answers afterwards. And a thousand mutated
// upgrade requests (subprotocols, tokens, Origin, Host): only the exact token,
// offered with the toolshed protocol from the server's own Origin and Host,
// opens a socket. podman is a binary that does not exist here, so nothing the
// fuzzer sends can touch a container.
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Engine } from '../../electron/services/engine.js';
import { scratchEngine } from '../support/engine.js';
import { startServer, type RunningServer } from '../../electron/server/server.js';
import { socketProtocols } from '../support/serve.js';

const MESSAGES = 10_000;
const UPGRADES = 1000;
/** Calls whose valid forms only read: mutations of them are safe to send. */
const SAFE_METHODS = [
  'getStatus',
  'listContainers',
  'inspectContainer',
  'containerStats',
  'listImages',
  'getSettings',
  'listTerminals',
  'terminalBusy',
  'attachTerminal',
  'listLaunchers',
  'getCreateDefaults',
];

// a small deterministic generator (mulberry32), so a failure can be replayed
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(Number(process.env.FUZZ_SEED ?? 20261129));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const SPICE = ['', '-', '--', ';', '$(', '`', '\n', '\u0000', '..', '/', '__proto__', 'constructor', '\u202e', '🙂', '\\', '"', '{', '%s', 'a'.repeat(1000)];

function randomString(): string {
  const length = Math.floor(rand() * 24);
  let text = '';
  for (let i = 0; i < length; i += 1) text += rand() < 0.2 ? pick(SPICE) : String.fromCharCode(Math.floor(rand() * 0x2fff));
  return text;
}

function randomValue(depth = 0): unknown {
  const kind = Math.floor(rand() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return pick([0, -1, 1e308, -0, 2 ** 53, 3.5, 80, 24]);
    case 3:
    case 4:
      return randomString();
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 4) }, () => [
          pick(['container', 'all', 'id', 'name', 'cols', 'rows', 'data', randomString()]),
          randomValue(depth + 1),
        ]),
      );
  }
}

function randomMessage(i: number): string | Buffer {
  const form = rand();
  if (form < 0.1) return randomString();
  if (form < 0.15) return Buffer.from(Array.from({ length: 16 }, () => Math.floor(rand() * 256)));
  if (form < 0.3) return JSON.stringify(randomValue());
  const message: Record<string, unknown> = {
    id: rand() < 0.9 ? i : randomValue(),
    method: rand() < 0.8 ? pick(SAFE_METHODS) : randomString(),
    args: randomValue(),
  };
  if (rand() < 0.1) message.extra = randomValue();
  if (rand() < 0.05) delete message.args;
  return JSON.stringify(message);
}

let engine: Engine;
let server: RunningServer;
const stats = { sent: 0, replies: 0, errors: 0, reconnects: 0 };

function connect(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, socketProtocols(server.token), { headers: { origin: server.origin } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

beforeAll(async () => {
  engine = scratchEngine({ podman: { binary: '/nonexistent/podman' } });
  server = await startServer({ engine, staticDir: os.tmpdir(), token: 'fuzz-token-0123456789' });
});

afterAll(async () => {
  await server.close();
  engine.dispose();
  console.log(
    `fuzz: ${stats.sent} messages sent, ${stats.replies} replies (${stats.errors} errors answered), ${stats.reconnects} sockets closed by the server and reopened`,
  );
});

describe('WebSocket fuzz', () => {
  it('survives random and mutated messages without leaking internals, with bounded memory', { timeout: 120_000 }, async () => {
    const rssBefore = process.memoryUsage().rss;
    let ws = await connect();
    const leaks: string[] = [];
    const onMessage = (data: WebSocket.RawData) => {
      const text = String(data);
      stats.replies += 1;
      if (text.includes('"ok":false')) stats.errors += 1;
      if (/\n\s+at |\/work\/|node_modules|\.ts:\d+/.test(text)) leaks.push(text.slice(0, 300));
    };
    ws.on('message', onMessage);
    for (let i = 1; i <= MESSAGES; i += 1) {
      if (ws.readyState !== WebSocket.OPEN) {
        stats.reconnects += 1;
        ws = await connect();
        ws.on('message', onMessage);
      }
      ws.send(randomMessage(i));
      stats.sent += 1;
      if (i % 250 === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // one message over the 1 MiB limit: the server drops that socket only
    ws.send('x'.repeat(2 * 1024 * 1024));
    await new Promise((resolve) => ws.once('close', resolve));
    stats.reconnects += 1;

    const last = await connect();
    const reply = await new Promise<string>((resolve) => {
      last.on('message', (data) => {
        const text = String(data);
        if (text.includes('"id":424242')) resolve(text);
      });
      last.send(JSON.stringify({ id: 424242, method: 'getSettings', args: {} }));
    });
    last.close();
    expect(JSON.parse(reply)).toMatchObject({ id: 424242, ok: true });
    expect(leaks).toEqual([]);
    expect(stats.replies).toBeGreaterThan(MESSAGES * 0.8);
    const growthMb = (process.memoryUsage().rss - rssBefore) / 1e6;
    console.log(`fuzz: RSS grew by ${growthMb.toFixed(1)} MB`);
    expect(growthMb).toBeLessThan(200);
  });
});

/** An upgrade request with some of its parts mutated; `valid` says whether it is still the real thing. */
function randomUpgrade(token: string): { protocols: string[]; headers: Record<string, string>; valid: boolean } {
  let valid = true;
  const mutate = <T>(good: T, bad: () => T): T => {
    if (rand() < 0.35) {
      valid = false;
      return bad();
    }
    return good;
  };
  const tokenText = mutate(token, () =>
    pick([
      token.slice(0, -1),
      `${token}x`,
      token.toUpperCase(),
      '',
      ' ',
      token.replace(/./, 'A'),
      randomString().replace(/[^A-Za-z0-9_-]/g, '') || 'z'.repeat(20),
    ]),
  );
  const protocols = mutate(['toolshed', `toolshed-token.${tokenText}`], () =>
    pick([
      [`toolshed-token.${tokenText}`],
      ['toolshed'],
      ['toolshedx', `toolshed-token.${tokenText}`],
      [`toolshed-token-${tokenText}`, 'toolshed'],
      ['toolshed', `toolshed-tokens.${tokenText}`],
    ]),
  );
  const port = server.port;
  const origin = mutate(`http://127.0.0.1:${port}`, () =>
    pick([`http://127.0.0.1:${port + 1}`, 'http://evil.example', 'null', `https://127.0.0.1:${port}`, `http://localhost:${port}`, '']),
  );
  const host = mutate(`127.0.0.1:${port}`, () => pick([`evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.2:${port}`, `[::2]:${port}`]));
  const headers: Record<string, string> = { host };
  if (origin) headers.origin = origin;
  return {
    protocols: protocols.filter((p) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(p)),
    headers,
    valid: valid || (tokenText === token && protocols.includes('toolshed') && origin === `http://127.0.0.1:${port}` && host === `127.0.0.1:${port}`),
  };
}

function tryUpgrade(protocols: string[], headers: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(true);
    });
    ws.on('unexpected-response', () => resolve(false));
    ws.on('error', () => resolve(false));
  });
}

describe('upgrade fuzz', () => {
  it('opens a socket only for the exact token, protocol, Origin and Host', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    let opened = 0;
    for (let i = 0; i < UPGRADES; i += 1) {
      const attempt = randomUpgrade(server.token);
      // a local "localhost" origin for a 127.0.0.1 host is foreign: the check is exact
      const expected = attempt.valid && attempt.protocols.includes(`toolshed-token.${server.token}`) && attempt.protocols.includes('toolshed');
      const result = await tryUpgrade(attempt.protocols, attempt.headers);
      if (result) opened += 1;
      if (result !== expected) wrong.push(`${JSON.stringify(attempt)} opened=${result}`);
    }
    console.log(`upgrade fuzz: ${UPGRADES} attempts, ${opened} opened (each with the exact credentials)`);
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(opened).toBeGreaterThan(0);
  });
});
