// A container some action is under way on: its buttons wait, its details show
// what the action says it is doing.
import { notifyError } from './notices';
import { useStore } from './store';

/** The container's buttons wait and its details show `label` (and progress lines) until clearBusy. */
export function setBusy(containerId: string, label: string): void {
  useStore.setState((s) => ({ busy: { ...s.busy, [containerId]: label } }));
}

export function clearBusy(containerId: string): void {
  useStore.setState((s) => {
    const { [containerId]: _done, ...busy } = s.busy;
    const { [containerId]: _line, ...progress } = s.progress;
    return { busy, progress };
  });
}

/** Sets the container's progress line (what a slow action says it is doing). */
export function setProgress(containerId: string, line: string): void {
  useStore.setState((s) => ({ progress: { ...s.progress, [containerId]: line } }));
}

/**
 * Runs `work` with the container's buttons waiting under `label` and a fresh progress line;
 * when it fails, says so (`failure`, by default "Starting tb failed") and resolves undefined.
 */
/** `onError`: where the failure is shown instead of a notice (the dialog that started the work). */
export async function withBusy<T>(
  container: { id: string; name: string },
  label: string,
  work: () => Promise<T>,
  failure = `${label.replace(/…$/, '')} ${container.name} failed`,
  onError?: (error: unknown) => void,
): Promise<T | undefined> {
  // a fresh progress line: the last one seen for this container belongs to earlier work
  setProgress(container.id, '');
  setBusy(container.id, label);
  try {
    return await work();
  } catch (error) {
    if (onError) onError(error);
    else notifyError(error, failure);
    return undefined;
  } finally {
    clearBusy(container.id);
  }
}
