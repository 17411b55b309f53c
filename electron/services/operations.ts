// Slow operations (pulls, creates, setup edits…) the client started under an
// id it chose, so it can cancel them: one AbortController per running
// operation. They report their steps as operationProgress events.
import type { Api, EventPayloads } from '../../shared/contract.js';
import type { Disposable } from '../../shared/disposable.js';
import { ToolshedError, toErrorData } from '../../shared/errors.js';
import type { EngineContext } from './engineContext.js';

export class Operations implements Disposable {
  private readonly running = new Map<string, AbortController>();

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
export function runReported<T>(ctx: Pick<EngineContext, 'operations' | 'emit'>, operationId: string, work: (signal: AbortSignal, progress: Progress) => Promise<T>): Promise<T> {
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
