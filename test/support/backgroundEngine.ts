// The background engine as systemd runs it, for tests: `toolshed engine`
// behind systemd-socket-activate (the socket is listened on first; the engine
// starts on the first connection and gets it as fd 3, LISTEN_FDS), in its own
// runtime, config, state and data folders. The CLI is built first.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './serve.js';
import { seedToolboxConfig } from './toolboxConfig.js';
import { pollUntil } from './poll.js';
import { signal } from '../../electron/services/terminal/processes.js';

export interface BackgroundService {
  /** The environment of the service; a desktop app or serve given it attaches to this service. */
  env: Record<string, string>;
  socket: string;
  /** The systemd-socket-activate process, which becomes the engine (it execs it). */
  child: ChildProcess;
  exited: Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/** Builds dist/server/cli.js (what bin/toolshed.js runs), as `npm run build` does. */
export function buildCli(): void {
  execFileSync(process.execPath, [path.join(REPO, 'scripts/build-node.js')], { cwd: REPO, stdio: 'pipe' });
}

/** Resolves once the socket listens (systemd-socket-activate says so); the engine starts at the first connection. */
export async function startBackgroundService({
  extraEnv = {},
  build = true,
}: { extraEnv?: Record<string, string>; build?: boolean } = {}): Promise<BackgroundService> {
  if (build) buildCli(); // the e2e suite runs on what `npm run build` made
  const root = mkdtempSync(path.join(os.tmpdir(), 'tsh-background-'));
  const runtime = path.join(root, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  mkdirSync(path.join(runtime, 'toolshed'), { mode: 0o700 });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    TOOLSHED_ULIMIT_HOST: process.env.TOOLSHED_ULIMIT_HOST ?? '0',
    TOOLSHED_UPDATE_CHECK_HOURS: '0',
    ...extraEnv,
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: path.join(root, 'config'),
    XDG_STATE_HOME: path.join(root, 'state'),
    XDG_DATA_HOME: path.join(root, 'data'),
  };
  seedToolboxConfig(env.XDG_CONFIG_HOME!);
  const socket = path.join(runtime, 'toolshed', 'engine.sock');
  // it passes on only TERM, PATH and HOME (as systemd's user manager passes few): the rest is named
  const passed = [
    'XDG_RUNTIME_DIR',
    'XDG_CONFIG_HOME',
    'XDG_STATE_HOME',
    'XDG_DATA_HOME',
    'TOOLSHED_ULIMIT_HOST',
    'TOOLSHED_UPDATE_CHECK_HOURS',
    ...Object.keys(extraEnv),
  ];
  const args = ['--listen', socket, ...passed.flatMap((name) => ['-E', name]), process.execPath, path.join(REPO, 'bin/toolshed.js'), 'engine'];
  const child = spawn('systemd-socket-activate', args, {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  child.stdout!.on('data', (data: Buffer) => (text += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (text += data.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await pollUntil('systemd-socket-activate to listen', () => /Listening on /.test(text) || (child.exitCode !== null && `exited: ${text}`), 10_000);
  if (child.exitCode !== null) throw new Error(`systemd-socket-activate ended: ${text}`);
  return {
    env,
    socket,
    child,
    exited,
    output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
        if ((await Promise.race([exited, timer])) === 'timeout' && child.pid !== undefined) signal(-child.pid, 'SIGKILL');
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
