// Terminal sessions against real podman: a tab in a toolbox made by the
// toolbox CLI starts the stopped container, runs the user's login shell with
// the size of the grid, reports the shell's exit code, tells when its
// container stopped or was removed, and closing it leaves no `podman exec`
// and no shell behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pty from 'node-pty';
import { pgrep } from '../support/processes.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import { SESSION_MARK_VAR } from '../../electron/services/terminal/enterArgs.js';
import { findMarkedProcesses } from '../../electron/services/terminal/processes.js';
import { FIXTURE_IMAGE, missing, podman, removeContainers, testEngine } from '../support/env.js';
import { follow } from '../support/followTab.js';
import { tabExecPattern } from '../support/tabExec.js';
import type { PodmanCall } from '../../electron/services/podman/client.js';

/** A desktop session sets USER; a CI runner may not (tabs, like toolbox enter, then leave it unset): both sides get it. */
const SESSION_ENV = { USER: 'root' };
const why = missing({ fixture: true, toolbox: true });
const BOX = 'tsh-term-it';
const DOOMED = 'tsh-term-it-doomed';
const PLAIN = 'tsh-term-it-plain';

function tryPodman(...args: string[]): void {
  try {
    execFileSync('podman', args, { cwd: '/tmp', stdio: 'pipe' });
  } catch {
    // the outcome is checked through the tab
  }
}

