// The one place that runs podman. Arguments are always an array (no shell),
// failures become typed ToolshedErrors, and every call can be observed so
// tests and benchmarks can count them: plain calls, long-running processes,
// and the ones that need a pseudo-terminal (terminal tabs, pulls with progress).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as pty from 'node-pty';
import { ToolshedError } from '../../../shared/errors.js';
import { createCallLanes, laneOf, LANE_LIMITS, type Lane } from './callLanes.js';

export interface PodmanCall {
  args: readonly string[];
  startedAt: number;
}

export interface RunOptions {
  /** Milliseconds before the call is killed and fails with TIMEOUT. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The lane to wait in, when not the one its command has (callLanes.ts). */
  lane?: Lane;
}

export interface PodmanRunnerOptions {
  /** The podman binary: a path or a name looked up on PATH. */
  binary?: string;
  defaultTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Called before each call (for tests and benchmarks that count podman calls). */
  onCall?: (call: PodmanCall) => void;
  /** podman processes at most at once, per lane (callLanes.ts); spawned and pseudo-terminal ones are the caller's and not counted. */
  laneLimits?: Readonly<Record<Lane, number>>;
  /** Where each call's start and end (with its duration and outcome) are written, when set ($TOOLSHED_LOG_PODMAN=1): what hung, in a red test run's log. */
  trace?: (line: string) => void;
}

export interface ExitResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface PodmanRunner {
  readonly binary: string;
  /** The deadline of a call that names none. */
  readonly defaultTimeoutMs: number;
  run(args: readonly string[], options?: RunOptions): Promise<string>;
  /** Like run, but a non-zero exit is a result, not an error (commands run in a container by `podman exec`). */
  runForExit(args: readonly string[], options?: RunOptions): Promise<ExitResult>;
  runJson<T>(args: readonly string[], options?: RunOptions): Promise<T>;
  /** A long-running podman process (events, logs -f); the caller owns it. */
  spawn(args: readonly string[]): ChildProcess;
  /** podman on a pseudo-terminal (in the runner's environment unless told otherwise); the caller owns it. */
  spawnPty(args: readonly string[], options: pty.IPtyForkOptions): pty.IPty;
}

const MAX_OUTPUT = 64 * 1024 * 1024;

export function missingPodmanError(binary: string): ToolshedError {
  return new ToolshedError(
    'PODMAN_MISSING',
    `podman was not found (looked for "${binary}").`,
    'Toolshed manages containers with podman. Install it with your package manager (e.g. "sudo apt install podman" or "sudo dnf install podman"); on Fedora Silverblue and other image-based systems it is already part of the OS.',
  );
}

/** podman's warnings (logrus on a terminal, logfmt through pipes): never the reason a command failed. */
const WARNING_LINE = /^(WARN\[\d+\]|time="[^"]*" level=warning )/;

/** stderr without podman's warnings (podman 5 warns on every command of a cgroups v1 host, say). */
export function withoutWarnings(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !WARNING_LINE.test(line.trim()))
    .join('\n')
    .trim();
}

/** podman's own message: the last "Error: ..." line of stderr, else its last line that is not a warning. */
export function podmanMessage(stderr: string): string {
  const lines = withoutWarnings(stderr).split('\n').filter(Boolean);
  const errorLine = [...lines].reverse().find((line) => line.startsWith('Error:'));
  return (errorLine ?? lines.at(-1) ?? '').replace(/^Error:\s*/, '').trim();
}

