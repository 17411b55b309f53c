// `toolshed serve` as a user starts it (the built CLI, a fresh config folder,
// this machine's limits), and a minimal WebSocket client that speaks the
// contract the way the served UI does. The e2e specs and the bench use these,
// for the servers they start and their setup calls.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedToolboxConfig } from './toolboxConfig.js';
import { WebSocket } from 'ws';
import type { CallArgs, CallName, CallResults, EventMessage } from '../../shared/contract.js';
import type { ServerMessage } from '../../shared/wire.js';
import { WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../shared/serveAuth.js';
import { signal } from '../../electron/services/terminal/processes.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface Serve {
  /** The URL with the token, for a browser's first visit. */
  url: string;
  origin: string;
  token: string;
  pid: number;
  /** From spawn to the "serving at" line. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Starts `node bin/toolshed.js serve` on a free loopback port, with its own config and state folders
 * (settings.json written first when `settings` is given); resolves once it prints its URL.
 */
export async function startServe(options: { settings?: string } = {}): Promise<Serve & { configFile: string }> {
  const configHome = mkdtempSync(path.join(os.tmpdir(), 'tsh-bench-config-'));
  const configFile = path.join(configHome, 'toolshed', 'settings.json');
  if (options.settings !== undefined) {
    mkdirSync(path.dirname(configFile), { recursive: true });
    writeFileSync(configFile, options.settings);
  }
  seedToolboxConfig(configHome);
  const token = randomBytes(18).toString('base64url');
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(REPO, 'bin/toolshed.js'), 'serve', '--another', '--port', '0'], {
    cwd: REPO,
    env: {
      ...process.env,
      TOOLSHED_TOKEN: token,
      TOOLSHED_ULIMIT_HOST: process.env.TOOLSHED_ULIMIT_HOST ?? '0',
      TOOLSHED_UPDATE_CHECK_HOURS: '0',
      XDG_CONFIG_HOME: configHome,
      XDG_STATE_HOME: path.join(configHome, 'state'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await servingUrl(child);
  const readyMs = performance.now() - started;
  return {
    configFile,
    url,
    origin: new URL(url).origin,
    token,
    pid: child.pid!,
    readyMs,
    async stop() {
      await stopChild(child, exited);
      rmSync(configHome, { recursive: true, force: true });
    },
  };
}

/** Resolves with the URL a spawned `toolshed serve` prints once it listens; rejects if it exits first or prints none within 30 s. */
export async function servingUrl(child: ChildProcess): Promise<string> {
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /serving at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
    child.once('exit', (code) => reject(new Error(`toolshed serve exited with ${String(code)}: ${output.trim().slice(-500)}`)));
    setTimeout(() => reject(new Error(`toolshed serve printed no URL within 30 s: ${output.trim().slice(-500)}`)), 30_000).unref();
  });
  // keep reading its log so a full pipe never blocks it
  child.stderr?.resume();
  return url;
}

/** Ends a spawned process (SIGTERM, then its whole group by SIGKILL after 5 s). */
export async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout' && child.pid !== undefined) signal(-child.pid, 'SIGKILL');
}

/** Where a served engine answers, and the token it asks for. */
export type ServeAddress = Pick<Serve, 'origin' | 'token'>;

/** What the served page offers as WebSocket subprotocols: Toolshed's, and its token. */
export function socketProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`];
}

/** The contract over the served WebSocket, from Node. */
export class ServeClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<(message: EventMessage) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if ('event' in message) {
        for (const listener of this.listeners) listener(message);
        return;
      }
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiter) return;
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${message.error.code}: ${message.error.message}`));
    });
  }

  static connect(serve: ServeAddress): Promise<ServeClient> {
    const socket = new WebSocket(`${serve.origin.replace(/^http/, 'ws')}/ws`, socketProtocols(serve.token), { headers: { origin: serve.origin } });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ServeClient(socket)));
      socket.once('error', reject);
    });
  }

  call<K extends CallName>(method: K, args: CallArgs<K>): Promise<CallResults[K]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, args }));
    });
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.socket.close();
  }
}

/** Closes every terminal session of a served engine (tabs a benchmark or a test left open). */
export async function closeAllTerminals(serve: ServeAddress): Promise<void> {
  const client = await ServeClient.connect(serve);
  try {
    // each close waits for its shell to go (up to the session's grace period): all at once
    await Promise.all((await client.call('listTerminals', {})).map(({ id }) => client.call('closeTerminal', { id })));
  } finally {
    client.close();
  }
}
