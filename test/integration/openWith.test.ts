// A toolbox opened in the user's own tools, for real: a Debian xterm on a
// private X server runs `toolbox enter NAME`, whose shell runs in the toolbox
// (its root is the container's, read in /proc); VS Code's attach file is
// written only as shown and approved, and a `code` on PATH gets exactly the
// folder URI; the file manager is given the container's root.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedToolboxConfig } from '../support/toolboxConfig.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import { attachedContainerUri } from '../../electron/services/openWith/vscode.js';
import { FIXTURE_IMAGE, missing, podman, removeContainers, testEngine } from '../support/env.js';
import { pollUntil } from '../support/poll.js';
import { startXvfb, type XServer } from '../support/xServer.js';

const BOX = 'tsh-open-with';
const why = missing({ fixture: true, toolbox: true });

/** Processes whose root is the container's (as its init sees it): dev and inode of /proc/PID/root. */
function processesIn(containerPid: number): Map<number, string> {
  const rootOf = (pid: number | string) => {
    const info = statSync(`/proc/${pid}/root/`);
    return `${info.dev}:${info.ino}`;
  };
  const root = rootOf(containerPid);
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (rootOf(entry) === root) found.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' '));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** argv of every process running `program` (by the file name of its argv[0]). */
const running = (program: string) =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => {
      try {
        return { pid: Number(pid), argv: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) };
      } catch {
        return { pid: Number(pid), argv: [] };
      }
    })
    .filter((p) => p.argv[0] !== undefined && path.basename(p.argv[0]) === program);

