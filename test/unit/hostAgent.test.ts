// toolshed-host (native/*.c) built and run on this machine: the
// agent on a socket in a temp folder, driven by the real client (told to use
// the agent even outside a container) and by raw frames. Needs only cc: never
// skipped. The contract is docs/HOST-COMMANDS.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as pty from 'node-pty';
import {
  connectAgent,
  field,
  frame,
  hostBinary,
  requestFrame,
  requestPayload,
  size,
  startAgent,
  u32,
  type AgentConnection,
  type RunningAgent,
} from '../support/hostProtocol.js';
import { pollUntil } from '../support/poll.js';

let bin = '';
let dir = '';
let home = '';
let socket = '';
let logFile = '';
let agent: RunningAgent | undefined;

beforeAll(async () => {
  bin = hostBinary();
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'tsh-host-')));
  home = path.join(dir, 'home');
  mkdirSync(home);
  socket = path.join(dir, 'run', 'toolshed', 'host.sock');
  logFile = path.join(dir, 'state', 'host-commands.log');
  agent = await startAgent({ socket, log: logFile, env: { ...process.env, HOME: home } });
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const clientEnv = (): NodeJS.ProcessEnv => ({ ...process.env, TOOLSHED_HOST_FORCE_AGENT: '1', TOOLSHED_HOST_SOCKET: socket });

