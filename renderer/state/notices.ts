// Notices: what went wrong or right, shown for a while (errors long enough to
// read their details), held while the pointer is on them.
import { ToolshedError } from '../../shared/errors';
import { useStore } from './store';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  message: string;
  detail?: string;
}

let noticeId = 0;

/** How long a notice stays on its own: information briefly, errors long enough to read their details. */
const NOTICE_MS = { info: 5000, error: 15_000 } as const;
const noticeTimers = new Map<number, ReturnType<typeof setTimeout>>();

function dismissLater(notice: Notice): void {
  clearTimeout(noticeTimers.get(notice.id));
  noticeTimers.set(
    notice.id,
    setTimeout(() => dismissNotice(notice.id), NOTICE_MS[notice.kind]),
  );
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
