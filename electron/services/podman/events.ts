// One long-running `podman events` stream for the whole engine, restarted
// with a growing delay when it dies, so the UI never has to poll.
import type { ChildProcess } from 'node:child_process';
import type { Disposable } from '../../../shared/disposable.js';
import type { PodmanRunner } from './runner.js';
import type { PodmanEvent } from './types.js';

export interface EventStreamOptions {
  onEvent: (event: PodmanEvent) => void;
  /** Called when the stream (re)starts, so the listener can resynchronize. */
  onStart?: () => void;
  onExit?: (info: { code: number | null; stderr: string; restartInMs: number }) => void;
  maxRestartDelayMs?: number;
}

/** Disposing it ends the stream for good. */
export type EventStream = Disposable;

export function watchPodmanEvents(runner: PodmanRunner, options: EventStreamOptions): EventStream {
  let child: ChildProcess | undefined;
  let stopped = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let delayMs = 250;
  const maxDelayMs = options.maxRestartDelayMs ?? 10_000;

  function start(): void {
    const startedAt = Date.now();
    let stderr = '';
    let pending = '';
    const proc = runner.spawn(['events', '--format', 'json', '--filter', 'type=container']);
    child = proc;
    proc.stdout?.setEncoding('utf8');
    proc.stdout?.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (!line) continue;
        try {
          options.onEvent(JSON.parse(line) as PodmanEvent);
        } catch {
          // a line podman did not print as JSON: not an event
        }
      }
    });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    proc.on('error', () => {
      /* ENOENT and the like: reported through 'close' */
    });
    proc.on('close', (code) => {
      if (child === proc) child = undefined;
      if (stopped) return;
      // a stream that ran for a while gets a fresh, short delay
      if (Date.now() - startedAt > 30_000) delayMs = 250;
      options.onExit?.({ code, stderr, restartInMs: delayMs });
      restartTimer = setTimeout(start, delayMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    });
    options.onStart?.();
  }

  start();
  return {
    dispose() {
      stopped = true;
      clearTimeout(restartTimer);
      child?.kill('SIGTERM');
    },
  };
}