describe.skipIf(why)(`opening a toolbox in the user's own tools${why ? ` (skipped: ${why})` : ''}`, () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tsh-open-with-'));
  const fakeBin = path.join(work, 'bin');
  const configHome = path.join(work, 'config');
  let engine: Engine;
  let x: XServer;

  /** A program on the engine's PATH that records its arguments (NUL-separated) and exits. */
  const recorder = (name: string) => {
    execFileSync('mkdir', ['-p', fakeBin]);
    const file = path.join(fakeBin, name);
    writeFileSync(file, `#!/bin/sh\nprintf '%s\\0' "$@" > "${path.join(work, `${name}.args`)}"\n`);
    chmodSync(file, 0o755);
  };
  const recorded = (name: string) =>
    pollUntil(
      `${name} to be run`,
      () =>
        existsSync(path.join(work, `${name}.args`)) &&
        readFileSync(path.join(work, `${name}.args`), 'utf8')
          .split('\0')
          .slice(0, -1),
    );

  beforeAll(async () => {
    removeContainers([BOX]);
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { cwd: '/tmp', stdio: 'pipe' });
    x = await startXvfb();
    recorder('code');
    recorder('xdg-open');
    seedToolboxConfig(configHome); // its toolbox enter in xterm reads toolbox's own state there
    engine = testEngine({ env: { DISPLAY: x.display, XDG_CONFIG_HOME: configHome, PATH: `${fakeBin}:${process.env.PATH}` } });
  });

  afterAll(() => {
    engine?.dispose();
    for (const { pid } of running('xterm')) process.kill(pid, 'SIGKILL');
    x?.stop();
    removeContainers([BOX]);
    rmSync(work, { recursive: true, force: true });
  });

  it('lists what is installed: xterm among the terminals, VS Code (a code on PATH), a file manager', async () => {
    const tools = await engine.api.describeOpenWith({});
    expect(tools.terminals).toContainEqual({ id: 'xterm', name: 'xterm' });
    expect(tools.editors).toContainEqual({ id: 'code', name: 'VS Code' });
    expect(tools.fileManager).toBe(true);
  });

  it('opens an xterm whose child is `toolbox enter NAME`, and whose shell runs in the toolbox', async () => {
    const before = new Set(running('xterm').map((p) => p.pid));
    const opened = await engine.api.openInTerminal({ container: BOX, terminal: 'xterm' });
    const where = (program: string) => execFileSync('sh', ['-c', 'command -v "$1"', 'sh', program], { encoding: 'utf8' }).trim();
    const toolbox = where('toolbox');
    expect(opened).toEqual({ terminal: 'xterm', argv: [where('xterm'), '-e', toolbox, 'enter', BOX] });
    const xterm = await pollUntil('the xterm', () => running('xterm').find((p) => !before.has(p.pid)));
    expect(xterm.argv).toEqual(opened.argv);
    // xterm's child is toolbox enter, and the shell it opens has the container's root
    const child = await pollUntil('toolbox enter under the xterm', () =>
      running('toolbox').find((p) => readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(xterm.pid)),
    );
    expect(child.argv.slice(1)).toEqual(['enter', BOX]);
    // toolbox enter starts the toolbox
    const containerPid = await pollUntil('the toolbox to run', () => Number(podman('inspect', '--format', '{{.State.Pid}}', BOX)), 60_000);
    const shell = await pollUntil(
      'a shell in the toolbox',
      () => [...processesIn(containerPid).values()].find((argv) => /(^|\/)(bash|sh)( -l)?$|capsh/.test(argv) && !argv.includes('init-container')),
      60_000,
    );
    expect(shell).toBeTruthy();
    process.kill(xterm.pid, 'SIGKILL');
  }, 120_000);

  it("shows VS Code's attach file before writing it, writes it only as shown, and runs code with exactly the folder URI", async () => {
    const home = os.userInfo().homedir;
    const configFile = path.join(configHome, 'Code/User/globalStorage/ms-vscode-remote.remote-containers/nameConfigs', `${BOX}.json`);
    const plan = await engine.api.planEditor({ container: BOX, editor: 'code' });
    expect(plan.argv).toEqual(['code', '--folder-uri', attachedContainerUri(BOX, home)]);
    expect(plan.changes).toEqual([expect.objectContaining({ path: configFile, before: null })]);
    // declined: nothing is written (the window only asked for the plan)
    expect(existsSync(configFile)).toBe(false);
    // a plan the files no longer match writes nothing
    await expect(engine.api.openInEditor({ container: BOX, editor: 'code', digest: '0'.repeat(64) })).rejects.toMatchObject({ code: 'CHANGED' });
    expect(existsSync(configFile)).toBe(false);
    // approved: written as shown, and code is run
    const opened = await engine.api.openInEditor({ container: BOX, editor: 'code', digest: plan.digest });
    expect(opened.written).toEqual([configFile]);
    expect(readFileSync(configFile, 'utf8')).toBe(plan.changes[0]!.after);
    expect(JSON.parse(plan.changes[0]!.after)).toMatchObject({ remoteUser: os.userInfo().username, remoteEnv: { HOME: home }, workspaceFolder: home });
    expect(await recorded('code')).toEqual(['--folder-uri', attachedContainerUri(BOX, home)]);
    // asked again: nothing left to write
    expect((await engine.api.planEditor({ container: BOX, editor: 'code' })).changes).toEqual([]);
  });

  it("changes the user's settings.json for podman only when asked, and leaves one with comments alone, saying what to add", async () => {
    const settingsFile = path.join(configHome, 'Code/User/settings.json');
    writeFileSync(settingsFile, '{\n    // mine\n    "editor.fontSize": 14\n}\n');
    const withComments = await engine.api.planEditor({ container: BOX, editor: 'code', usePodman: true });
    expect(withComments.changes).toEqual([]);
    expect(withComments.notes.join(' ')).toMatch(/Add "dev.containers.dockerPath": "podman" to .*settings.json yourself/);
    writeFileSync(settingsFile, '{\n    "editor.fontSize": 14\n}\n');
    chmodSync(settingsFile, 0o640);
    const plan = await engine.api.planEditor({ container: BOX, editor: 'code', usePodman: true });
    expect(plan.changes.map((c) => c.path)).toEqual([settingsFile]);
    await engine.api.openInEditor({ container: BOX, editor: 'code', usePodman: true, digest: plan.digest });
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ 'editor.fontSize': 14, 'dev.containers.dockerPath': 'podman' });
    expect(statSync(settingsFile).mode & 0o777).toBe(0o640); // replaced whole, its mode kept
  });

  it("opens the file manager at the toolbox's root as its processes see it, and at the home", async () => {
    const root = await engine.api.openFiles({ container: BOX, where: 'root' });
    const containerPid = podman('inspect', '--format', '{{.State.Pid}}', BOX);
    expect(root.path).toBe(`/proc/${containerPid}/root`);
    expect(readFileSync(path.join(root.path, 'etc/os-release'), 'utf8')).toMatch(/ID=/);
    expect(await recorded('xdg-open')).toEqual([root.path]);
    rmSync(path.join(work, 'xdg-open.args'));
    expect((await engine.api.openFiles({ container: BOX, where: 'home' })).path).toBe(os.userInfo().homedir);
    expect(await recorded('xdg-open')).toEqual([os.userInfo().homedir]);
  });
});
