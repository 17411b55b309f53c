// Toolbx tabs through the host's toolbox (`toolbox run`), on real podman:
// the shell has the same environment, user and working folder as `toolbox
// enter` gives in a raw pty, compared variable by variable; it carries the
// session mark, and closing the tab ends its processes; with the setting off
// (or no host toolbox) the tab opens through Toolshed's own podman exec.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pty from 'node-pty';
import { pgrep } from '../support/processes.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import { FIXTURE_IMAGE, missing, podman, removeContainers, testEngine } from '../support/env.js';
import { follow } from '../support/followTab.js';

const why = missing({ fixture: true, toolbox: true });
const BOX = 'tsh-tab-toolbox';
/** Differ by design: the session mark, the last command run, the folder before the last cd. */
const NOT_COMPARED = new Set(['TOOLSHED_TERMINAL', '_', 'OLDPWD']);
/** A desktop session sets USER; a CI runner may not: both sides get the same. */
const SESSION_ENV = { USER: process.env.USER ?? 'root' };

/** NAME=value lines of `env -0` output written to a file, as a map. */
function environment(file: string): Map<string, string> {
  return new Map(
    readFileSync(file, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

describe.skipIf(why)(`tabs through the host's toolbox${why ? ` (skipped: ${why})` : ''}`, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tsh-tab-toolbox-'));
  let engine: Engine;
  // what the shell reports, into files under the shared home
  const report = (name: string) => `env -0 > ${work}/${name}.env; id > ${work}/${name}.id; pwd > ${work}/${name}.pwd; echo "reported-$((6*7))-${name}"\r`; // what waits for it is not the echo of the typing

  beforeAll(() => {
    removeContainers([BOX]);
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { cwd: '/tmp', stdio: 'pipe' });
    engine = testEngine({ env: SESSION_ENV });
  });

  afterAll(() => {
    engine?.dispose();
    removeContainers([BOX]);
    rmSync(work, { recursive: true, force: true });
  });

  it('gives the shell what toolbox enter in a raw pty gives, variable by variable, and its processes end with the tab', async () => {
    // toolbox enter in a raw pty, as a terminal emulator runs it
    const raw = pty.spawn('toolbox', ['enter', BOX], {
      cols: 80,
      rows: 24,
      cwd: process.env.HOME ?? '/root',
      env: { ...process.env, ...SESSION_ENV, TERM: 'xterm-256color', COLORTERM: 'truecolor' },
    });
    let rawOutput = '';
    raw.onData((data) => (rawOutput += data));
    await expect.poll(() => rawOutput, { timeout: 60_000 }).toMatch(/[#$] $/m);
    raw.write(report('raw'));
    await expect.poll(() => rawOutput, { timeout: 20_000 }).toContain('reported-42-raw');
    raw.kill();

    const info = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      // the tab's podman exec is toolbox's (it names the container, Toolshed's names its id)
      expect(pgrep(`toolbox run --container ${BOX} `)).toHaveLength(1);
      await engine.api.writeTerminal({ id: info.id, data: report('tab') });
      await tab.waitForText(/reported-42-tab/);

      const [inRaw, inTab] = [environment(`${work}/raw.env`), environment(`${work}/tab.env`)];
      expect(inTab.get('TOOLSHED_TERMINAL')).toMatch(/.+/);
      const names = [...new Set([...inRaw.keys(), ...inTab.keys()])].filter((name) => !NOT_COMPARED.has(name)).sort();
      expect(names.map((name) => [name, inTab.get(name)])).toEqual(names.map((name) => [name, inRaw.get(name)]));
      expect(readFileSync(`${work}/tab.id`, 'utf8')).toBe(readFileSync(`${work}/raw.id`, 'utf8'));
      expect(readFileSync(`${work}/tab.pwd`, 'utf8')).toBe(readFileSync(`${work}/raw.pwd`, 'utf8'));

      await engine.api.writeTerminal({ id: info.id, data: 'sleep 4343\r' });
      await expect.poll(() => pgrep('sleep 4343').length).toBe(1);
      expect(await engine.api.terminalBusy({ id: info.id })).toEqual({ program: 'sleep' });
      await engine.api.closeTerminal({ id: info.id });
      expect(pgrep('sleep 4343')).toEqual([]);
      expect(pgrep(`toolbox run --container ${BOX} `)).toEqual([]);
    } finally {
      tab.stop();
    }
  }, 120_000);

  /** Opens a tab, has its shell exit with `code`, and expects the tab to say so; `check` runs once the prompt is there. */
  async function exitsWith(code: number, check: () => void = () => undefined): Promise<void> {
    const info = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      check();
      await engine.api.writeTerminal({ id: info.id, data: `exit ${code}\r` });
      await tab.waitForExit();
      expect(tab.info?.exitCode).toBe(code);
    } finally {
      tab.stop();
      await engine.api.closeTerminal({ id: info.id }).catch(() => undefined);
    }
  }

  it('opens through Toolshed’s own podman exec when the setting is off; the exit code is the shell’s either way', async () => {
    await engine.api.updateSettings({ tabsThroughToolbox: false });
    try {
      await exitsWith(7, () => {
        expect(pgrep(`toolbox run --container ${BOX} `)).toEqual([]);
        expect(pgrep(`podman exec .*${podman('inspect', '--format', '{{.Id}}', BOX)}`)).toHaveLength(1);
      });
    } finally {
      await engine.api.updateSettings({ tabsThroughToolbox: true });
    }
    await exitsWith(9, () => expect(pgrep(`toolbox run --container ${BOX} `)).toHaveLength(1));
  }, 120_000);
});
