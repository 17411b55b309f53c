// Slow operations (pulls, creates, setup edits…) the client started under an
// id it chose, so it can cancel them: one AbortController per running
// operation. They report their steps as operationProgress events.
import type { Api, EventPayloads } from '../../shared/contract.js';
import type { Disposable } from '../../shared/disposable.js';
import { ToolshedError, toErrorData } from '../../shared/errors.js';
import type { EngineContext } from './engineContext.js';

/** What an operation on a toolbox holds: its id and its name, so a call naming either finds it busy. */
export interface ToolboxRef {
  id: string;
  name: string;
}

/** What a start's claim reads: a tab asked for meanwhile waits for it (see `finished`) instead of being refused. */
export const STARTING = 'a start';

interface Claim {
  name: string;
  doing: string;
  /** Settles when the claim is released. */
  released: Promise<void>;
}

export class Operations implements Disposable {
  private readonly running = new Map<string, AbortController>();
  /** Container id or name -> the toolbox and what is being done to it. */
  private readonly claimed = new Map<string, Claim>();

  /**
   * One operation per toolbox at a time, engine-wide (every window shares the
   * engine): a second one is refused with what is under way. Two at once on one
   * toolbox lose work (a restore stopping the container an edit just made).
   * `doing` reads "the setup edit"; release the claim when done.
   */
  claim(toolbox: ToolboxRef, doing: string): Disposable {
    this.checkFree(toolbox.id);
    this.checkFree(toolbox.name);
    const keys = [toolbox.id, toolbox.name];
    let release = () => {};
    const mine: Claim = { name: toolbox.name, doing, released: new Promise<void>((resolve) => (release = resolve)) };
    for (const key of keys) this.claimed.set(key, mine);
    return {
      // released once; never someone else's claim made since
      dispose: () => {
        keys.forEach((key) => this.claimed.get(key) === mine && this.claimed.delete(key));
        release();
      },
    };
  }

  /**
   * Refuses at once when `ref` (a name, or an id, maybe shortened) is a toolbox
   * being worked on: called first thing, before the work's own look at podman,
   * so a request made during another is refused even when that other has
   * finished by the time this one would claim the toolbox.
   */
  checkFree(ref: string): void {
    const busy = this.busyWith(ref);
    if (busy) throw new ToolshedError('BUSY', `${busy.name} is busy: ${busy.doing} of ${busy.name} is under way. Try again when it has finished.`);
  }

  /** Settles when the operation now holding the toolbox `ref` names (if any) has finished, however it ended. */
  finished(ref: string): Promise<void> {
    return this.busyWith(ref)?.released ?? Promise.resolve();
  }

  /** The toolbox `ref` names and what is being done to it, if anything. */
  busyWith(ref: string): Claim | undefined {
    const exact = this.claimed.get(ref);
    if (exact || !/^[0-9a-f]{12,63}$/.test(ref)) return exact;
    for (const [key, claim] of this.claimed) if (key.startsWith(ref)) return claim;
    return undefined;
  }

  /** Runs work holding the toolbox's claim (see claim). */
  async exclusive<T>(toolbox: ToolboxRef, doing: string, work: () => Promise<T>): Promise<T> {
    const claim = this.claim(toolbox, doing);
    try {
      return await work();
    } finally {
      claim.dispose();
    }
  }

  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    controller?.abort();
    return controller !== undefined;
  }

  /** Runs work under an operation id (which must not be in use), always releasing the id. */
  async run<T>(operationId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running.has(operationId)) throw new ToolshedError('INVALID_ARGUMENT', `Operation "${operationId}" is already running.`);
    const controller = new AbortController();
    this.running.set(operationId, controller);
    try {
      return await work(controller.signal);
    } finally {
      this.running.delete(operationId);
    }
  }

  /** The engine is going away: cancel everything still running. */
  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}

export type Step = EventPayloads['operationProgress']['step'];
export type Progress = (step: Step, message: string) => void;

/** Runs an operation that reports its steps, and its failure in the same words the caller gets back. */
export function runReported<T>(
  ctx: Pick<EngineContext, 'operations' | 'emit'>,
  operationId: string,
  work: (signal: AbortSignal, progress: Progress) => Promise<T>,
): Promise<T> {
  const progress: Progress = (step, message) => ctx.emit('operationProgress', { operationId, step, message });
  return ctx.operations.run(operationId, async (signal) => {
    try {
      return await work(signal, progress);
    } catch (error) {
      // the same words the caller gets back (dispatch hides unexpected errors as INTERNAL)
      progress('failed', toErrorData(error).message);
      throw error;
    }
  });
}

export function operationsApi(ctx: Pick<EngineContext, 'operations'>): Pick<Api, 'cancelOperation'> {
  return {
    cancelOperation: async ({ operationId }) => ({ cancelled: ctx.operations.cancel(operationId) }),
  };
}
