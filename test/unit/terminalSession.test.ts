// One session on a real pty (the host's shell, no podman): a window that
// attaches late gets the screen back, the shell's title and OSC 777 container
// marks reach the tab, a busy foreground program is named, the exit code is
// kept, and closing hangs the shell and its job up.
import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { TerminalInfo } from '../../shared/contract.js';
import { SESSION_MARK_VAR, hostShellCommand } from '../../electron/services/terminal/enterArgs.js';
import { parseContainerOsc } from '../../electron/services/terminal/screenMirror.js';
import { TerminalSession, spawnLocal } from '../../electron/services/terminal/session.js';
import { findMarkedProcesses, findMarkedShell, parseStat, readStat } from '../../electron/services/terminal/processes.js';

function hostSession(id: string, mark: string) {
  let output = '';
  const infos: TerminalInfo[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  const command = hostShellCommand(
    { user: 'tester', home: '/tmp', shell: '/bin/bash', env: { ...process.env, PS1: '$ ', HISTFILE: '/dev/null' } },
    { [SESSION_MARK_VAR]: mark },
  );
  // --norc: the machine's bashrc must not decide what the test sees
  command.args = ['--norc', '--noprofile', '-i'];
  const session: TerminalSession = new TerminalSession({
    id,
    spawn: spawnLocal(command),
    cols: 80,
    rows: 24,
    title: 'host',
    mark,
    shellIsPtyProcess: true,
    onData: (data) => {
      output += data;
      session.ack(data.length);
      wake();
    },
    onChange: (info) => {
      infos.push(info);
      wake();
    },
    onExit: () => undefined,
  });
  const until = (check: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(output.slice(-300))}`)), 15_000);
      const waiter = () => {
        if (!check()) return;
        clearTimeout(timer);
        waiters.delete(waiter);
        resolve();
      };
      waiters.add(waiter);
    });
  return {
    session,
    infos,
    get output() {
      return output;
    },
    waitForText: (pattern: RegExp) => until(() => pattern.test(output), String(pattern)),
    waitForInfo: (check: (info: TerminalInfo) => boolean, what: string) => until(() => check(session.info()), what),
  };
}

describe('parsing', () => {
  it('reads /proc/<pid>/stat even when the command name has spaces and parentheses', () => {
    expect(parseStat('4242 (my (odd) prog) S 1 4242 4242 34816 4300 4194560 0 0')).toEqual({
      pid: 4242,
      comm: 'my (odd) prog',
      ppid: 1,
      pgrp: 4242,
      session: 4242,
      tpgid: 4300,
    });
    expect(parseStat('garbage')).toBeUndefined();
  });

  it('understands the OSC 777 container marks of `toolbox enter`', () => {
    expect(parseContainerOsc('container;push;fedora-toolbox-40;toolbox;1000')).toEqual({ push: 'fedora-toolbox-40' });
    expect(parseContainerOsc('container;pop;;;1000')).toEqual({ pop: true });
    expect(parseContainerOsc('notify;title;body')).toBeUndefined();
  });
});

describe('a session on the host shell', () => {
  it('replays its screen to a window that attaches later, and follows the title and the container marks', async () => {
    const tab = hostSession('t1', 'unit-replay');
    try {
      await tab.waitForText(/\$ $/);
      tab.session.write('printf "\\033]0;building things\\007"; echo "replay-$((6*7))"\r');
      await tab.waitForText(/replay-42/);
      await tab.waitForInfo((i) => i.title === 'building things', 'the title');
      tab.session.write("printf '\\033]777;container;push;fedora-toolbox-40;toolbox;0\\033\\\\'\r");
      await tab.waitForInfo((i) => i.nestedContainer === 'fedora-toolbox-40', 'the container push');
      tab.session.write("printf '\\033]777;container;pop;;;0\\033\\\\'\r");
      await tab.waitForInfo((i) => i.nestedContainer === undefined, 'the container pop');

      const { screen } = await tab.session.screen();
      expect(screen).toContain('replay-42');
      // the screen ends at what was sent: nothing sent is missing from it
      tab.session.write('echo after-$((1+1))\r');
      await tab.waitForText(/after-2/);
      expect((await tab.session.screen()).screen).toContain('after-2');
    } finally {
      await tab.session.close();
    }
  });

  it('names the foreground program, keeps the pty at the grid size, and hangs up the job on close', async () => {
    const tab = hostSession('t2', 'unit-busy');
    await tab.waitForText(/\$ $/);
    expect(tab.session.busyWith()).toBeNull();
    tab.session.resize(101, 33);
    tab.session.write('stty size\r');
    await tab.waitForText(/33 101/);
    tab.session.write('sleep 4711\r');
    await expect.poll(() => tab.session.busyWith()).toBe('sleep');
    expect(findMarkedProcesses(SESSION_MARK_VAR, 'unit-busy').length).toBe(2);
    await tab.session.close();
    expect(findMarkedProcesses(SESSION_MARK_VAR, 'unit-busy')).toEqual([]);
    expect(() => execFileSync('pgrep', ['-f', 'sleep 4711'])).toThrow();
  });

  it('keeps the exit code and the screen after the shell exits', async () => {
    const tab = hostSession('t3', 'unit-exit');
    await tab.waitForText(/\$ $/);
    tab.session.write('echo bye-$((2+2)); exit 3\r');
    expect(await tab.session.exited).toBe(3);
    expect(tab.session.info().exitCode).toBe(3);
    expect(tab.infos.at(-1)?.exitCode).toBe(3);
    expect((await tab.session.screen()).screen).toContain('bye-4');
    expect(tab.session.write('ignored')).toBe(0);
    tab.session.dispose();
  });

  it('finds a container-side shell by its mark: the session leader, not the host-side processes', async () => {
    // this test process is not marked and leads no session of the mark: nothing is found
    expect(findMarkedShell(SESSION_MARK_VAR, 'unit-nothing', process.pid)).toBeUndefined();
    const mark = `unit-shell-${process.pid}`;
    const env = { ...process.env, [SESSION_MARK_VAR]: mark };
    // like `podman exec` on the host: marked, but in the tab's own session (here, this process's)
    const hostSide = spawn('sleep', ['30'], { env, stdio: 'ignore' });
    // like the shell under conmon: marked, leading a session of its own, its parent unmarked
    const shell = spawn('setsid', ['sleep', '30'], { env, stdio: 'ignore' });
    try {
      await expect.poll(() => findMarkedProcesses(SESSION_MARK_VAR, mark).length).toBe(2);
      const ownSession = readStat(process.pid)!.session;
      // setsid(1) has its mark from the start and leads its session only once it has called setsid(2):
      // a look in between saw no shell (CI, 1 run in many)
      await expect.poll(() => findMarkedShell(SESSION_MARK_VAR, mark, ownSession)).toBe(shell.pid);
      // the tab's own session is never taken for the shell's
      expect(findMarkedShell(SESSION_MARK_VAR, mark, shell.pid!)).toBeUndefined();
      expect(hostSide.pid).not.toBe(shell.pid);
    } finally {
      hostSide.kill('SIGKILL');
      shell.kill('SIGKILL');
    }
  });
});
