// Host commands against real podman, in toolboxes made by the toolbox CLI:
// toolshed-host inside a toolbox runs commands on the host (output, status,
// stdin, working directory, a missing command), Ctrl+C in a Toolshed tab
// stops the host command and gives the prompt back, another uid is refused,
// with the agent off the command says so; host shims and exported programs
// made through the engine run where they should and never overwrite a file.
// Root with the engine's own agent; rootless with the agent run as that user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pty from 'node-pty';
import { seedToolboxConfig } from '../support/toolboxConfig.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../electron/services/engine.js';
import { dispatch } from '../../electron/services/dispatch.js';
import { FIXTURE_IMAGE, PODMAN_AS_TOOLSHED, missing, podman, removeContainers, testEngine } from '../support/env.js';
import { follow } from '../support/followTab.js';
import { hostBinary, startAgent, type RunningAgent } from '../support/hostProtocol.js';
import { asRootlessUser, rootlessUid } from '../support/rootless.js';
import { pollUntil } from '../support/poll.js';

const why = missing({ fixture: true, toolbox: true });
const whyRootless = why ?? missing({ fixture: true, rootless: true });
const BOX = 'tsh-host-box';
const ROOTLESS_BOX = 'tsh-host-rootless';
const HOST_HOSTNAME = readFileSync('/etc/hostname', 'utf8');

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}
const run = (command: string, args: string[], input?: string | Buffer): Ran => {
  const result = spawnSync(command, args, { cwd: '/tmp', input: input ?? '', encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** Is a process with this command line running on the host itself (its root is the host's, not a container's)? */
function onHost(argv: string[]): boolean {
  const wanted = `${argv.join('\0')}\0`;
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8') === wanted && readlinkSync(`/proc/${pid}/root`) === '/') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

describe.skipIf(why)(`host commands, root, on real podman${why ? ` (skipped: ${why})` : ''}`, () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tsh-host-'));
  const runtime = path.join(scratch, 'run');
  const home = path.join(scratch, 'home');
  const hostBin = path.join(scratch, 'host-bin');
  const env = {
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_HOME: path.join(scratch, 'data'),
    XDG_STATE_HOME: path.join(scratch, 'state'),
    XDG_CONFIG_HOME: path.join(scratch, 'config'),
    HOME: home,
    PATH: `${hostBin}:${process.env.PATH}`,
  };
  // a tab goes through toolbox run, which keeps its own state there
  seedToolboxConfig(env.XDG_CONFIG_HOME);
  let engine: Engine;
  let client: string;
  /** toolshed-host inside the toolbox as a user runs it: found through /run/host, the socket found from XDG_RUNTIME_DIR. */
  const inBox = (args: string[], options: { user?: string; workdir?: string; input?: string } = {}) =>
    run(
      'podman',
      [
        'exec',
        '-i',
        '--user',
        options.user ?? 'root',
        '--env',
        `XDG_RUNTIME_DIR=${runtime}`,
        ...(options.workdir ? ['--workdir', options.workdir] : []),
        BOX,
        `/run/host${client}`,
        ...args,
      ],
      options.input,
    );

  beforeAll(async () => {
    hostBinary();
    removeContainers([BOX]);
    mkdirSync(runtime, { mode: 0o700 });
    mkdirSync(hostBin);
    writeFileSync(path.join(hostBin, 'tsh-host-only'), '#!/bin/sh\necho "host-only on $(cat /etc/hostname) $*"\n', { mode: 0o755 });
    writeFileSync(path.join(hostBin, 'tsh-both'), '#!/bin/sh\necho "the host\'s tsh-both"\n', { mode: 0o755 });
    execFileSync('toolbox', ['create', '--image', FIXTURE_IMAGE, BOX], { cwd: '/tmp', stdio: 'pipe' });
    engine = testEngine({ hostAgent: true, env });
    await engine.api.startContainer({ container: BOX });
    const status = await pollUntil('the agent', () => existsSync(path.join(runtime, 'toolshed', 'host.sock'))).then(() => engine.api.describeHostCommands({}));
    expect(status).toMatchObject({ enabled: true, agent: 'serving', client: { installed: true, path: path.join(home, '.local', 'bin', 'toolshed-host') } });
    client = readlinkSync(status.client.path);
    const put = (file: string, text: string) =>
      execFileSync('podman', ['exec', '-i', '--user', 'root', BOX, 'sh', '-c', 'cat > "$1" && chmod 755 "$1"', 'sh', file], { input: text, cwd: '/tmp' });
    put('/usr/bin/tsh-both', `#!/bin/sh\necho "the box's tsh-both"\n`);
    put('/usr/local/bin/tsh-box-only', '#!/bin/sh\necho in-box "$*"\n');
    put('/usr/local/bin/tsh-users', 'mine\n');
    podman('exec', '--user', 'root', BOX, 'mkdir', '-p', '/opt/tsh-only-in-box');
  }, 180_000);

  afterAll(() => {
    engine?.dispose();
    removeContainers([BOX]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("prints the host's files, returns the status, pipes stdin, says when a command is missing", () => {
    expect(inBox(['cat', '/etc/hostname'])).toMatchObject({ status: 0, stdout: HOST_HOSTNAME });
    expect(podman('exec', BOX, 'cat', '/etc/hostname')).not.toBe(HOST_HOSTNAME.trim());
    expect(inBox(['sh', '-c', 'exit 42']).status).toBe(42);
    const input = 'x'.repeat(1024 * 1024) + '\nend\n';
    expect(inBox(['sh', '-c', 'cat; echo done'], { input })).toMatchObject({ status: 0, stdout: `${input}done\n` });
    const missingCommand = inBox(['tsh-missing-cmd']);
    expect(missingCommand.status).toBe(127);
    expect(missingCommand.stderr).toContain('tsh-missing-cmd: command not found on the host');
  });

  it('maps the working directory, and falls back to the home with a message for one only the toolbox has', () => {
    expect(inBox(['pwd'], { workdir: '/run/host/etc' }).stdout).toBe('/etc\n');
    expect(inBox(['pwd'], { workdir: '/usr/share' }).stdout).toBe('/usr/share\n');
    const fallback = inBox(['pwd'], { workdir: '/opt/tsh-only-in-box' });
    expect(fallback.stdout).toBe(`${home}\n`);
    expect(fallback.stderr).toContain('/opt/tsh-only-in-box does not exist on the host');
  });

  it('stops a host command with Ctrl+C in a Toolshed tab, which gets its prompt back', async () => {
    const info = await engine.api.openTerminal({ container: BOX, cols: 100, rows: 30 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      await engine.api.writeTerminal({ id: info.id, data: `XDG_RUNTIME_DIR=${runtime} /run/host${client} sleep 313\r` });
      await pollUntil('the host sleep', () => onHost(['sleep', '313']));
      await engine.api.writeTerminal({ id: info.id, data: '\x03' });
      await pollUntil('the host sleep to stop', () => !onHost(['sleep', '313']));
      // the shell's prompt comes back after the ^C (readline may then clear the rest of its line:
      // an escape sequence, no space); then the status of what ran is Ctrl+C's
      await tab.waitForText(/\^C[\s\S]*\]# \S*$/);
      await engine.api.writeTerminal({ id: info.id, data: 'echo "status $?"\r' });
      await tab.waitForText(/status 130\r\n[\s\S]*\]# \S*$/);
    } finally {
      tab.stop();
      await engine.api.closeTerminal({ id: info.id });
    }
  }, 60_000);

  it("is on the PATH of a tab's shell, root's included (a script in /usr/local/bin), and never replaces a file not its own", async () => {
    const placed = () => run('podman', ['exec', '--user', 'root', BOX, 'sh', '-c', 'sed -n 2p /usr/local/bin/toolshed-host']).stdout;
    const info = await engine.api.openTerminal({ container: BOX, cols: 100, rows: 30 });
    const tab = follow(engine, info.id);
    try {
      await tab.waitForPrompt();
      await pollUntil('toolshed-host in /usr/local/bin', () => placed().startsWith('# toolshed-host client:'));
      await engine.api.writeTerminal({ id: info.id, data: 'command -v toolshed-host; toolshed-host cat /etc/hostname; echo "status $?"\r' });
      await tab.waitForText(new RegExp(`/usr/local/bin/toolshed-host\r\n${HOST_HOSTNAME.trim()}\r\nstatus 0`));
    } finally {
      tab.stop();
      await engine.api.closeTerminal({ id: info.id });
    }
    // a file of the user's there stays, and the next Toolshed says so in its log
    podman('exec', '--user', 'root', BOX, 'sh', '-c', 'echo mine > /usr/local/bin/toolshed-host');
    const lines: string[] = [];
    const next = testEngine({ env, log: (line: string) => lines.push(line) });
    try {
      const other = await next.api.openTerminal({ container: BOX, cols: 100, rows: 30 });
      await pollUntil('the refusal', () => lines.some((line) => line.includes("/usr/local/bin/toolshed-host in tsh-host-box is not Toolshed's")));
      await next.api.closeTerminal({ id: other.id });
    } finally {
      next.dispose();
    }
    expect(podman('exec', BOX, 'cat', '/usr/local/bin/toolshed-host')).toBe('mine');
  }, 60_000);

  it('refuses a peer of another uid, even when it can reach the socket', () => {
    const socket = path.join(runtime, 'toolshed', 'host.sock');
    const opened = [scratch, runtime, path.dirname(socket)];
    for (const dir of opened) chmodSync(dir, 0o755);
    chmodSync(socket, 0o666);
    try {
      const refused = inBox(['true'], { user: '65534' });
      expect(refused.status).toBe(125);
      expect(refused.stderr).toMatch(/refused: this agent serves uid 0 only; the caller is uid 65534/);
    } finally {
      chmodSync(socket, 0o600);
      for (const dir of opened) chmodSync(dir, 0o700);
    }
  });

  it('says the agent is off when it is, and serves again when turned on', async () => {
    const agentState = async () => (await engine.api.describeHostCommands({})).agent;
    await engine.api.updateSettings({ hostCommands: false });
    await pollUntil('the agent to stop', async () => (await agentState()) === 'off');
    expect(existsSync(path.join(runtime, 'toolshed', 'host.sock'))).toBe(false);
    const off = inBox(['true']);
    expect(off.status).toBe(125);
    expect(off.stderr).toContain('no Toolshed host agent is listening');
    await engine.api.updateSettings({ hostCommands: true });
    await pollUntil('the agent to serve', async () => (await agentState()) === 'serving');
    expect(inBox(['true']).status).toBe(0);
    const recent = (await engine.api.describeHostCommands({})).recent;
    expect(recent[0]).toMatchObject({ argv: ['true'], status: 0 });
    expect(recent.some((r) => r.refused?.includes('uid 65534'))).toBe(true);
  });

  it('makes a host shim that runs the host program; refuses bad names and taken ones, writing nothing', async () => {
    const call = (method: string, args: unknown) => dispatch(engine.api, method, args);
    expect(await call('addShim', { container: BOX, program: 'tsh-host-only' })).toMatchObject({ ok: true, result: { program: 'tsh-host-only' } });
    expect(podman('exec', BOX, 'tsh-host-only', 'a b')).toBe(`host-only on ${HOST_HOSTNAME.trim()} a b`);
    expect(await engine.api.listShims({ container: BOX })).toEqual([{ program: 'tsh-host-only' }]);

    for (const program of ['../etc/passwd', 'a b', '-rf', '$(id)', '']) {
      const reply = await call('addShim', { container: BOX, program });
      expect(reply, program).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    // the container has its own: refused unless the user says so; the container's file stays
    expect(await call('addShim', { container: BOX, program: 'tsh-both' })).toMatchObject({
      ok: false,
      error: { code: 'NAME_TAKEN', message: expect.stringContaining('/usr/bin/tsh-both') },
    });
    expect(podman('exec', BOX, 'tsh-both')).toBe("the box's tsh-both");
    expect(await call('addShim', { container: BOX, program: 'tsh-both', replace: true })).toMatchObject({ ok: true, result: { shadows: '/usr/bin/tsh-both' } });
    expect(podman('exec', BOX, 'tsh-both')).toBe("the host's tsh-both");
    expect(podman('exec', BOX, '/usr/bin/tsh-both')).toBe("the box's tsh-both");
    // a file of the user's in /usr/local/bin is never replaced, even when asked
    expect(await call('addShim', { container: BOX, program: 'tsh-users', replace: true })).toMatchObject({ ok: false, error: { code: 'NAME_TAKEN' } });
    expect(podman('exec', BOX, 'cat', '/usr/local/bin/tsh-users')).toBe('mine');
    expect(await call('removeShim', { container: BOX, program: 'tsh-users' })).toMatchObject({ ok: false, error: { code: 'NAME_TAKEN' } });

    expect(await engine.api.removeShim({ container: BOX, program: 'tsh-both' })).toEqual({ removed: true });
    expect(podman('exec', BOX, 'tsh-both')).toBe("the box's tsh-both");
    expect((await engine.api.listShims({ container: BOX })).map((s) => s.program)).toEqual(['tsh-host-only']);
  }, 60_000);

  it('exports a program of the toolbox to ~/.local/bin, which runs it there (starting it), and goes with the toolbox', async () => {
    const call = (method: string, args: unknown) => dispatch(engine.api, method, args);
    // the toolbox has a tsh-both, and so has the user's ~/.local/bin
    const usersFile = path.join(home, '.local', 'bin', 'tsh-both');
    writeFileSync(usersFile, '#!/bin/sh\necho mine\n', { mode: 0o755 });
    expect(await call('exportProgram', { container: BOX, program: 'tsh-both' })).toMatchObject({ ok: false, error: { code: 'NAME_TAKEN' } });
    expect(readFileSync(usersFile, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect(await call('exportProgram', { container: BOX, program: 'tsh/../x' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('exportProgram', { container: BOX, program: 'tsh-not-there' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const exported = await engine.api.exportProgram({ container: BOX, program: 'tsh-box-only' });
    expect(exported).toMatchObject({ file: path.join(home, '.local', 'bin', 'tsh-box-only'), target: '/usr/local/bin/tsh-box-only' });
    const runEnv = { ...process.env, ...env };
    const ran = spawnSync(exported.file, ['one', 'two'], { cwd: '/tmp', env: runEnv, encoding: 'utf8', timeout: 90_000 });
    expect(ran.stdout).toBe('in-box one two\n');
    podman('stop', '--time', '0', BOX);
    expect(spawnSync(exported.file, ['again'], { cwd: '/tmp', env: runEnv, encoding: 'utf8', timeout: 90_000 }).stdout).toBe('in-box again\n');
    expect(await engine.api.listExportedPrograms({ container: BOX })).toEqual([exported]);

    removeContainers([BOX]);
    await pollUntil('the export to go with its toolbox', () => !existsSync(exported.file), 30_000);
    expect(readFileSync(usersFile, 'utf8')).toBe('#!/bin/sh\necho mine\n');
  }, 180_000);
});

describe.skipIf(whyRootless)(`host commands, rootless, on real podman${whyRootless ? ` (skipped: ${whyRootless})` : ''}`, () => {
  const uid = rootlessUid();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tsh-host-rootless-'));
  // the user's own runtime folder, as a toolbox shares it; its own sub-folder so a running Toolshed's socket is not touched
  const socket = `/run/user/${uid}/toolshed-test-${process.pid}/host.sock`;
  const binary = path.join(scratch, 'toolshed-host');
  let agent: RunningAgent;
  const asUser = (command: string, args: string[], input?: string) => {
    const [runuser, runuserArgs] = asRootlessUser(command, args);
    return run(runuser, runuserArgs, input);
  };
  const inBox = (args: string[], options: { workdir?: string; input?: string } = {}) =>
    asUser(
      'podman',
      [
        'exec',
        '-i',
        '--user',
        String(uid),
        '--env',
        `TOOLSHED_HOST_SOCKET=/run/host${socket}`,
        ...(options.workdir ? ['--workdir', options.workdir] : []),
        ROOTLESS_BOX,
        `/run/host${binary}`,
        ...args,
      ],
      options.input,
    );

  beforeAll(async () => {
    chmodSync(scratch, 0o755);
    copyFileSync(hostBinary(), binary);
    chmodSync(binary, 0o755);
    removeContainers([ROOTLESS_BOX], PODMAN_AS_TOOLSHED);
    const created = asUser('toolbox', ['create', '--image', FIXTURE_IMAGE, ROOTLESS_BOX]);
    expect(created.status, created.stderr).toBe(0);
    expect(asUser('podman', ['start', ROOTLESS_BOX]).status).toBe(0);
    const [runuser, runuserArgs] = asRootlessUser(binary, ['--agent', '--socket', socket, '--log', path.join(scratch, 'log')]);
    agent = await startAgent({ command: runuser, args: runuserArgs });
    // the toolbox finishes its setup before exec'ing as the user
    await pollUntil('the toolbox to be ready', () => asUser('podman', ['exec', ROOTLESS_BOX, 'true']).status === 0, 60_000);
  }, 180_000);

  afterAll(async () => {
    await agent?.stop();
    removeContainers([ROOTLESS_BOX], PODMAN_AS_TOOLSHED);
    rmSync(path.dirname(socket), { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it("runs host commands as the user: the host's files, the status, stdin, the working directory, a missing command", () => {
    expect(inBox(['sh', '-c', 'cat /etc/hostname; id -u'])).toMatchObject({ status: 0, stdout: `${HOST_HOSTNAME}${uid}\n` });
    expect(inBox(['sh', '-c', 'exit 42']).status).toBe(42);
    expect(inBox(['wc', '-c'], { input: 'y'.repeat(300_000) }).stdout.trim()).toBe('300000');
    expect(inBox(['pwd'], { workdir: '/run/host/usr' }).stdout).toBe('/usr\n');
    expect(inBox(['tsh-missing-cmd']).status).toBe(127);
  });

  it('stops a host command with Ctrl+C under a terminal', async () => {
    const [runuser, runuserArgs] = asRootlessUser('podman', [
      'exec',
      '-it',
      '--user',
      String(uid),
      '--env',
      `TOOLSHED_HOST_SOCKET=/run/host${socket}`,
      ROOTLESS_BOX,
      `/run/host${binary}`,
      'sleep',
      '317',
    ]);
    const terminal = pty.spawn(runuser, runuserArgs, { cols: 80, rows: 24, cwd: '/tmp', env: process.env as Record<string, string> });
    const exited = new Promise<number>((resolve) => terminal.onExit(({ exitCode }) => resolve(exitCode)));
    try {
      await pollUntil('the host sleep', () => onHost(['sleep', '317']));
      terminal.write('\x03');
      expect(await exited).toBe(130);
      await pollUntil('the host sleep to stop', () => !onHost(['sleep', '317']));
    } finally {
      terminal.kill();
    }
  }, 60_000);

  it("refuses root, whom the socket's permissions do not stop, and the toolbox's root, another uid on the host", () => {
    const toolboxRoot = asUser('podman', [
      'exec',
      '--user',
      'root',
      '--env',
      `TOOLSHED_HOST_SOCKET=/run/host${socket}`,
      ROOTLESS_BOX,
      `/run/host${binary}`,
      'true',
    ]);
    expect(toolboxRoot.status).toBe(125);
    expect(toolboxRoot.stderr).toMatch(new RegExp(`refused: this agent serves uid ${uid} only; the caller is uid \\d+`));
    const refused = run(binary, ['true'], '');
    const viaAgent = spawnSync(binary, ['true'], { env: { ...process.env, TOOLSHED_HOST_FORCE_AGENT: '1', TOOLSHED_HOST_SOCKET: socket }, encoding: 'utf8' });
    expect(refused.status).toBe(0); // on the host itself it simply runs the command
    expect(viaAgent.status).toBe(125);
    expect(viaAgent.stderr).toContain(`refused: this agent serves uid ${uid} only; the caller is uid 0`);
  });
});
