// The renderer's state: what the engine reported (status, containers), what
// the user chose (selection, filter), and what is under way (actions, notices).
import { create } from 'zustand';
import type { ContainerSummary, EngineStatus } from '../../shared/contract';
import type { ConnectionState } from '../api/client';

export type { ConnectionState };
import { ToolshedError } from '../../shared/errors';
import { canUse } from '../../shared/domain/containerKinds';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  message: string;
  detail?: string;
}

export interface ConfirmAnswer {
  confirmed: boolean;
  options: boolean[];
}

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  /** Extra checkboxes, e.g. "stop it first"; the answer has their states in this order. */
  options?: { label: string; checked: boolean }[];
  resolve: (answer: ConfirmAnswer) => void;
}

export interface StoreState {
  connection: ConnectionState;
  status: EngineStatus | undefined;
  containers: ContainerSummary[];
  loaded: boolean;
  /** Why the list could not be read, while there is none to show (podman hung, say). */
  listProblem: string | undefined;
  showAll: boolean;
  filter: string;
  selectedId: string | undefined;
  /** Container id -> the action under way ("Starting…"). */
  busy: Record<string, string>;
  /** The latest progress line per container (init log while starting). */
  progress: Record<string, string>;
  notices: Notice[];
  confirm: ConfirmRequest | undefined;
}

let noticeId = 0;

export const useStore = create<StoreState>(() => ({
  connection: 'connecting',
  status: undefined,
  containers: [],
  loaded: false,
  listProblem: undefined,
  showAll: false,
  filter: '',
  selectedId: undefined,
  busy: {},
  progress: {},
  notices: [],
  confirm: undefined,
}));

/** How long a notice stays on its own: information briefly, errors long enough to read their details. */
const NOTICE_MS = { info: 5000, error: 15_000 } as const;
const noticeTimers = new Map<number, ReturnType<typeof setTimeout>>();

function dismissLater(notice: Notice): void {
  clearTimeout(noticeTimers.get(notice.id));
  noticeTimers.set(notice.id, setTimeout(() => dismissNotice(notice.id), NOTICE_MS[notice.kind]));
}

export function notify(kind: Notice['kind'], message: string, detail?: string): void {
  const notice: Notice = { id: (noticeId += 1), kind, message, ...(detail ? { detail } : {}) };
  // at most three at once, the newest; an older one goes
  useStore.setState((s) => ({ notices: [...s.notices.slice(-2), notice] }));
  dismissLater(notice);
}

/** A notice the user points at or focuses stays until they leave it (then its time starts again). */
export function holdNotice(id: number, held: boolean): void {
  const notice = useStore.getState().notices.find((n) => n.id === id);
  if (!notice) return;
  if (held) clearTimeout(noticeTimers.get(id));
  else dismissLater(notice);
}

/** What went wrong, in a sentence fit to show: the engine's message, else the error as text. */
export function errorMessage(error: unknown): string {
  return error instanceof ToolshedError ? error.message : String(error);
}

export function notifyError(error: unknown, context: string): void {
  // while the backend is away, the banner says so once: no toast per failed call
  if (error instanceof ToolshedError && error.code === 'DISCONNECTED' && useStore.getState().connection !== 'open') return;
  notify('error', `${context}: ${errorMessage(error)}`, error instanceof ToolshedError ? error.detail : undefined);
}

/** The work's result, or undefined after saying why it failed (`failure`, then the engine's message). */
export async function orNotify<T>(work: () => Promise<T>, failure: string): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    notifyError(error, failure);
    return undefined;
  }
}

export function dismissNotice(id: number): void {
  clearTimeout(noticeTimers.get(id));
  noticeTimers.delete(id);
  useStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

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

export function askConfirm(request: Omit<ConfirmRequest, 'resolve'>): Promise<ConfirmAnswer> {
  return new Promise((resolve) => {
    useStore.setState({
      confirm: {
        ...request,
        resolve: (answer) => {
          useStore.setState({ confirm: undefined });
          resolve(answer);
        },
      },
    });
  });
}

/** The containers the list shows: managed ones (or all on request), filtered by name, distro or state. */
/** The list's element id: the keyboard comes back to it (Ctrl+Shift+E, after a removal). */
export const TOOLBOX_LIST_ID = 'toolbox-list';

/** Puts the keyboard in the list (or the filter field when the list has no rows). */
export function focusToolboxList(): void {
  const list = document.getElementById(TOOLBOX_LIST_ID) ?? document.querySelector<HTMLElement>('input[type="search"]');
  list?.focus();
}

export function visibleContainers(state: Pick<StoreState, 'containers' | 'showAll' | 'filter'>): ContainerSummary[] {
  const words = state.filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return state.containers.filter((c) => {
    if (!state.showAll && !canUse(c, 'listed')) return false;
    const haystack = `${c.name} ${c.distro ?? ''} ${c.release ?? ''} ${c.state} ${c.manager} ${c.image}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
