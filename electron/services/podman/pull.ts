// `podman pull` with progress.
//
// podman only draws byte progress when its output is a terminal, so a pull of
// a fully qualified reference runs under a pseudo-terminal (node-pty, argument
// array, no shell). A short name runs through pipes instead: on a terminal
// podman would stop and ask which registry to use, and nobody would answer.
import type { IPty } from 'node-pty';
import { ToolshedError } from '../../../shared/errors.js';
import { pullError } from './pullErrors.js';
import { PullOutputParser, type PullSnapshot } from './pullProgress.js';
import { missingPodmanError, type PodmanRunner } from './runner.js';

export type PullProgress = PullSnapshot;

export interface PullOptions {
  /** Fully qualified (registry/…): pulled on a pty, with byte progress. */
  qualified: boolean;
  signal?: AbortSignal;
  onProgress?: (p: PullProgress) => void;
}

/** Progress is reported at most this often (podman redraws its bars every ~150 ms). */
const REPORT_EVERY_MS = 100;
/** Wide enough that podman never shortens a bar's "done / total" text. */
const PTY_SIZE = { cols: 200, rows: 60 };
const KILL_GRACE_MS = 5000;

interface PullProcess {
  exited: Promise<number>;
  kill(signal: NodeJS.Signals): void;
}

/** Pulls `reference` (already checked by shared/domain/imageRef); resolves with the image id. */
export async function pull(runner: PodmanRunner, reference: string, options: PullOptions): Promise<{ id: string }> {
  if (options.signal?.aborted) throw cancelled(reference);

  const parser = new PullOutputParser();
  let lastReport = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!options.onProgress || (!force && now - lastReport < REPORT_EVERY_MS)) return;
    lastReport = now;
    options.onProgress(parser.snapshot());
  };
  const onOutput = (chunk: string) => {
    if (parser.feed(chunk)) report(false);
  };

  options.onProgress?.({ message: `Pulling ${reference}` });
  const args = ['pull', '--', reference];
  const child = options.qualified ? pullInPty(runner, args, onOutput) : pullInPipes(runner, args, onOutput);

  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let exitCode: number;
  try {
    exitCode = await child.exited;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
  }
  parser.end();
  report(true);

  if (options.signal?.aborted) throw cancelled(reference);
  const transcript = parser.transcript.join('\n');
  // node-pty's child reports a binary it could not execute this way
  if (exitCode !== 0 && /execvp\(3\) failed/.test(transcript)) throw missingPodmanError(runner.binary);
  if (exitCode !== 0) throw pullError(reference, parser.error ?? `podman pull exited with status ${exitCode}.`, transcript);
  return { id: parser.imageId ?? (await runner.run(['image', 'inspect', '--format', '{{.Id}}', '--', reference], { timeoutMs: 30_000 })).trim() };
}

function cancelled(reference: string): ToolshedError {
  return new ToolshedError('CANCELLED', `The pull of ${reference} was cancelled.`);
}

function pullInPty(runner: PodmanRunner, args: string[], onOutput: (chunk: string) => void): PullProcess {
  let pty: IPty;
  try {
    pty = runner.spawnPty(args, { name: 'dumb', ...PTY_SIZE, cwd: '/' });
  } catch {
    throw missingPodmanError(runner.binary);
  }
  const exited = new Promise<number>((resolve) => {
    pty.onExit(({ exitCode }) => resolve(exitCode));
  });
  pty.onData(onOutput);
  return {
    exited,
    kill: (signal) => {
      try {
        pty.kill(signal);
      } catch {
        // already gone
      }
    },
  };
}

function pullInPipes(runner: PodmanRunner, args: string[], onOutput: (chunk: string) => void): PullProcess {
  const child = runner.spawn(args);
  child.stdout?.setEncoding('utf8').on('data', onOutput);
  child.stderr?.setEncoding('utf8').on('data', onOutput);
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? missingPodmanError(runner.binary) : error));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return { exited, kill: (signal) => child.kill(signal) };
}