export function createPodmanRunner(options: PodmanRunnerOptions = {}): PodmanRunner {
  const binary = options.binary ?? 'podman';
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
  // podman 5 on a cgroups v1 host warns on every command (also inside terminal tabs): Toolshed says what matters itself
  const env = { PODMAN_IGNORE_CGROUPSV1_WARNING: '1', ...(options.env ?? process.env) };
  const lanes = createCallLanes(options.laneLimits ?? LANE_LIMITS);

  function run(args: readonly string[], runOptions: RunOptions = {}): Promise<string> {
    return execute(args, runOptions, false).then((result) => result.stdout);
  }

  let traced = 0;
  /** Logs a call's start; answers what logs its end. */
  function traceCall(args: readonly string[]): (outcome: string) => void {
    const trace = options.trace;
    if (!trace) return () => undefined;
    const id = (traced += 1);
    const startedAt = Date.now();
    const shown = args.join(' ').slice(0, 200);
    trace(`podman #${id} started: ${shown}`);
    return (outcome) => trace(`podman #${id} ${outcome} after ${Date.now() - startedAt} ms: ${shown}`);
  }

  /** A call's process once its lane has room. */
  function execute(args: readonly string[], runOptions: RunOptions, exitIsResult: boolean): Promise<ExitResult> {
    const timeoutMs = runOptions.timeoutMs ?? defaultTimeoutMs;
    const lane = runOptions.lane ?? laneOf(args);
    // waiting counts towards the deadline (a caller is waiting), except in the background lane
    const queueDeadline = lane === 'background' ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
    // reads change nothing: one waiting answers everyone asking the same
    const shareKey =
      (lane === 'read' || lane === 'list' || lane === 'status') && !runOptions.signal ? `${String(exitIsResult)} ${timeoutMs} ${args.join('\0')}` : undefined;
    const describe = `podman ${args[0] ?? ''}`;
    return lanes.schedule(
      lane,
      { deadline: queueDeadline, describe, ...(shareKey === undefined ? {} : { shareKey }), ...(runOptions.signal ? { signal: runOptions.signal } : {}) },
      () => executeNow(args, runOptions, exitIsResult, Math.max(1, Math.min(timeoutMs, queueDeadline - Date.now())), timeoutMs),
    );
  }

  function executeNow(args: readonly string[], runOptions: RunOptions, exitIsResult: boolean, remainingMs: number, timeoutMs: number): Promise<ExitResult> {
    options.onCall?.({ args, startedAt: Date.now() });
    const ended = traceCall(args);
    return new Promise<ExitResult>((resolve, reject) => {
      const child = execFile(
        binary,
        args,
        { env, maxBuffer: MAX_OUTPUT, timeout: remainingMs, killSignal: 'SIGKILL', signal: runOptions.signal },
        (error, stdout, stderr) => {
          if (!error) return resolve({ exitCode: 0, stdout, stderr });
          const err = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
          if (err.code === 'ENOENT') return reject(missingPodmanError(binary));
          if (exitIsResult && typeof err.code === 'number' && !err.killed) return resolve({ exitCode: err.code, stdout, stderr });
          if (err.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
            return reject(
              new ToolshedError(
                'PODMAN_FAILED',
                `podman ${args[0] ?? ''} printed more than ${MAX_OUTPUT / 1024 / 1024} MiB, more than Toolshed reads from one command; it was stopped.`,
                `podman ${args.join(' ')}`,
              ),
            );
          }
          if (err.name === 'AbortError') return reject(new ToolshedError('CANCELLED', `podman ${args[0] ?? ''} was cancelled.`));
          if (err.killed) {
            return reject(
              new ToolshedError('TIMEOUT', `podman ${args[0] ?? ''} did not answer within ${Math.round(timeoutMs / 1000)} s.`, `podman ${args.join(' ')}`),
            );
          }
          const message = podmanMessage(stderr) || `podman ${args[0] ?? ''} exited with status ${String(err.code)}`;
          reject(new ToolshedError('PODMAN_FAILED', message, stderr.trim() || undefined));
        },
      );
      child.stdin?.end();
    }).then(
      (result) => (ended(`ended (exit ${result.exitCode})`), result),
      (error: unknown) => {
        ended(`failed (${(error as { code?: string }).code ?? 'error'})`);
        throw error;
      },
    );
  }

  return {
    binary,
    defaultTimeoutMs,
    run,
    runForExit: (args, runOptions = {}) => execute(args, runOptions, true),
    async runJson<T>(args: readonly string[], runOptions?: RunOptions): Promise<T> {
      const stdout = await run(args, runOptions);
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new ToolshedError('PODMAN_FAILED', `podman ${args[0] ?? ''} printed output that is not JSON.`, stdout.slice(0, 2000));
      }
    },
    spawn(args: readonly string[]): ChildProcess {
      options.onCall?.({ args, startedAt: Date.now() });
      const ended = traceCall(args);
      const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.on('close', (code, signal) => ended(`ended (${signal ?? `exit ${String(code)}`})`));
      return child;
    },
    spawnPty(args: readonly string[], ptyOptions: pty.IPtyForkOptions): pty.IPty {
      options.onCall?.({ args, startedAt: Date.now() });
      const ptyEnv = ptyOptions.env ?? Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return pty.spawn(binary, [...args], { ...ptyOptions, env: ptyEnv });
    },
  };
}