interface ClientRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** The client, in pipe mode: `input` on its stdin (then end of input), its output and status. */
function runClient(args: string[], options: { input?: Buffer | string; cwd?: string } = {}): Promise<ClientRun> {
  const child = spawn(bin, args, { env: clientEnv(), cwd: options.cwd ?? dir, stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => stdout.push(data));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  child.stdin.on('error', () => {});
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr })));
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The log's lines, parsed. */
function logLines(): Array<Record<string, unknown>> {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('toolshed-host through the client', () => {
  it('prints --version and --help without an agent', () => {
    expect(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout).toBe('toolshed-host 1\n');
    expect(spawnSync(bin, ['--help'], { encoding: 'utf8' }).stdout).toMatch(/usage: toolshed-host/);
  });

  it('runs cat /etc/hostname on the host', async () => {
    const run = await runClient(['cat', '/etc/hostname']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.equals(readFileSync('/etc/hostname'))).toBe(true);
  });

  it('returns the exit status', async () => {
    expect((await runClient(['sh', '-c', 'exit 42'])).code).toBe(42);
  });

  it('streams 5 MB of stdin through cat and back', async () => {
    const input = randomBytes(5 << 20);
    const run = await runClient(['cat'], { input });
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBe(input.length);
    expect(sha256(run.stdout)).toBe(sha256(input));
  });

  it('ends the input of the command when the client has none', async () => {
    const run = await runClient(['cat']);
    expect(run.code).toBe(0);
    expect((await runClient(['cat'], { input: 'small\n' })).stdout.toString()).toBe('small\n');
  });

  it('keeps stderr apart from stdout in pipe mode', async () => {
    const run = await runClient(['sh', '-c', 'echo out; echo err >&2']);
    expect(run.stdout.toString()).toBe('out\n');
    expect(run.stderr).toBe('err\n');
  });

  it('answers 127 and a message for a command missing on the host', async () => {
    const run = await runClient(['tsh-no-such-command-here', 'x']);
    expect(run.code).toBe(127);
    expect(run.stderr).toBe('toolshed-host: tsh-no-such-command-here: command not found on the host\n');
  });

  it('answers 126 for a file that is not executable', async () => {
    const script = path.join(dir, 'not-executable.sh');
    writeFileSync(script, 'echo ran\n', { mode: 0o644 });
    const run = await runClient([script]);
    expect(run.code).toBe(126);
    expect(run.stderr).toMatch(/permission denied/);
  });

  it('runs in the working directory of the client', async () => {
    const work = path.join(dir, 'work dir');
    mkdirSync(work, { recursive: true });
    const run = await runClient(['pwd'], { cwd: work });
    expect(run.stdout.toString()).toBe(`${work}\n`);
  });

  it('passes -e NAME=VALUE to the command, and refuses a malformed one', async () => {
    const run = await runClient(['-e', 'FOO=bar', '-e', 'EMPTY=', 'sh', '-c', 'printf "%s|%s" "$FOO" "${EMPTY-unset}"']);
    expect(run.stdout.toString()).toBe('bar|');
    for (const bad of ['1FOO=x', 'NOEQUALS', 'A-B=c']) {
      const refused = await runClient(['-e', bad, 'touch', path.join(dir, 'never')]);
      expect(refused.code).toBe(125);
      expect(refused.stderr).toMatch(/NAME=VALUE/);
    }
    expect(existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('passes an empty argument (past the command) as it is', async () => {
    const run = await runClient(['sh', '-c', 'printf "[%s]" "$1"', 'sh', '']);
    expect(run.stdout.toString()).toBe('[]');
  });

  it('forwards SIGINT to the host command: the client exits 130 and the command is gone', async () => {
    const child = spawn(bin, ['sh', '-c', 'echo $$; exec sleep 30'], { env: clientEnv(), cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    await pollUntil('the command to start', () => stdout.includes('\n'), 5000, 25);
    const pid = Number(stdout.trim());
    expect(alive(pid)).toBe(true);
    const started = Date.now();
    child.kill('SIGINT');
    expect(await closed).toBe(130);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(alive(pid)).toBe(false);
  });

  it('fails with 125 and the places it looked when no agent listens', async () => {
    const missing = path.join(dir, 'nothing-here.sock');
    const run = spawnSync(bin, ['true'], { env: { ...clientEnv(), TOOLSHED_HOST_SOCKET: missing }, encoding: 'utf8' });
    expect(run.status).toBe(125);
    expect(run.stderr).toContain(`no Toolshed host agent is listening (looked for ${missing})`);
  });
});

describe('toolshed-host under a terminal', () => {
  function spawnPty(args: string[]) {
    const term = pty.spawn(bin, args, { cols: 97, rows: 31, cwd: dir, env: clientEnv() as Record<string, string> });
    let output = '';
    term.onData((data) => (output += data));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    return { term, exited, output: () => output };
  }

  it('runs the command under a pty of the window size', async () => {
    const { exited, output } = spawnPty(['sh', '-c', 'stty size; tty']);
    expect(await exited).toBe(0);
    expect(output()).toMatch(/31 97\r?\n/);
    expect(output()).toMatch(/\/dev\/pts\/\d+/);
  });

  it('gives the terminal back in the mode it found it', async () => {
    // the client sets its terminal raw while the command runs
    const term = pty.spawn('sh', ['-c', `stty -g; "$0" sh -c 'exit 3'; echo "status $?"; stty -g`, bin], {
      cols: 97,
      rows: 31,
      cwd: dir,
      env: clientEnv() as Record<string, string>,
    });
    let output = '';
    term.onData((data) => (output += data));
    await new Promise<void>((resolve) => term.onExit(() => resolve()));
    const lines = output.split(/\r?\n/).filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('status 3');
    expect(lines[2]).toBe(lines[0]);
  });

  it('stops a host sleep on Ctrl+C', async () => {
    const { term, exited, output } = spawnPty(['sh', '-c', 'echo ready $$; exec sleep 30']);
    await pollUntil('the command to start', () => /ready \d+/.test(output()), 5000, 25);
    const pid = Number(/ready (\d+)/.exec(output())![1]);
    term.write('\x03');
    expect(await exited).toBe(130);
    expect(alive(pid)).toBe(false);
  });
});

describe('toolshed-host agent, raw frames', () => {
  async function converse(request: Buffer): Promise<AgentConnection> {
    const connection = await connectAgent(socket);
    connection.send(request);
    await connection.closed;
    return connection;
  }

  it('acts on the frames that arrive with the request in one write', async () => {
    const request = requestFrame({ argv: ['cat'], cwd: dir });
    const { reader } = await converse(Buffer.concat([request, frame('I', 'one '), frame('I', 'two'), frame('I', '')]));
    expect(reader.text('O')).toBe('one two');
    expect(reader.exit()).toEqual({ status: 0 });
  });

  it('sends the exit even while the client is still writing input', async () => {
    const input = Array.from({ length: 48 }, () => frame('I', Buffer.alloc(65536, 'y'))); // 3 MiB that head never reads
    const { reader } = await converse(Buffer.concat([requestFrame({ argv: ['head', '-c', '3'], cwd: dir }), ...input]));
    expect(reader.text('O')).toBe('yyy');
    expect(reader.exit()).toEqual({ status: 0 });
  });

  it('hangs up the command when the client goes away', async () => {
    const connection = await connectAgent(socket);
    connection.send(requestFrame({ argv: ['sh', '-c', 'echo $$; exec sleep 30'], cwd: dir }));
    await pollUntil('the command to start', () => connection.reader.text('O').includes('\n'), 5000, 25);
    const pid = Number(connection.reader.text('O').trim());
    connection.socket.destroy();
    await pollUntil('the command to be hung up', () => !alive(pid), 3000, 25);
    await pollUntil('the log line', () => logLines().some((line) => line.signal === 1), 3000, 25);
  });

  it('hangs up the command when the client goes away while input it does not read is queued', async () => {
    const connection = await connectAgent(socket);
    // ~400 KB of input a sleeping command never reads: the agent's input buffer is full
    const input = Array.from({ length: 7 }, () => frame('I', Buffer.alloc(60_000, 'z')));
    connection.send(Buffer.concat([requestFrame({ argv: ['sh', '-c', 'echo $$; exec sleep 1001'], cwd: dir }), ...input]));
    await pollUntil('the command to start', () => connection.reader.text('O').includes('\n'), 5000, 25);
    const pid = Number(connection.reader.text('O').trim());
    connection.socket.destroy();
    await pollUntil('the command to be hung up', () => !alive(pid), 3000, 25);
  });

  it('answers a client that shuts its writing side after the request', async () => {
    const connection = await connectAgent(socket);
    connection.socket.end(Buffer.concat([requestFrame({ argv: ['sh', '-c', 'sleep 0.2; echo still-here'], cwd: dir }), frame('I', '')]));
    await connection.closed;
    expect(connection.reader.text('O')).toBe('still-here\n');
    expect(connection.reader.exit()).toEqual({ status: 0 });
  });

  it('maps /run/host/P to P', async () => {
    const { reader } = await converse(requestFrame({ argv: ['sh', '-c', 'pwd'], cwd: '/run/host/tmp' }));
    expect(reader.text('O')).toBe('/tmp\n');
    expect(reader.exit()).toEqual({ status: 0 });
  });

  it('falls back to the home, with a message, for a folder missing on the host', async () => {
    const { reader } = await converse(requestFrame({ argv: ['sh', '-c', 'pwd'], cwd: '/run/host/no/such/folder' }));
    expect(reader.text('M')).toBe(`working directory /no/such/folder does not exist on the host; running in ${home} instead`);
    expect(reader.text('O')).toBe(`${home}\n`);
    expect(reader.types()).toEqual(['M', 'O', 'X']);
  });

  it('answers W and K frames: resize, then a signal ends the command', async () => {
    const connection = await connectAgent(socket);
    connection.send(
      requestFrame({ argv: ['sh', '-c', 'trap "stty size" WINCH; echo go; while :; do sleep 0.05; done'], cwd: dir, terminal: { cols: 80, rows: 24 } }),
    );
    await pollUntil('the command to start', () => connection.reader.text('O').includes('go'), 5000, 25);
    connection.send(frame('W', size(120, 40)));
    await pollUntil('the new size', () => connection.reader.text('O').includes('40 120'), 5000, 25);
    connection.send(frame('K', u32(15)));
    await connection.closed;
    expect(connection.reader.exit()).toEqual({ signal: 15 });
  });
});

describe('toolshed-host agent, bad input', () => {
  const marker = () => path.join(dir, 'marker');
  /** A request that, if it ran, would leave the marker. */
  const touch = () => requestPayload({ argv: ['touch', marker()], cwd: dir });
  const head = () => Buffer.concat([field('V', '1'), field('A', 'touch'), field('A', marker())]);
  const C = () => field('C', dir);

  const cases: Array<[string, () => Buffer, RegExp]> = [
    ['a first frame other than R', () => Buffer.concat([frame('I', 'hello'), frame('R', touch())]), /first frame must be a request \(R\), not 'I'/],
    ['a frame length of 0xFFFFFFFF', () => frame('R', touch(), 0xffffffff), /request is 4294967295 bytes; the limit is 1 MiB/],
    ['a request over 1 MiB', () => frame('R', Buffer.concat([touch(), field('E', `PAD=${'x'.repeat(1 << 20)}`)])), /request is \d+ bytes; the limit is 1 MiB/],
    ['a truncated field', () => frame('R', Buffer.concat([touch(), field('E', 'A=b', 100)])), /runs past the end of the request/],
    ['a field header cut short', () => frame('R', Buffer.concat([touch(), Buffer.from([0x45, 0, 0])])), /runs past the end of the request/],
    ['an unknown tag', () => frame('R', Buffer.concat([head(), field('Z', 'x'), C()])), /unknown field tag 'Z'/],
    ['no V', () => frame('R', Buffer.concat([field('A', 'touch'), field('A', marker()), C()])), /start with the protocol version/],
    ['a duplicate V', () => frame('R', Buffer.concat([head(), field('V', '1'), C()])), /duplicate V/],
    ['version 2', () => frame('R', Buffer.concat([field('V', '2'), field('A', 'touch'), field('A', marker()), C()])), /unsupported protocol version "2"/],
    ['no A', () => frame('R', Buffer.concat([field('V', '1'), C()])), /no command/],
    ['an empty command', () => frame('R', Buffer.concat([field('V', '1'), field('A', ''), field('A', marker()), C()])), /command \(argument 1\) is empty/],
    ['4097 A fields', () => frame('R', Buffer.concat([head(), ...Array.from({ length: 4095 }, () => field('A', 'x')), C()])), /more than 4096 arguments/],
    ['an A of 131073 bytes', () => frame('R', Buffer.concat([head(), field('A', 'x'.repeat(131073)), C()])), /argument 3 is 131073 bytes; the limit is 131072/],
    [
      'a NUL byte in an A',
      () => frame('R', Buffer.concat([field('V', '1'), field('A', 'touch'), field('A', `${marker()}\0x`), C()])),
      /argument 2 contains a NUL byte/,
    ],
    ['a NUL byte in an E', () => frame('R', Buffer.concat([head(), field('E', 'FOO=a\0b'), C()])), /environment entry 1 contains a NUL byte/],
    ['a NUL byte in C', () => frame('R', Buffer.concat([head(), field('C', `${dir}\0x`)])), /working directory contains a NUL byte/],
    ['an E without =', () => frame('R', Buffer.concat([head(), field('E', 'FOO'), C()])), /environment entry 1 has no '='/],
    [
      'an E with a bad name',
      () => frame('R', Buffer.concat([head(), field('E', 'OK=1'), field('E', '1FOO=x'), C()])),
      /environment entry 2 has an invalid name/,
    ],
    ['an E name over 128 bytes', () => frame('R', Buffer.concat([head(), field('E', `${'N'.repeat(129)}=x`), C()])), /name over 128 bytes/],
    [
      '1025 E fields',
      () => frame('R', Buffer.concat([head(), ...Array.from({ length: 1025 }, (_, i) => field('E', `V${i}=x`)), C()])),
      /more than 1024 environment entries/,
    ],
    ['a relative C', () => frame('R', Buffer.concat([head(), field('C', 'tmp')])), /not an absolute path/],
    ['a C of 4097 bytes', () => frame('R', Buffer.concat([head(), field('C', `/${'d'.repeat(4096)}`)])), /working directory is 4097 bytes; the limit is 4096/],
    ['a duplicate C', () => frame('R', Buffer.concat([head(), C(), C()])), /duplicate C/],
    ['no C', () => frame('R', head()), /no working directory/],
    ['a T with 0 cols', () => frame('R', Buffer.concat([head(), C(), field('T', size(0, 24))])), /terminal size 0 cols x 24 rows is out of range/],
    ['a T with 501 rows', () => frame('R', Buffer.concat([head(), C(), field('T', size(80, 501))])), /out of range/],
    ['a T of 3 bytes', () => frame('R', Buffer.concat([head(), C(), field('T', 'abc')])), /T field \(terminal size\) is 3 bytes/],
  ];

  it.each(cases)('refuses %s with F, runs nothing, and closes', async (_name, build, text) => {
    const connection = await connectAgent(socket);
    connection.send(build());
    const refusal = await connection.next('F');
    await connection.closed;
    expect(refusal.payload.toString()).toMatch(text);
    expect(connection.reader.types()).toEqual(['F']);
    expect(existsSync(marker())).toBe(false);
  });

  // These break the protocol after a valid request: the command runs, then is hung up.
  const running: Array<[string, Buffer, RegExp]> = [
    ['a K frame with SIGKILL', frame('K', u32(9)), /signal 9 may not be sent/],
    ['a W frame of 3 bytes', frame('W', 'abc'), /W frame \(window size\) must be 4 bytes, not 3/],
    ['an R frame', requestFrame({ argv: ['true'], cwd: dir }), /unexpected 'R' frame/],
    ['an I frame over 64 KiB', frame('I', Buffer.alloc(65537)), /'I' frame of 65537 bytes is over the 64 KiB limit/],
  ];

  it.each(running)('answers %s during sleep 30 with F, closes, and hangs up the command', async (_name, bad, text) => {
    const connection = await connectAgent(socket);
    connection.send(requestFrame({ argv: ['sh', '-c', `echo $$; sleep 30; touch ${marker()}`], cwd: dir }));
    await pollUntil('the command to start', () => connection.reader.text('O').includes('\n'), 5000, 25);
    const pid = Number(connection.reader.text('O').trim());
    connection.send(bad);
    const failure = await connection.next('F');
    await connection.closed;
    expect(failure.payload.toString()).toMatch(text);
    expect(connection.reader.types()).toEqual(['O', 'F']);
    await pollUntil('the command to be hung up', () => !alive(pid), 3000, 25);
  });

  it('still serves a valid request after all of them', async () => {
    const connection = await connectAgent(socket);
    connection.send(requestFrame({ argv: ['sh', '-c', 'echo still here'], cwd: dir }));
    await connection.closed;
    expect(connection.reader.text('O')).toBe('still here\n');
    expect(connection.reader.exit()).toEqual({ status: 0 });
    expect(existsSync(marker())).toBe(false);
  });

  it('logs each refusal', () => {
    const refusals = logLines().filter((line) => typeof line.refused === 'string');
    expect(refusals.length).toBeGreaterThanOrEqual(cases.length + running.length);
    expect(refusals.map((line) => line.refused)).toContain('argument 2 contains a NUL byte');
  });
});

describe('toolshed-host agent, the socket and the log', () => {
  it('logs one JSON line per command', () => {
    const lines = logLines();
    for (const line of lines) expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(lines).toContainEqual(expect.objectContaining({ argv: ['sh', '-c', 'exit 42'], cwd: dir, status: 42 }));
    expect(lines).toContainEqual(expect.objectContaining({ argv: ['cat', '/etc/hostname'], status: 0 }));
    expect(lines).toContainEqual(expect.objectContaining({ argv: ['tsh-no-such-command-here', 'x'], status: 127 }));
    expect(lines).toContainEqual(expect.objectContaining({ argv: ['sh', '-c', 'echo $$; exec sleep 30'], signal: 2 }));
    expect(lines.every((line) => typeof line.peerPid === 'number' && line.peerPid > 0)).toBe(true);
  });

  it('escapes, cuts and limits argv in the log', async () => {
    const connection = await connectAgent(socket);
    const args = ['true', 'quote " backslash \\ tab \t esc \x1b é', 'x'.repeat(300), ...Array.from({ length: 20 }, (_, i) => `a${i}`)];
    connection.send(requestFrame({ argv: args, cwd: dir }));
    await connection.closed;
    const line = logLines().find((l) => (l.argv as string[])[0] === 'true' && (l.argv as string[]).length > 1)!;
    expect((line.argv as string[])[1]).toBe(args[1]);
    expect((line.argv as string[])[2]).toBe('x'.repeat(200));
    expect((line.argv as string[]).length).toBe(16);
  });

  it('refuses to start a second agent on the same socket', () => {
    const second = spawnSync(bin, ['--agent', '--socket', socket, '--log', logFile], { encoding: 'utf8', timeout: 5000 });
    expect(second.status).toBe(3);
    expect(second.stderr).toContain(`already served at ${socket}`);
  });

  it('replaces a stale socket file, rotates a full log, and removes its socket on SIGTERM', async () => {
    const stalePath = path.join(dir, 'stale', 'host.sock');
    const first = await startAgent({ socket: stalePath, log: logFile });
    first.process.kill('SIGKILL'); // leaves its socket file behind
    await new Promise((resolve) => first.process.once('exit', resolve));
    expect(existsSync(stalePath)).toBe(true);
    const rotated = path.join(dir, 'rotated.log');
    writeFileSync(rotated, `${'{"old":true}\n'.repeat(30_000)}`); // past 256 KiB
    const second = await startAgent({ socket: stalePath, log: rotated });
    const connection = await connectAgent(stalePath);
    connection.send(requestFrame({ argv: ['sh', '-c', 'echo fresh'], cwd: dir }));
    await connection.closed;
    expect(connection.reader.text('O')).toBe('fresh\n');
    // the log past 256 KiB went to .old before this command's line
    expect(readFileSync(`${rotated}.old`, 'utf8')).toMatch(/^(\{"old":true\}\n){30000}$/);
    expect(
      readFileSync(rotated, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([expect.objectContaining({ argv: ['sh', '-c', 'echo fresh'], status: 0 })]);
    await second.stop();
    expect(existsSync(stalePath)).toBe(false);
  });
});
