// Slow engine operations (creates, pulls, setup edits…) run under an id the
// window chooses, so it can follow their progress events and cancel them.
import type { EventPayloads } from '../../shared/contract';
import { onEngineEvent } from '../api/connection';

/** A fresh id: another window of the same backend picks its own at the same moment, so it is random too. */
export function newOperationId(kind: string): string {
  return `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Calls `listener` with each progress event of one operation (`withChildren`: and of those it
 * started under its id and "-N", as a blueprint starts each toolbox's create); returns the
 * function that stops following.
 */
export function followOperation(
  operationId: string,
  listener: (event: EventPayloads['operationProgress']) => void,
  options: { withChildren?: boolean } = {},
): () => void {
  const ours = (id: string) => id === operationId || (options.withChildren === true && id.startsWith(`${operationId}-`));
  return onEngineEvent((message) => {
    if (message.event === 'operationProgress' && ours(message.payload.operationId)) listener(message.payload);
  });
}
