// Slow operations (pulls, creates) the client started under an id it chose,
// so it can cancel them: one AbortController per running operation.
import type { Api } from '../../shared/contract.js';
import type { Disposable } from '../../shared/disposable.js';
import { ToolshedError } from '../../shared/errors.js';
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

export function operationsApi(ctx: Pick<EngineContext, 'operations'>): Pick<Api, 'cancelOperation'> {
  return {
    cancelOperation: async ({ operationId }) => ({ cancelled: ctx.operations.cancel(operationId) }),
  };
}