describe.skipIf(why)(`terminal sessions on real podman${why ? ` (skipped: ${why})` : ''}`, () => {
  let engine: Engine;
  let boxId = '';

  beforeAll(() => {
    removeContainers([BOX, DOOMED, PLAIN]);
    podman('create', '--name', PLAIN, '--label', 'com.github.containers.toolbox=false', FIXTURE_IMAGE, 'sleep', 'infinity');
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { cwd: '/tmp', stdio: 'pipe' });
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, DOOMED], { cwd: '/tmp', stdio: 'pipe' });
    boxId = podman('inspect', '--format', '{{.Id}}', BOX);
    engine = testEngine({ env: SESSION_ENV });
  });

  afterEach(async () => {
    // a failed test must not leave its tabs to the next one
    for (const { id } of await engine.api.listTerminals({})) await engine.api.closeTerminal({ id });
  });

  afterAll(() => {
    engine?.dispose();
    removeContainers([BOX, DOOMED, PLAIN]);
  });

  it('starts a stopped toolbox, runs the login shell at the grid size, and closes without leftovers', async () => {
    expect(podman('inspect', '--format', '{{.State.Status}}', BOX)).not.toBe('running');
    const info = await engine.api.openTerminal({ container: BOX, cols: 91, rows: 27 });
    expect(info).toMatchObject({ id: expect.stringMatching(/^t[0-9]+$/), container: BOX, cols: 91, rows: 27 });
    expect(podman('inspect', '--format', '{{.State.Status}}', BOX)).toBe('running');
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      await engine.api.writeTerminal({ id: info.id, data: 'echo "hi-$((40+2))"; stty size; echo "$TERM $COLORTERM $USER"; pwd\r' });
      await tab.waitForText(/hi-42/);
      await tab.waitForText(/27 91/);
      await tab.waitForText(/xterm-256color truecolor root/);
      expect(tab.output).toMatch(new RegExp(`\\r\\n${process.env.HOME ?? '/root'}\\r\\n`));

      // podman passes the new size on to the container's terminal a moment later: ask until it has
      await engine.api.resizeTerminal({ id: info.id, cols: 120, rows: 40 });
      await expect
        .poll(
          async () => {
            await engine.api.writeTerminal({ id: info.id, data: 'stty size\r' });
            await new Promise((resolve) => setTimeout(resolve, 300));
            return /[\r\n]40 120\r\n/.test(tab.output);
          },
          { timeout: 20_000 },
        )
        .toBe(true);

      // the shell's processes are podman's conmon's children: they must go too
      await engine.api.writeTerminal({ id: info.id, data: 'sleep 4242\r' });
      await expect.poll(() => pgrep('sleep 4242').length).toBe(1);
      expect(await engine.api.terminalBusy({ id: info.id })).toEqual({ program: 'sleep' });
      expect(pgrep(tabExecPattern(BOX, boxId))).toHaveLength(1);

      expect(await engine.api.closeTerminal({ id: info.id })).toEqual({ closed: true });
      expect(pgrep(tabExecPattern(BOX, boxId))).toEqual([]);
      expect(pgrep('sleep 4242')).toEqual([]);
      expect(await engine.api.listTerminals({})).toEqual([]);
    } finally {
      tab.stop();
    }
  });

  it("reports the shell's exit code, keeps the ended tab for reattach, and is idle when only the shell runs", async () => {
    const info = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      await engine.api.writeTerminal({ id: info.id, data: 'echo ready-$((1+1))\r' });
      await tab.waitForText(/ready-2/);
      expect(await engine.api.terminalBusy({ id: info.id })).toEqual({ program: null });
      await engine.api.writeTerminal({ id: info.id, data: 'exit 3\r' });
      await tab.waitForExit();
      expect(tab.info?.exitCode).toBe(3);
      expect(tab.info?.endReason).toBeUndefined();
      const attached = await engine.api.attachTerminal({ id: info.id });
      expect(attached.info.exitCode).toBe(3);
      expect(attached.screen).toContain('ready-2');
      await engine.api.closeTerminal({ id: info.id });
      expect(pgrep(tabExecPattern(BOX, boxId))).toEqual([]);
    } finally {
      tab.stop();
    }
  });

  it('says so when the container is stopped, or removed, under an open tab', async () => {
    const first = await engine.api.openTerminal({ container: DOOMED, cols: 80, rows: 24 });
    const tab = follow(engine, first.id);
    try {
      await tab.waitForPrompt();
      await engine.api.writeTerminal({ id: first.id, data: 'echo up-$((2+3))\r' });
      await tab.waitForText(/up-5/);
      // podman stops the container but, its PID namespace being the host's, not the tab's shell, and then
      // refuses to clean up ("has active exec sessions"); Toolshed ends the tab's shell itself
      tryPodman('stop', '--time', '1', DOOMED);
      await tab.waitForInfo((i) => i.endReason !== undefined && i.exitCode !== undefined, 'the end reason and the exit');
      expect(tab.info?.endReason).toBe(`${DOOMED} stopped.`);
      expect(pgrep(tabExecPattern(DOOMED, podman('inspect', '--format', '{{.Id}}', DOOMED)))).toEqual([]);
    } finally {
      tab.stop();
    }

    const second = await engine.api.openTerminal({ container: DOOMED, cols: 80, rows: 24 });
    const other = follow(engine, second.id);
    try {
      await other.waitForPrompt();
      await engine.api.writeTerminal({ id: second.id, data: 'echo again-$((3+4))\r' });
      await other.waitForText(/again-7/);
      podman('rm', '--force', '--time', '0', DOOMED);
      await other.waitForInfo((i) => i.endReason !== undefined && i.exitCode !== undefined, 'the end reason and the exit');
      expect(other.info?.endReason).toBe(`${DOOMED} was removed.`);
    } finally {
      other.stop();
      await engine.api.closeTerminal({ id: first.id });
      await engine.api.closeTerminal({ id: second.id });
    }
  });

  it('lets Toolshed stop a toolbox that has an open tab, hanging its shell up first: it saves its history, and podman cleans the toolbox up', async () => {
    const opened = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, opened.id);
    const history = path.join(mkdtempSync(path.join(os.homedir(), '.toolshed-history-')) /* the home is the toolbox's too */, 'bash_history');
    try {
      await tab.waitForPrompt();
      // bash writes its history when hung up, never when killed; this one takes a second to end (a slow
      // profile's exit hook would), which a stop must wait for rather than cut short
      const hungUp = path.join(path.dirname(history), 'hung-up');
      await engine.api.writeTerminal({ id: opened.id, data: `HISTFILE=${history}; trap 'echo >${hungUp}; sleep 1; exit' HUP; echo kept-$((6*7))\r` });
      await tab.waitForText(/kept-42/);
      expect((await engine.api.stopContainer({ container: BOX })).state).toBe('exited');
      // the shell's exit was over before the stop went on: its history is there already
      expect(existsSync(history), `the history is written (the shell saw its hang-up: ${existsSync(hungUp)})`).toBe(true);
      expect(readFileSync(history, 'utf8')).toContain('echo kept-$((6*7))');
      // cleaned up: with a live exec session podman leaves it "stopped" ("refusing to clean up"; podman 4.3
      // with `toolbox run`'s sessions failed the stop outright)
      expect(podman('inspect', '--format', '{{.State.Status}}', BOX)).toBe('exited');
      await tab.waitForInfo((i) => i.endReason !== undefined && i.exitCode !== undefined, 'the end reason and the exit');
      expect(tab.info?.endReason).toBe(`${BOX} stopped.`);
    } finally {
      tab.stop();
      await engine.api.closeTerminal({ id: opened.id });
      rmSync(path.dirname(history), { recursive: true, force: true });
    }
  });

  it('a tab asked for while Toolshed starts its toolbox opens once the start is done (as Reopen does when the list first shows it running)', async () => {
    await engine.api.stopContainer({ container: BOX });
    const waitingForInit = new Promise<void>((resolve) => {
      const subscription = engine.subscribe((message) => {
        if (message.event === 'progress' && message.payload.container === BOX && message.payload.message.startsWith('Waiting for the toolbox')) {
          subscription.dispose();
          resolve();
        }
      });
    });
    const starting = engine.api.startContainer({ container: BOX });
    await waitingForInit; // running, and the start still holds the toolbox
    const opened = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, opened.id);
    try {
      expect((await starting).state).toBe('running');
      await tab.waitForPrompt();
    } finally {
      tab.stop();
      await engine.api.closeTerminal({ id: opened.id });
    }
  });

  it("runs its `podman exec` through the engine's podman runner, where calls are counted", async () => {
    const calls: PodmanCall[] = [];
    const counted = testEngine({ podman: { onCall: (call) => calls.push(call) } });
    try {
      const opened = await counted.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
      expect(calls.some((c) => c.args[0] === 'exec' && c.args.includes(boxId))).toBe(true);
      await counted.api.closeTerminal({ id: opened.id });
    } finally {
      counted.dispose();
    }
  });

  it('refuses a container that is not a toolbox, and names a missing one', async () => {
    await expect(engine.api.openTerminal({ container: PLAIN, cols: 80, rows: 24 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: `"${PLAIN}" is not a toolbox: Toolshed opens terminals in Toolbx and distrobox containers.`,
    });
    // every call that needs a toolbox says why, in the words of the kinds table (shared/domain/containerKinds.ts)
    const refusals: [() => Promise<unknown>, RegExp][] = [
      [() => engine.api.openTerminal({ container: PLAIN, upgrade: true, cols: 80, rows: 24 }), /updates are checked and upgraded/],
      [() => engine.api.checkUpdates({ container: PLAIN }), /updates are checked and upgraded/],
      [() => engine.api.listShims({ container: PLAIN }), /host programs are for/],
      [() => engine.api.setLauncher({ container: PLAIN, enabled: true }), /launchers are for/],
      [() => engine.api.exportApp({ container: PLAIN, desktopFile: 'x.desktop' }), /apps are exported from Toolbx containers/],
      [
        () => engine.api.editSetup({ container: PLAIN, setup: { volumes: [], env: [], ulimitHost: false, hostname: null }, operationId: 'op-plain-edit' }),
        /setups, snapshots, clones and backups/,
      ],
      [() => engine.api.openInTerminal({ container: PLAIN }), /Toolshed opens terminals in Toolbx and distrobox containers/],
    ];
    for (const [call, reason] of refusals) await expect(call()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(reason) });
    await expect(engine.api.openTerminal({ container: 'tsh-term-it-nothing', cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await engine.api.listTerminals({})).toEqual([]);
  });

  it('ends every session with the engine', async () => {
    const own = testEngine();
    const info = await own.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(own, info.id);
    await tab.waitForPrompt();
    await own.api.writeTerminal({ id: info.id, data: 'echo marker-$((5*5)); sleep 4343\r' });
    await tab.waitForText(/marker-25/);
    tab.stop();
    own.dispose();
    await expect.poll(() => pgrep('sleep 4343').length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => pgrep(tabExecPattern(BOX, boxId)).length, { timeout: 10_000 }).toBe(0);
  });

  it('runs a nested `toolbox enter` in a host tab, names it as busy, and marks the tab by OSC 777', async () => {
    const info = await engine.api.openTerminal({ cols: 100, rows: 30 });
    expect(info.container).toBeUndefined();
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      await engine.api.writeTerminal({ id: info.id, data: `cd /tmp && toolbox enter ${BOX}\r` });
      await tab.waitForText(/\[root@toolbox tmp\]# $/);
      expect(await engine.api.terminalBusy({ id: info.id })).toEqual({ program: 'toolbox' });
      // Toolbx prints OSC 777 push/pop only on Fedora Workstation and Silverblue hosts (not on this
      // Debian one): the same bytes, written from inside the nested shell, mark the host tab
      await engine.api.writeTerminal({ id: info.id, data: `printf '\\033]777;container;push;%s;toolbox;0\\033\\\\' ${BOX}\r` });
      await tab.waitForInfo((i) => i.nestedContainer === BOX, 'the OSC 777 push');
      await engine.api.writeTerminal({ id: info.id, data: 'exit\r' });
      await tab.waitForText(/logout\r\n[^]*# $/);
      await engine.api.writeTerminal({ id: info.id, data: "printf '\\033]777;container;pop;;;0\\033\\\\'\r" });
      await tab.waitForInfo((i) => i.nestedContainer === undefined, 'the OSC 777 pop');
      expect(await engine.api.terminalBusy({ id: info.id })).toEqual({ program: null });
      expect(tab.info?.exitCode).toBeUndefined();
    } finally {
      tab.stop();
      await engine.api.closeTerminal({ id: info.id });
    }
  });

  it("marks each session's processes so they can be found", async () => {
    const info = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      await engine.api.writeTerminal({ id: info.id, data: `tr '\\0' '\\n' < /proc/$$/environ | grep ^${SESSION_MARK_VAR}=\r` });
      await tab.waitForText(new RegExp(`${SESSION_MARK_VAR}=([0-9a-z-]+)`));
      const mark = new RegExp(`${SESSION_MARK_VAR}=([0-9a-z-]+)`).exec(tab.output)![1]!;
      expect(findMarkedProcesses(SESSION_MARK_VAR, mark).length).toBeGreaterThan(0);
      await engine.api.closeTerminal({ id: info.id });
      expect(findMarkedProcesses(SESSION_MARK_VAR, mark)).toEqual([]);
    } finally {
      tab.stop();
    }
  });

  /** The session mark of a tab, read from its shell's environment. */
  async function markOf(id: string, tab: ReturnType<typeof follow>): Promise<string> {
    await engine.api.writeTerminal({ id, data: `tr '\\0' '\\n' < /proc/$$/environ | grep ^${SESSION_MARK_VAR}=\r` });
    await tab.waitForText(new RegExp(`${SESSION_MARK_VAR}=([0-9a-z-]+)`));
    return new RegExp(`${SESSION_MARK_VAR}=([0-9a-z-]+)`).exec(tab.output)![1]!;
  }

  it('closing a tab ends the container-side shell and every job it started, even one that ignores the hang-up', async () => {
    const info = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      const mark = await markOf(info.id, tab);
      await engine.api.writeTerminal({ id: info.id, data: 'nohup sleep 4243 >/dev/null 2>&1 &\r' });
      await expect.poll(() => pgrep('sleep 4243').length).toBe(1);
      await engine.api.closeTerminal({ id: info.id });
      expect(pgrep('sleep 4243')).toEqual([]);
      expect(findMarkedProcesses(SESSION_MARK_VAR, mark)).toEqual([]);
    } finally {
      tab.stop();
    }
  });

  it('a killed `podman exec` takes the container-side shell and its jobs with it', async () => {
    const info = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      const mark = await markOf(info.id, tab);
      await engine.api.writeTerminal({ id: info.id, data: 'sleep 4244 &\r' });
      await expect.poll(() => pgrep('sleep 4244').length).toBe(1);
      for (const pid of pgrep(tabExecPattern(BOX, boxId))) process.kill(Number(pid), 'SIGKILL');
      await tab.waitForExit();
      await expect.poll(() => findMarkedProcesses(SESSION_MARK_VAR, mark), { timeout: 10_000 }).toEqual([]);
      expect(pgrep('sleep 4244')).toEqual([]);
    } finally {
      tab.stop();
    }
  });

  it('the shells of an engine that is gone are ended when the next one starts', async () => {
    const gone = testEngine();
    const info = await gone.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(gone, info.id);
    const mark = await (async () => {
      await tab.waitForPrompt();
      await gone.api.writeTerminal({ id: info.id, data: `tr '\\0' '\\n' < /proc/$$/environ | grep ^${SESSION_MARK_VAR}=\r` });
      await tab.waitForText(new RegExp(`${SESSION_MARK_VAR}=([0-9a-z-]+)`));
      return new RegExp(`${SESSION_MARK_VAR}=([0-9a-z-]+)`).exec(tab.output)![1]!;
    })();
    tab.stop();
    // an engine killed outright leaves its tab's shell under conmon: as if this mark were a dead engine's
    const orphanMark = mark.replace(/^([0-9]+)-([0-9]+)-/, '$1-1-');
    await gone.api.writeTerminal({ id: info.id, data: `env ${SESSION_MARK_VAR}=${orphanMark} nohup sleep 4245 >/dev/null 2>&1 &\r` });
    await expect.poll(() => findMarkedProcesses(SESSION_MARK_VAR, orphanMark).length).toBe(1);
    const next = testEngine();
    try {
      await expect.poll(() => findMarkedProcesses(SESSION_MARK_VAR, orphanMark), { timeout: 10_000 }).toEqual([]);
      // a live engine's sessions are left alone
      expect(findMarkedProcesses(SESSION_MARK_VAR, mark).length).toBeGreaterThan(0);
    } finally {
      next.dispose();
      await gone.api.closeTerminal({ id: info.id });
      gone.dispose();
    }
  });

  it('tabs follow their container through a rename: label, new tab and Reopen', async () => {
    const info = await engine.api.openTerminal({ container: BOX, cols: 80, rows: 24 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      expect(info).toMatchObject({ container: BOX, containerId: boxId });
      podman('rename', BOX, `${BOX}-renamed`);
      await tab.waitForInfo((i) => i.container === `${BOX}-renamed`, 'the new name');
      expect(tab.info).toMatchObject({ containerId: boxId });
      // what "+" and Reopen do: a new tab by the container's id
      const again = await engine.api.openTerminal({ container: boxId, cols: 80, rows: 24 });
      expect(again).toMatchObject({ container: `${BOX}-renamed`, containerId: boxId });
      await engine.api.closeTerminal({ id: again.id });
    } finally {
      tab.stop();
      podman('rename', `${BOX}-renamed`, BOX);
    }
  });

  // What a shell shows of itself: its environment (sorted), who and where it is, the devices it sees
  // and the CA certificates it trusts. Printed between markers so the screen around them does not matter.
  const PORTRAIT =
    "echo '<<'; env | sort; id; pwd; ls /dev | sort | tr '\\n' ' '; echo; (cat /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt 2>/dev/null || true) | sha256sum; echo '>>'";
  /** Variables that differ between two shells by design: the terminal's own (TERM, COLORTERM), Toolshed's session mark, the shell's bookkeeping. */
  const BY_DESIGN = /^(TERM|COLORTERM|SHLVL|_|OLDPWD|TOOLSHED_TERMINAL)=/;
  // eslint-disable-next-line no-control-regex -- terminal escape sequences are what it removes
  const ESCAPES = /\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g;
  const portrait = (output: string) =>
    /<<\r?\n([\s\S]*?)\r?\n>>/
      .exec(output.replace(ESCAPES, ''))![1]!
      .split(/\r?\n/)
      .filter((line) => !BY_DESIGN.test(line));

  it("a tab is the shell `toolbox enter` of the host's version opens: environment, user, directory, devices, CA trust", async () => {
    const info = await engine.api.openTerminal({ container: BOX, cols: 200, rows: 50 });
    const tab = follow(engine, info.id);
    let ours: string[];
    try {
      await tab.waitForPrompt();
      await engine.api.writeTerminal({ id: info.id, data: `${PORTRAIT}\r` });
      await tab.waitForText(/<<\r?\n[\s\S]*\r?\n>>/);
      ours = portrait(tab.output);
    } finally {
      tab.stop();
    }
    // the host's `toolbox enter`, from the home directory (where a tab starts), on a terminal of the same kind
    const theirs = await new Promise<string[]>((resolve, reject) => {
      const env = Object.fromEntries(
        Object.entries({ ...process.env, ...SESSION_ENV, TERM: 'xterm-256color', COLORTERM: 'truecolor' }).filter(
          (e): e is [string, string] => e[1] !== undefined,
        ),
      );
      const enter = pty.spawn('toolbox', ['enter', BOX], { cols: 200, rows: 50, cwd: os.userInfo().homedir, env });
      let output = '';
      let sent = false;
      const timer = setTimeout(() => (enter.kill('SIGKILL'), reject(new Error(`toolbox enter gave no portrait: ${output.slice(-500)}`))), 60_000);
      enter.onData((data) => {
        output += data;
        if (!sent && /# $/.test(output.trimEnd() + ' ')) {
          sent = true;
          enter.write(`${PORTRAIT}; exit\r`);
        }
        if (/<<\r?\n[\s\S]*\r?\n>>/.test(output)) {
          clearTimeout(timer);
          resolve(portrait(output.slice(output.lastIndexOf('<<\r\n'))));
        }
      });
    });
    expect(ours.length).toBeGreaterThan(10);
    expect(ours).toEqual(theirs);
  });
});
