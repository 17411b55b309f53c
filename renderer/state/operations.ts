// Slow engine operations (creates, pulls, setup edits…) run under an id the
// window chooses, so it can follow their progress events and cancel them.
import type { EventPayloads } from '../../shared/contract';
import { onEngineEvent } from '../api/connection';

/** A fresh id: another window of the same backend picks its own at the same moment, so it is random too. */
export function newOperationId(kind: string): string {
  return `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Calls `listener` with each progress event of one operation; returns the function that stops following. */
export function followOperation(operationId: string, listener: (event: EventPayloads['operationProgress']) => void): () => void {
  return onEngineEvent((message) => {
    if (message.event === 'operationProgress' && message.payload.operationId === operationId) listener(message.payload);
  });
}
