// The engine's side of host commands, without podman: the agent it runs (the
// real toolshed-host, on a socket in a temporary folder) started, found
// serving elsewhere, restarted after a crash and stopped; the client link that
// never replaces a file; the log read back; the systemd units; the shims'
// outcomes; exported programs' scripts, run for real with a stand-in runner,
// and never written over a file that is not theirs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostAgent, socketAnswers, type AgentState } from '../../electron/services/hostCommands/hostAgent.js';
import { hostCommandPaths, type HostCommandPaths } from '../../electron/services/hostCommands/hostCommandPaths.js';
import { recentHostCommands } from '../../electron/services/hostCommands/hostCommandLog.js';
import { serviceUnit, socketUnit } from '../../electron/services/hostCommands/systemdUnits.js';
import { addShimOutcome, parseShimList, shimScript } from '../../electron/services/hostCommands/shims.js';
import { exportOf, exportScript, removeExport, scanExports, writeExport, type ProgramExportSpec } from '../../electron/services/hostCommands/programExport.js';
import { hostBinary } from '../support/hostProtocol.js';
import { pollUntil } from '../support/poll.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'tsh-host-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the agent the engine runs', () => {
  let paths: HostCommandPaths;
  let env: NodeJS.ProcessEnv;
  const states: AgentState[] = [];
  const agents: HostAgent[] = [];
  const newAgent = (onState: (state: AgentState) => void = () => undefined) => {
    const agent = new HostAgent({ paths, env, log: () => undefined, onState });
    agents.push(agent);
    return agent;
  };

  beforeAll(() => {
    const root = path.join(scratch, 'agent');
    mkdirSync(path.join(root, 'run'), { recursive: true, mode: 0o700 });
    env = {
      ...process.env,
      HOME: path.join(root, 'home'),
      XDG_RUNTIME_DIR: path.join(root, 'run'),
      XDG_DATA_HOME: path.join(root, 'data'),
      XDG_STATE_HOME: path.join(root, 'state'),
      TOOLSHED_HOST_BINARY: hostBinary(),
    };
    paths = hostCommandPaths(process.getuid!(), env);
  });
  afterAll(() => agents.forEach((agent) => agent.dispose()));

  it('installs the program and its link, serves the socket, and stops, removing it', async () => {
    const agent = newAgent((state) => states.push(state));
    await agent.apply(true);
    expect(agent.status.agent).toBe('serving');
    expect(states).toEqual(['starting', 'serving']);
    expect(readFileSync(paths.installedBinary).equals(readFileSync(hostBinary()))).toBe(true);
    expect(readlinkSync(paths.clientLink)).toBe(paths.installedBinary);
    expect(await socketAnswers(paths.socket)).toBe(true);
    // a command through it, as a toolbox's would come
    const out = execFileSync(paths.clientLink, ['sh', '-c', 'echo "ran $((6*7))"'], {
      env: { ...env, TOOLSHED_HOST_FORCE_AGENT: '1', TOOLSHED_HOST_SOCKET: paths.socket },
      encoding: 'utf8',
    });
    expect(out).toBe('ran 42\n');
    await agent.apply(false);
    expect(agent.status.agent).toBe('off');
    expect(existsSync(paths.socket)).toBe(false);
  });

  it('leaves the socket to an agent already serving it, and takes over when asked again after it is gone', async () => {
    const first = newAgent();
    await first.apply(true);
    const second = newAgent();
    await second.apply(true);
    expect(second.status.agent).toBe('elsewhere');
    await first.apply(false);
    await second.apply(true);
    expect(second.status.agent).toBe('serving');
    await second.apply(false);
  });

  it('starts the agent again when it dies', async () => {
    const agent = newAgent();
    await agent.apply(true);
    const pid = execFileSync('pgrep', ['-f', '--', `--socket ${paths.socket}`], { encoding: 'utf8' })
      .trim()
      .split('\n')[0]!;
    process.kill(Number(pid), 'SIGKILL');
    await pollUntil('a new agent', async () => agent.status.agent === 'serving' && (await socketAnswers(paths.socket)));
    await agent.apply(false);
  });

  it('runs an agent that stops with the process that started it (a killed engine leaves none behind)', async () => {
    const socket = path.join(scratch, 'orphan.sock');
    // sh starts the agent as the engine would, then, once it serves, dies without a word to it
    const started = spawnSync(
      'sh',
      [
        '-c',
        `"$0" --agent --with-parent --socket "$1" --log "$2" >/dev/null & for i in 1 2 3 4 5 6 7 8 9 10; do [ -S "$1" ] && kill -9 $$; sleep 0.2; done; exit 3`,
        hostBinary(),
        socket,
        path.join(scratch, 'orphan.log'),
      ],
      { stdio: 'ignore' },
    );
    expect(started.signal).toBe('SIGKILL');
    await pollUntil('the orphaned agent to stop', async () => !existsSync(socket) && !(await socketAnswers(socket)));
  });

  it('stays stopped when paused (the systemd unit is taking the socket): no restart behind its back', async () => {
    const agent = newAgent();
    await agent.apply(true);
    await agent.pause();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(agent.status.agent).toBe('off');
    expect(await socketAnswers(paths.socket)).toBe(false);
  });

  it("never replaces a file of the user's at ~/.local/bin/toolshed-host, and says so", async () => {
    rmSync(paths.clientLink);
    writeFileSync(paths.clientLink, 'mine');
    const agent = newAgent();
    await agent.apply(true);
    expect(agent.status.agent).toBe('serving');
    expect(agent.status.clientProblem).toMatch(/exists and is not Toolshed's link: left alone/);
    expect(readFileSync(paths.clientLink, 'utf8')).toBe('mine');
    await agent.apply(false);
  });

  it('fails with a clear message when the program is not built', async () => {
    const agent = new HostAgent({
      paths,
      env: { ...env, TOOLSHED_HOST_BINARY: path.join(scratch, 'nowhere') },
      log: () => undefined,
      onState: () => undefined,
    });
    await agent.apply(true);
    expect(agent.status).toMatchObject({ agent: 'failed', message: expect.stringContaining('is not built') });
  });
});

