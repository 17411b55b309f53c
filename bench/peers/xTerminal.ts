// The terminals people use instead, measured as they are seen: each on its own
// Xvfb server, running `toolbox enter NAME`, typed into through XTEST and
// watched through DAMAGE by screenProbe.c (the X server's report that
// something was drawn). xterm is Debian's; sakura is a small terminal on VTE,
// the widget of GNOME Console and Ptyxis, that can be started from a script.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO } from '../../test/support/serve.js';
import { seedToolboxConfig } from '../../test/support/toolboxConfig.js';
import { FLOOD_FOREVER_BYTES, throughputCommand } from '../lib/terminalText.js';

export type PeerKind = 'xterm' | 'sakura';

const PROBE_SOURCE = path.join(REPO, 'bench/peers/screenProbe.c');
const PROBE = path.join(REPO, 'dist/bench/screenProbe');
const COLUMNS = 120;
const ROWS = 30;
const FONT = 'DejaVu Sans Mono';

/** Builds screenProbe when its source is newer (cc, Xlib, XTEST, DAMAGE); a built one is used where there is no compiler. */
export function screenProbeBinary(): string {
  const built = existsSync(PROBE) ? statSync(PROBE).mtimeMs : 0;
  if (built > statSync(PROBE_SOURCE).mtimeMs) return PROBE;
  mkdirSync(path.dirname(PROBE), { recursive: true });
  const result = spawnSync(process.env.CC ?? 'cc', ['-O2', PROBE_SOURCE, '-o', PROBE, '-lX11', '-lXtst', '-lXdamage'], { encoding: 'utf8' });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : result.stderr.trim().split('\n').slice(-2).join(' / ');
    throw new Error(`cannot build bench/peers/screenProbe.c (needs cc, libx11-dev, libxtst-dev, libxdamage-dev: scripts/prepare-machine.sh): ${why}`);
  }
  return PROBE;
}

/** What each peer is, for the table: its name and version. */
export function peerLabel(kind: PeerKind): string {
  // sakura says its version only on a display: Debian's package database says it for both
  const version = (pkg: string) => spawnSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' }).stdout?.replace(/[-~+].*$/, '') || 'unknown';
  return kind === 'xterm' ? `xterm ${version('xterm')}` : `sakura ${version('sakura')} (VTE ${version('libvte-2.91-0')})`;
}

