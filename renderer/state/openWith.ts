// A toolbox opened in the user's own tools: the host's terminal, VS Code
// attached as the user (its changes shown and approved first), the file
// manager. What is installed is asked once per window.
import { useEffect, useState } from 'react';
import type { CallResults, ContainerSummary, EditorPlan } from '../../shared/contract';
import { api } from '../api/connection';
import { notify, notifyError, orNotify } from './notices';
import { withBusy } from './busy';

type HostTools = CallResults['describeOpenWith'];
let asked: Promise<HostTools> | undefined;

/** The settings changed (the preferred terminal): ask again when next shown. */
export function forgetHostTools(): void {
  asked = undefined;
}

/** The terminals, editors and file manager found on the host (undefined until known). */
export function useHostTools(): HostTools | undefined {
  const [tools, setTools] = useState<HostTools | undefined>();
  useEffect(() => {
    let current = true;
    asked ??= api().describeOpenWith({});
    asked.then(
      (found) => current && setTools(found),
      (error: unknown) => {
        asked = undefined;
        notifyError(error, 'Could not look for the tools installed here');
      },
    );
    return () => {
      current = false;
    };
  }, []);
  return tools;
}

export async function openInTerminal(container: ContainerSummary, terminal?: string): Promise<void> {
  const opened = await withBusy(
    container,
    'Opening a terminal…',
    () => api().openInTerminal({ container: container.id, ...(terminal ? { terminal } : {}) }),
    `Could not open ${container.name} in a terminal`,
  );
  if (opened) notify('info', `${container.name} opened in ${opened.terminal}.`);
}

/** What opening in the editor would write, to show before anything is. */
export function planEditor(container: ContainerSummary, editor: string, usePodman: boolean): Promise<EditorPlan | undefined> {
  return orNotify(() => api().planEditor({ container: container.id, editor, usePodman }), `Could not prepare ${container.name} for the editor`);
}

/** Writes what was shown (if it is still so) and opens the window; true when it did. */
export async function openInEditor(container: ContainerSummary, editor: string, usePodman: boolean, plan: EditorPlan): Promise<boolean> {
  const opened = await withBusy(
    container,
    'Opening in the editor…',
    () => api().openInEditor({ container: container.id, editor, usePodman, digest: plan.digest }),
    `Could not open ${container.name} in the editor`,
  );
  if (opened)
    notify(
      'info',
      `${container.name} is opening in ${opened.argv[0]}${opened.written.length ? ` (${opened.written.length} file${opened.written.length === 1 ? '' : 's'} written)` : ''}.`,
    );
  return opened !== undefined;
}

export async function openFiles(container: ContainerSummary, where: 'root' | 'home'): Promise<void> {
  await withBusy(container, 'Opening the files…', () => api().openFiles({ container: container.id, where }), `Could not open ${container.name}'s files`);
}
