// Slow operations (pulls, creates) the client started under an id it chose,
// so it can cancel them: one AbortController per running operation.
import { ToolshedError } from '../../shared/errors.js';

export class Operations {
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

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
