// How many podman processes run at once: each call waits for a free place in
// its lane, so 300 calls at once start a few processes, not 300 (each podman
// costs ~8 MB and a lock on its storage). Lanes keep kinds of call apart: the
// engine's status never waits behind a hung list, the list never behind slow reads, and a dozen
// update checks running `podman exec` never hold up a Stop or a tab. A read that is
// still waiting is shared by every caller asking the same thing meanwhile
// (one not yet started sees podman as it is when it starts, which is as new
// as any of them asked for).
import { ToolshedError } from '../../../shared/errors.js';

/** `background` is only ever asked for by name: work no one waits on (update checks, minutes each). */
export type Lane = 'status' | 'list' | 'read' | 'exec' | 'change' | 'background';

/** Processes at most, per lane. */
export const LANE_LIMITS: Readonly<Record<Lane, number>> = { status: 2, list: 2, read: 4, exec: 4, change: 4, background: 2 };

const READS = new Set(['inspect', 'stats', 'images', 'exists', 'logs', 'diff', 'history', 'top', 'port', 'ps']);
const LONG = new Set(['exec', 'commit', 'save', 'load', 'export', 'import', 'pull', 'push', 'build', 'cp']);

/** The lane of a call, by its podman command (`podman container inspect` as `podman inspect`). */
export function laneOf(args: readonly string[]): Lane {
  const [first = '', second = ''] = args;
  // the status (whether podman answers at all) never waits behind a hung list
  if (first === 'version') return 'status';
  // the list: `podman ps --all` as ContainerStore runs it, and `info` (where its state is kept)
  if ((first === 'ps' && args.length === 4 && args[1] === '--all') || first === 'info') return 'list';
  const command = first === 'container' || first === 'image' ? second : first;
  if (READS.has(command)) return 'read';
  if (LONG.has(command)) return 'exec';
  return 'change';
}

interface Waiting<T> {
  key: string | undefined;
  deadline: number;
  start: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

export interface ScheduleOptions {
  /** Callers with the same key, while the call waits, share it. */
  shareKey?: string;
  /** When the caller gives up: a call still waiting then fails with TIMEOUT, and never starts (Infinity: it waits its turn). */
  deadline: number;
  signal?: AbortSignal;
  /** What the TIMEOUT says the call was ("podman inspect"). */
  describe: string;
}

export interface CallLanes {
  schedule<T>(lane: Lane, options: ScheduleOptions, start: () => Promise<T>): Promise<T>;
  /** Calls running and waiting in a lane (for tests and the engine's own diagnostics). */
  load(lane: Lane): { running: number; waiting: number };
}

export function createCallLanes(limits: Readonly<Record<Lane, number>> = LANE_LIMITS): CallLanes {
  const running: Record<Lane, number> = { status: 0, list: 0, read: 0, exec: 0, change: 0, background: 0 };
  const waiting: Record<Lane, Waiting<unknown>[]> = { status: [], list: [], read: [], exec: [], change: [], background: [] };

  function next(lane: Lane): void {
    while (running[lane] < limits[lane]) {
      const call = waiting[lane].shift();
      if (!call) return;
      clearTimeout(call.timer);
      running[lane] += 1;
      call
        .start()
        .then(call.resolve, call.reject)
        .finally(() => {
          running[lane] -= 1;
          next(lane);
        });
    }
  }

  return {
    schedule<T>(lane: Lane, options: ScheduleOptions, start: () => Promise<T>): Promise<T> {
      if (running[lane] < limits[lane] && waiting[lane].length === 0) {
        running[lane] += 1;
        return start().finally(() => {
          running[lane] -= 1;
          next(lane);
        });
      }
      const shared = options.shareKey === undefined ? undefined : waiting[lane].find((call) => call.key === options.shareKey);
      if (shared) {
        return new Promise<T>((resolve, reject) => {
          const { resolve: first, reject: firstReject } = shared;
          shared.resolve = (value) => (first(value), resolve(value as T));
          shared.reject = (error) => (firstReject(error), reject(error));
        });
      }
      return new Promise<T>((resolve, reject) => {
        const call: Waiting<T> = {
          key: options.shareKey,
          deadline: options.deadline,
          start,
          resolve,
          reject,
          timer: setTimeout(
            () => {
              const queue = waiting[lane];
              queue.splice(queue.indexOf(call as Waiting<unknown>), 1);
              // call.reject: every caller sharing it, not only the first
              call.reject(
                new ToolshedError(
                  'TIMEOUT',
                  `${options.describe} did not start: ${running[lane]} podman calls of its kind were still running (slow or hung).`,
                  'Toolshed runs a few podman processes at a time; the ones ahead did not finish in time.',
                ),
              );
            },
            Math.min(Math.max(0, options.deadline - Date.now()), 2 ** 31 - 1),
          ),
        };
        options.signal?.addEventListener(
          'abort',
          () => {
            const queue = waiting[lane];
            const at = queue.indexOf(call as Waiting<unknown>);
            if (at < 0) return;
            queue.splice(at, 1);
            clearTimeout(call.timer);
            call.reject(new ToolshedError('CANCELLED', `${options.describe} was cancelled.`));
          },
          { once: true },
        );
        waiting[lane].push(call as Waiting<unknown>);
      });
    },
    load: (lane) => ({ running: running[lane], waiting: waiting[lane].length }),
  };
}