/** Starts Xvfb on a free display; resolves with it and the display's number. */
async function startXvfb(): Promise<{ server: ChildProcess; display: string }> {
  const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start within 10 s: ${stderr.trim()}`)), 10_000);
    (server.stdio[3] as NodeJS.ReadableStream).once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve(`:${data.toString().trim()}`);
    });
    server.once('exit', (code) => reject(new Error(`Xvfb exited with ${String(code)}: ${stderr.trim()}`)));
  });
  return { server, display };
}

/** The terminal's command line, running `toolbox enter` in `container`, its cursor not blinking (a blink is a drawing). */
function terminalCommand(kind: PeerKind, container: string, configHome: string): [string, string[]] {
  if (kind === 'xterm') return ['xterm', ['-geometry', `${COLUMNS}x${ROWS}`, '-fa', FONT, '-fs', '10', '+bc', '-e', 'toolbox', 'enter', container]];
  mkdirSync(path.join(configHome, 'sakura'), { recursive: true });
  writeFileSync(path.join(configHome, 'sakura/sakura.conf'), '[sakura]\nblinking_cursor=No\nless_questions=Yes\n');
  return ['sakura', ['-c', String(COLUMNS), '-r', String(ROWS), '-f', `${FONT} 10`, '-e', 'toolbox', 'enter', container]];
}

/** screenProbe, one command at a time. */
class ScreenProbe {
  private readonly answers: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;

  constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => this.deliver(line));
    child.once('exit', () => {
      this.ended = true;
      this.deliver(undefined);
    });
  }

  private deliver(line: string | undefined): void {
    if (line !== undefined) this.answers.push(line);
    const wake = this.waiting;
    this.waiting = undefined;
    wake?.(line);
  }

  /** Sends one command; resolves with what follows "ok", throws the probe's "error …" in words. */
  async ask(command: string, timeoutMs: number): Promise<string> {
    this.child.stdin!.write(`${command}\n`);
    const answer =
      this.answers.shift() ??
      (await new Promise<string | undefined>((resolve) => {
        if (this.ended) return resolve(undefined);
        const timer = setTimeout(() => resolve(undefined), timeoutMs + 5000);
        this.waiting = (line) => {
          clearTimeout(timer);
          this.answers.shift();
          resolve(line);
        };
      }));
    if (answer === undefined) throw new Error(`screenProbe gave no answer to "${command.split(' ')[0]}" within ${Math.round(timeoutMs / 1000) + 5} s`);
    if (!answer.startsWith('ok')) throw new Error(`screenProbe: ${answer.replace(/^error /, '')} (${command.split(' ')[0]})`);
    return answer.slice(2).trim();
  }

  close(): void {
    this.child.stdin!.end();
    this.child.kill();
  }
}

export class XTerminal {
  private constructor(
    private readonly xvfb: ChildProcess,
    private readonly terminal: ChildProcess,
    private readonly probe: ScreenProbe,
    /** Host folder for marker files; the toolbox sees the host's / under /run/host. */
    private readonly scratch: string,
  ) {}

  /** Opens `kind` on a new X server, running `toolbox enter container`; resolves once its shell answers. */
  static async open(kind: PeerKind, container: string): Promise<XTerminal> {
    const probeBinary = screenProbeBinary();
    const scratch = mkdtempSync(path.join(os.tmpdir(), `toolshed-bench-${kind}-`));
    const { server, display } = await startXvfb();
    const configHome = path.join(scratch, 'config');
    // toolbox keeps its state there too: without it, it would run `podman system migrate`, which stops every container
    seedToolboxConfig(configHome);
    const [file, args] = terminalCommand(kind, container, configHome);
    const env = { ...process.env, DISPLAY: display, XDG_CONFIG_HOME: configHome, NO_AT_BRIDGE: '1' };
    const terminal = spawn(file, args, { env, cwd: os.homedir(), stdio: 'ignore' });
    const probe = new ScreenProbe(spawn(probeBinary, [], { env, stdio: ['pipe', 'pipe', 'inherit'] }));
    const opened = new XTerminal(server, terminal, probe, scratch);
    try {
      const deadline = Date.now() + 10_000;
      for (;;) {
        // the window is there once the terminal has mapped it
        const focused = await probe.ask('focus', 2000).then(
          () => true,
          (error: Error) => (Date.now() > deadline ? Promise.reject(error) : false),
        );
        if (focused) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await opened.run('true', 60_000);
      return opened;
    } catch (error) {
      await opened.close();
      throw new Error(`${kind} running toolbox enter ${container}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** Types `command` at the prompt and presses Return; resolves with ms to the last drawing once it has ended and the screen is still. */
  private async run(command: string, timeoutMs: number, quietMs = 300): Promise<number> {
    const done = path.join(this.scratch, 'done');
    rmSync(done, { force: true });
    await this.probe.ask(`type ${command}; : > /run/host${done}`, 10_000);
    return Number(await this.probe.ask(`press Return ${quietMs} ${timeoutMs} ${done}`, timeoutMs));
  }

  /** ms from Return to the last drawing of `bytes` of text (and its end marker), on a cleared screen. */
  async throughput(bytes: number, timeoutMs: number): Promise<number> {
    await this.run('clear', 10_000);
    return this.run(throughputCommand(bytes), timeoutMs, 500);
  }

  /** Starts an endless flood; after a second of it, ms from Ctrl+C to the last drawing (the prompt) before the screen is still. */
  async interruptFlood(timeoutMs = 30_000): Promise<number> {
    await this.run('clear', 10_000);
    await this.probe.ask(`type ${throughputCommand(FLOOD_FOREVER_BYTES)}`, 10_000);
    await this.probe.ask('press Return 0 1000', 1000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return Number(await this.probe.ask(`press Control_L+c 300 ${timeoutMs}`, timeoutMs));
  }

  /** ms from each key to the first drawing after it, one key at a time on a still screen; clears the line after. */
  async echoSamples(count: number): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) samples.push(Number(await this.probe.ask(`echo ${String.fromCharCode(97 + (i % 26))} 10000`, 10_000)));
    await this.probe.ask('press Control_L+u 100 5000', 5000);
    return samples;
  }

  /** Leaves the shell with `exit` (a killed login shell can leave locks behind), then ends the terminal and its X server. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.terminal.exitCode !== null ? resolve() : this.terminal.once('exit', () => resolve())));
    await this.probe.ask('press Control_L+c 0 1000', 1000).catch(() => undefined);
    await this.probe.ask('type exit\\n', 5000).catch(() => undefined);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    this.terminal.kill();
    this.probe.close();
    this.xvfb.kill();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/** What row 4's peer terminals need that this machine lacks, each with its fix (checked before anything is made). */
export function peersMissing(): string[] {
  const missing = ['Xvfb', 'xterm', 'sakura'].filter((program) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program]).status !== 0);
  if (!existsSync(PROBE) && spawnSync('sh', ['-c', 'command -v "${CC:-cc}"']).status !== 0) missing.push('cc');
  return missing.map((program) => `${program} is missing (scripts/prepare-machine.sh)`);
}
