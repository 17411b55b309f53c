// The engine as a background service (`toolshed engine`, started by socket
// activation as systemd's unit does): a client's tab keeps running after that
// client is gone, the next client finds it with its screen, and Quit ends the
// engine and the tab's processes. Where nothing listens, or a socket file is
// left that nothing answers, the app runs its own engine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pgrep } from '../support/processes.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachToBackgroundEngine, type BackgroundEngine } from '../../electron/services/background/engineClient.js';
import { startBackgroundService, type BackgroundService } from '../support/backgroundEngine.js';
import { follow } from '../support/followTab.js';
import { pollUntil } from '../support/poll.js';
import { works } from '../support/env.js';
import { REPO } from '../support/serve.js';

const why = works('systemd-socket-activate', ['--version']) ? undefined : 'systemd-socket-activate is not installed (the systemd package)';
if (why && process.env.CI) throw new Error(`Integration tests cannot run: ${why}`);

describe.skipIf(why)(`the background engine${why ? ` (skipped: ${why})` : ''}`, () => {
  let service: BackgroundService;
  const log: string[] = [];
  const attach = async (): Promise<BackgroundEngine> => {
    const engine = await attachToBackgroundEngine(service.socket, (line) => log.push(line));
    if (!engine) throw new Error(`nothing answered at ${service.socket}:\n${log.join('\n')}\n${service.output()}`);
    return engine;
  };

  beforeAll(async () => {
    service = await startBackgroundService();
  });

  afterAll(async () => {
    await service.stop();
  });

  it('keeps a tab running when its client goes; the next client finds it with its screen; Quit ends it', { timeout: 60_000 }, async () => {
    const first = await attach();
    expect(await first.api.backgroundEngineStatus({})).toMatchObject({ inBackground: true, socket: service.socket });
    const opened = await first.api.openTerminal({ cols: 80, rows: 24 });
    const tab = follow(first, opened.id);
    await tab.waitForPrompt();
    await first.api.writeTerminal({ id: opened.id, data: 'sleep 4747\r' });
    await pollUntil('sleep 4747 to run', () => pgrep('^sleep 4747$').length === 1);
    tab.stop();
    first.dispose();

    // the client is gone: the shell and its sleep run on
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(pgrep('^sleep 4747$')).toHaveLength(1);
    const second = await attach();
    const tabs = await second.api.listTerminals({});
    expect(tabs.map((t) => ({ id: t.id, ended: t.exitCode !== undefined }))).toEqual([{ id: opened.id, ended: false }]);
    expect((await second.api.attachTerminal({ id: opened.id })).screen).toContain('sleep 4747');

    await second.quit();
    await service.exited;
    expect(service.output()).toContain('the background engine ends (asked to quit)');
    await pollUntil('sleep 4747 to end with the engine', () => pgrep('^sleep 4747$').length === 0);
    second.dispose();
  });

  it('started by hand, listens on its socket itself (only the user may connect), refuses to start twice, and takes its socket away at the end', async () => {
    const runtime = mkdtempSync(path.join(os.tmpdir(), 'tsh-engine-by-hand-'));
    const env = { ...service.env, XDG_RUNTIME_DIR: runtime };
    const socket = path.join(runtime, 'toolshed', 'engine.sock');
    const engine = spawn(process.execPath, [path.join(REPO, 'bin/toolshed.js'), 'engine'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    engine.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const ended = new Promise<number | null>((resolve) => engine.once('exit', resolve));
    try {
      await pollUntil('the engine to listen', () => output.includes('the background engine serves at'));
      expect(statSync(socket).mode & 0o777).toBe(0o600);
      const second = spawnSync(process.execPath, [path.join(REPO, 'bin/toolshed.js'), 'engine'], { cwd: REPO, env, encoding: 'utf8' });
      expect({ status: second.status, stderr: second.stderr }).toEqual({
        status: 1,
        stderr: `toolshed engine: one already runs at ${socket}; this one does not start.\n`,
      });
      const client = await attachToBackgroundEngine(socket, (line) => log.push(line));
      expect(await client!.api.backgroundEngineStatus({})).toMatchObject({ inBackground: true, socket });
      await client!.quit();
      client!.dispose();
      expect(await ended).toBe(0);
      expect(existsSync(socket)).toBe(false);
    } finally {
      engine.kill('SIGKILL');
      rmSync(runtime, { recursive: true, force: true });
    }
  });

  it('is not there where nothing listens, or where a socket file is left that nothing answers (the app then runs its own)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tsh-no-engine-'));
    try {
      expect(await attachToBackgroundEngine(path.join(dir, 'engine.sock'), (line) => log.push(line))).toBeUndefined();
      writeFileSync(path.join(dir, 'stale.sock'), '');
      expect(await attachToBackgroundEngine(path.join(dir, 'stale.sock'), (line) => log.push(line))).toBeUndefined();
      expect(log.at(-1)).toMatch(/does not answer .*: running an engine of this app's own/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
