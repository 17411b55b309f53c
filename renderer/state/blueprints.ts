// Toolboxes made from a blueprint in the window: its reading (what it makes,
// the commands it runs as root, what is not applied, its problems), shown
// whole before anything runs, then the making, step by step.
import type { BlueprintReading, ContainerSummary, EventPayloads } from '../../shared/contract';
import { api } from '../api/connection';
import { notifyError } from './notices';
import { followOperation, newOperationId } from './operations';

export function readBlueprint(text: string): Promise<BlueprintReading | undefined> {
  return api()
    .readBlueprint({ text })
    .catch((error: unknown) => {
      notifyError(error, 'Could not read the blueprint');
      return undefined;
    });
}

/** Makes what the blueprint describes; each step's line goes to `onStep`. Rejects with the engine's error. */
export async function applyBlueprint(text: string, onStep: (event: EventPayloads['operationProgress']) => void): Promise<ContainerSummary[]> {
  const operationId = newOperationId('blueprint');
  // the blueprint's own steps, and those of each toolbox's create (its id, "-N" after the blueprint's)
  const stop = followOperation(operationId, onStep, { withChildren: true });
  try {
    return (await api().applyBlueprint({ text, operationId })).made;
  } finally {
    stop();
  }
}
