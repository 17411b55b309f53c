// Blueprints in the window: one read (what it makes, the commands it runs as
// root, what is not applied, its problems) and shown whole before anything
// runs, then made step by step; a toolbox exported as one; a toolbox moved to
// a new release.
import type { BlueprintReading, CallResults, ContainerSummary, EventPayloads } from '../../shared/contract';
import { api } from '../api/connection';
import { useStore, type BlueprintDialogRequest } from './store';
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

/** The text at a URL (fetched by the engine), or undefined after saying why not. */
export function fetchBlueprint(url: string): Promise<string | undefined> {
  return api()
    .fetchBlueprint({ url })
    .then(({ text }) => text)
    .catch((error: unknown) => {
      notifyError(error, 'Could not fetch the blueprint');
      return undefined;
    });
}

/** The toolbox said as a blueprint. Rejects with the engine's error (the dialog shows it). */
export function exportBlueprint(container: ContainerSummary): Promise<CallResults['exportBlueprint']> {
  return api().exportBlueprint({ container: container.id });
}

/** Moves a toolbox to a newer image; each step's line goes to `onStep`. Rejects with the engine's error. */
export async function moveToRelease(
  container: ContainerSummary,
  image: string,
  keepOldAs: string,
  onStep: (event: EventPayloads['operationProgress']) => void,
): Promise<CallResults['moveToRelease']> {
  const operationId = newOperationId('move');
  const stop = followOperation(operationId, onStep, { withChildren: true });
  try {
    const moved = await api().moveToRelease({ container: container.id, image, keepOldAs, operationId });
    // the toolbox it was opened on is the new one now (the old one, renamed, stays in the list)
    if (useStore.getState().selectedId === container.id) useStore.setState({ selectedId: moved.container.id });
    return moved;
  } finally {
    stop();
  }
}

/** Opens a blueprint dialog (or closes it, with undefined). */
export function showBlueprintDialog(request: BlueprintDialogRequest | undefined): void {
  useStore.setState({ blueprintDialog: request });
}