describe('the log of host commands', () => {
  it('reads the newest records first, skipping lines that are not records', async () => {
    const log = path.join(scratch, 'host-commands.log');
    const lines = [
      { time: '2026-12-02T01:00:00Z', peerPid: 1, argv: ['true'], cwd: '/', status: 0 },
      'not json',
      { time: '2026-12-02T01:00:01Z', argv: 'not a list' },
      { time: '2026-12-02T01:00:02Z', peerPid: 2, argv: ['sleep', '9'], cwd: '/tmp', signal: 2 },
      { time: '2026-12-02T01:00:03Z', peerPid: 3, argv: [], refused: 'refused: this agent serves uid 0 only; the caller is uid 65534' },
    ];
    writeFileSync(log, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n{"time": "cut`);
    expect(await recentHostCommands(log)).toEqual([
      { time: '2026-12-02T01:00:03Z', argv: [], refused: 'refused: this agent serves uid 0 only; the caller is uid 65534' },
      { time: '2026-12-02T01:00:02Z', argv: ['sleep', '9'], cwd: '/tmp', signal: 2 },
      { time: '2026-12-02T01:00:00Z', argv: ['true'], cwd: '/', status: 0 },
    ]);
    expect(await recentHostCommands(log, 1)).toHaveLength(1);
    expect(await recentHostCommands(path.join(scratch, 'no-log'))).toEqual([]);
  });
});

describe('the systemd units', () => {
  it('listen on the runtime folder and run the installed program, quoted for systemd', () => {
    expect(socketUnit()).toContain('ListenStream=%t/toolshed/host.sock');
    expect(socketUnit()).toContain('SocketMode=0600');
    expect(serviceUnit('/home/a b/.local/share/toolshed/bin/toolshed-host', '/home/a b/100%/log')).toContain(
      'ExecStart="/home/a b/.local/share/toolshed/bin/toolshed-host" --agent --log "/home/a b/100%%/log"',
    );
  });
});

describe('shims', () => {
  it('run the host program through toolshed-host at /run/host', () => {
    const script = shimScript('xdg-open', "/home/o'neil/.local/share/toolshed/bin/toolshed-host", '/run/user/1000/toolshed/host.sock');
    expect(script.split('\n')[1]).toMatch(/^# toolshed-host shim:/);
    expect(script).toContain(`client='/run/host/home/o'\\''neil/.local/share/toolshed/bin/toolshed-host'`);
    expect(script).toContain(`exec "$client" 'xdg-open' "$@"`);
    expect(script).toContain(`TOOLSHED_HOST_SOCKET=\${TOOLSHED_HOST_SOCKET:-'/run/host/run/user/1000/toolshed/host.sock'}`);
  });

  it('read what the container scripts print', () => {
    expect(parseShimList('podman\t\nflatpak\t/usr/bin/flatpak\n')).toEqual([{ program: 'flatpak', shadows: '/usr/bin/flatpak' }, { program: 'podman' }]);
    expect(addShimOutcome('box', 'code', 'ok \n')).toEqual({ program: 'code' });
    expect(addShimOutcome('box', 'code', 'ok /usr/bin/code\n')).toEqual({ program: 'code', shadows: '/usr/bin/code' });
    expect(() => addShimOutcome('box', 'code', 'has /usr/bin/code\n')).toThrow(/box has its own code \(\/usr\/bin\/code\)/);
    expect(() => addShimOutcome('box', 'code', 'taken /usr/local/bin/code\n')).toThrow(/is not a Toolshed shim: it was left alone/);
    expect(() => addShimOutcome('box', 'code', 'mktemp: failed\n')).toThrow(/could not be written/);
  });
});

describe('exported programs', () => {
  const bin = path.join(scratch, 'bin');
  const runner = path.join(scratch, 'fake-runner');
  const spec: ProgramExportSpec = {
    container: 'box',
    containerId: 'a'.repeat(64),
    program: 'cc',
    target: '/usr/bin/cc',
    runner,
    client: '/home/u/.local/share/toolshed/bin/toolshed-host',
  };

  beforeAll(() => {
    mkdirSync(bin, { recursive: true });
    writeFileSync(runner, '#!/bin/sh\nprintf "[%s]" "$@"\n', { mode: 0o755 });
  });

  it('run the program in its toolbox through the runner, with the arguments as given', async () => {
    const file = await writeExport(bin, spec);
    expect(file).toBe(path.join(bin, 'cc'));
    expect(lstatSync(file).mode & 0o777).toBe(0o755);
    expect(execFileSync(file, ['-o', 'a b', "it's"], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } })).toBe("[box][/usr/bin/cc][-o][a b][it's]");
    expect(exportOf(readFileSync(file, 'utf8'), file)).toEqual({ container: 'box', containerId: spec.containerId, program: 'cc', target: '/usr/bin/cc', file });
    expect(exportScript(spec)).toContain(`exec '/run/host${spec.client}' "$runner" "$container" "$program" "$@"`);
  });

  it("never replace a user's file or another toolbox's export, and remove only their own", async () => {
    writeFileSync(path.join(bin, 'make'), 'mine');
    await expect(writeExport(bin, { ...spec, program: 'make', target: '/usr/bin/make' })).rejects.toThrow(
      /exists and is not Toolshed's export from box: it was left alone/,
    );
    expect(readFileSync(path.join(bin, 'make'), 'utf8')).toBe('mine');
    await expect(writeExport(bin, { ...spec, container: 'other', containerId: 'b'.repeat(64) })).rejects.toThrow(/not Toolshed's export from other/);
    expect(await removeExport(path.join(bin, 'make'), () => true)).toBe(false);
    expect(await removeExport(path.join(bin, 'cc'), (owned) => owned.container === 'other')).toBe(false);
    expect((await scanExports(bin)).map((e) => e.program)).toEqual(['cc']);
    expect(await removeExport(path.join(bin, 'cc'), (owned) => owned.container === 'box')).toBe(true);
    expect(existsSync(path.join(bin, 'cc'))).toBe(false);
    expect(exportOf('#!/bin/sh\necho hi\n', 'x')).toBeNull();
  });
});
