// The terminal tabs of this window. Sessions live in the engine: this store
// only mirrors their list (listTerminals, terminalChanged/Closed), keeps this
// window's tab order and choice, and keeps one TabConnection per tab
// (renderer/terminal/tabConnection.ts: output, input, acks, size).
import { create } from 'zustand';
import type { ContainerSummary, TerminalInfo } from '../../shared/contract';
import { api, onEngineEvent } from '../api/connection';
import { DEFAULT_TERMINAL_FONT } from '../../shared/terminal';
import { TabConnection } from '../terminal/tabConnection';
import { askConfirm } from './confirm';
import { clearBusy, setBusy } from './busy';
import { notifyError } from './notices';
import { useStore } from './store';

export interface TerminalsState {
  /** Tab ids in the order this window shows them. */
  order: string[];
  infos: Record<string, TerminalInfo>;
  activeId: string | undefined;
  /**
   * The tab the user just chose or opened: its terminal takes the keyboard
   * focus. Any other activation (a restore after a reload, a neighbour of a
   * closed tab) takes it only when nothing else holds it.
   */
  focusId: string | undefined;
  /** Bumped when the connection comes back: every view attaches again. */
  epoch: number;
  /** The terminal fills the window (the container list is hidden). */
  maximized: boolean;
  fontSize: number;
  fontFamily: string;
}

export const useTerminals = create<TerminalsState>(() => ({
  order: [],
  infos: {},
  activeId: undefined,
  focusId: undefined,
  epoch: 0,
  maximized: false,
  fontSize: DEFAULT_TERMINAL_FONT.size,
  fontFamily: DEFAULT_TERMINAL_FONT.family,
}));

const ORDER_KEY = 'toolshed.terminalOrder';

const connections = new Map<string, TabConnection>();

/** The tab's link to its session (made on first use, ended when the tab goes). */
export function tabConnection(id: string): TabConnection {
  let connection = connections.get(id);
  if (!connection) {
    connection = new TabConnection(id, api(), (error) => {
      if (useTerminals.getState().infos[id]?.exitCode === undefined) notifyError(error, 'Typing into the terminal failed');
    });
    connections.set(id, connection);
  }
  return connection;
}

// ---- the list of tabs ----

/** The tab order and the active tab this window showed, kept across a reload (sessionStorage: this window only). */
function savedTabs(): { order: string[]; active: string | undefined } {
  try {
    const saved = JSON.parse(sessionStorage.getItem(ORDER_KEY) ?? '{}') as { order?: unknown; active?: unknown };
    const order = Array.isArray(saved.order) ? saved.order.filter((id): id is string => typeof id === 'string') : [];
    return { order, active: typeof saved.active === 'string' ? saved.active : undefined };
  } catch {
    return { order: [], active: undefined };
  }
}

useTerminals.subscribe((state, previous) => {
  if (state.order === previous.order && state.activeId === previous.activeId) return;
  try {
    sessionStorage.setItem(ORDER_KEY, JSON.stringify({ order: state.order, active: state.activeId }));
  } catch {
    // storage may be off: the order then lasts as long as the page
  }
});

function upsert(info: TerminalInfo, activate = false): void {
  useTerminals.setState((s) => ({
    infos: { ...s.infos, [info.id]: info },
    order: s.order.includes(info.id) ? s.order : [...s.order, info.id],
    activeId: activate || !s.activeId ? info.id : s.activeId,
    ...(activate ? { focusId: info.id } : {}),
  }));
}

function removeTab(id: string): void {
  connections.get(id)?.dispose();
  connections.delete(id);
  useTerminals.setState((s) => {
    if (!s.order.includes(id)) return s;
    const index = s.order.indexOf(id);
    const order = s.order.filter((other) => other !== id);
    const { [id]: _gone, ...infos } = s.infos;
    const activeId = s.activeId === id ? (order[Math.min(index, order.length - 1)] ?? undefined) : s.activeId;
    return { order, infos, activeId, maximized: order.length > 0 && s.maximized };
  });
}

/** Reads the engine's sessions again (page load, reconnect); every view attaches anew. */
async function syncTabs(): Promise<void> {
  const list = await api().listTerminals({});
  const known = new Set(list.map((t) => t.id));
  const kept = savedTabs();
  const saved = kept.order.filter((id) => known.has(id));
  const order = [...saved, ...list.map((t) => t.id).filter((id) => !saved.includes(id))];
  useTerminals.setState((s) => ({
    order,
    infos: Object.fromEntries(list.map((t) => [t.id, t])),
    activeId: s.activeId && known.has(s.activeId) ? s.activeId : kept.active && known.has(kept.active) ? kept.active : order.at(-1),
    epoch: s.epoch + 1,
  }));
}

async function loadSettings(): Promise<void> {
  const settings = await api().getSettings({});
  useTerminals.setState({ fontSize: settings.terminalFontSize, fontFamily: settings.terminalFontFamily });
}

/** Follows the engine's terminal events while the tabs area is mounted. */
export function startTerminals(): () => void {
  const stopEvents = onEngineEvent((message) => {
    switch (message.event) {
      case 'terminalData': {
        const { id, data, offset } = message.payload;
        connections.get(id)?.receive(data, offset);
        break;
      }
      case 'terminalChanged':
        upsert(message.payload.info);
        break;
      case 'terminalReplaced': {
        // the engine reopened a tab where it was (its toolbox was made again): same place, same focus
        const { id, by } = message.payload;
        useTerminals.setState((s) => {
          if (!s.order.includes(id)) return s;
          const order = s.order.filter((other) => other !== by);
          order.splice(order.indexOf(id), 0, by);
          return { order, ...(s.activeId === id ? { activeId: by } : {}) };
        });
        break;
      }
      case 'terminalClosed':
        removeTab(message.payload.id);
        break;
      default:
        break;
    }
  });
  const stopConnection = useStore.subscribe((state, previous) => {
    if (state.connection === 'open' && (previous.connection === 'reconnecting' || previous.connection === 'lost')) {
      void syncTabs().catch((error: unknown) => notifyError(error, 'Could not list the terminals again'));
    }
  });
  void syncTabs().catch((error: unknown) => notifyError(error, 'Could not list the terminals'));
  void loadSettings().catch(() => undefined);
  return () => {
    stopEvents();
    stopConnection();
  };
}

// ---- what the tab bar's buttons and keys do ----

/** The size a new tab starts with: the active tab's, until its view fits it. */
function startingSize(): { cols: number; rows: number } {
  const state = useTerminals.getState();
  const active = state.activeId ? state.infos[state.activeId] : undefined;
  return { cols: active?.cols ?? 100, rows: active?.rows ?? 30 };
}

/**
 * Opens a tab in a container (its summary, id or name) or, without one, on the host; `upgrade`: the
 * toolbox's upgrade instead of a shell; `background`, asked once the tab is ready (opening can take
 * seconds): true keeps it behind the others, so it never takes the keyboard from a tab the user is
 * typing in meanwhile.
 */
export async function openTab(
  container?: ContainerSummary | string,
  options: { upgrade?: boolean; background?: () => boolean } = {},
): Promise<TerminalInfo | undefined> {
  const summary = typeof container === 'string' ? useStore.getState().containers.find((c) => c.id === container || c.name === container) : container;
  const ref = typeof container === 'string' ? container : container?.id;
  const name = summary?.name ?? ref;
  if (summary) setBusy(summary.id, options.upgrade ? 'Starting the upgrade…' : 'Opening a terminal…');
  try {
    const info = await api().openTerminal({ ...(ref ? { container: ref } : {}), ...(options.upgrade ? { upgrade: true } : {}), ...startingSize() });
    upsert(info, !options.background?.());
    return info;
  } catch (error) {
    notifyError(
      error,
      options.upgrade ? `Could not start the upgrade of ${name}` : name ? `Could not open a terminal in ${name}` : 'Could not open a host terminal',
    );
    return undefined;
  } finally {
    if (summary) clearBusy(summary.id);
  }
}

/**
 * A new tab beside the active one, where the active one is (Ctrl+Shift+T): in the toolbox a
 * `toolbox enter` inside it went into (as Ptyxis does), else in its own container, else on the host.
 */
export function openTabLikeActive(): Promise<TerminalInfo | undefined> {
  const state = useTerminals.getState();
  const active = state.activeId ? state.infos[state.activeId] : undefined;
  return openTab(active?.nestedContainer ?? active?.containerId ?? active?.container);
}

/** The open tabs in these containers (all tabs, host shells included, without a list) that run a program other than their shell, with that program. */
export async function busyTabsIn(containerIds?: readonly string[]): Promise<{ title: string; program: string }[]> {
  const { order, infos } = useTerminals.getState();
  const inThem = order
    .map((id) => infos[id])
    .filter(
      (info): info is TerminalInfo => info !== undefined && info.exitCode === undefined && (!containerIds || containerIds.includes(info.containerId ?? '')),
    );
  const busy = await Promise.all(
    inThem.map(async (info) => {
      const { program } = await api()
        .terminalBusy({ id: info.id })
        .catch(() => ({ program: null }));
      return program ? { title: info.title, program } : undefined;
    }),
  );
  return busy.filter((tab) => tab !== undefined);
}

/** Closes a tab; asks first when a program other than the shell is running in it. */
export async function closeTab(id: string): Promise<void> {
  const info = useTerminals.getState().infos[id];
  if (!info) return;
  if (info.exitCode === undefined) {
    try {
      const { program } = await api().terminalBusy({ id });
      if (program) {
        const answer = await askConfirm({
          title: `Close "${info.title}"?`,
          body: `${program} is still running in this tab. Closing the tab ends it.`,
          confirmLabel: 'Close the tab',
          danger: true,
        });
        if (!answer.confirmed) return;
      }
    } catch {
      // the session may already be gone: closing is still right
    }
  }
  try {
    await api().closeTerminal({ id });
  } catch (error) {
    notifyError(error, 'Could not close the terminal');
  }
  removeTab(id);
}

/** Opens a fresh session where an ended one was, and closes the ended one. */
export async function reopenTab(id: string): Promise<void> {
  const old = useTerminals.getState().infos[id];
  if (!old) return;
  const fresh = await openTab(old.containerId ?? old.container);
  if (!fresh) return;
  useTerminals.setState((s) => {
    const order = s.order.filter((other) => other !== fresh.id);
    order.splice(Math.max(0, order.indexOf(id)), 0, fresh.id);
    return { order, activeId: fresh.id };
  });
  await api()
    .closeTerminal({ id })
    .catch(() => undefined);
  removeTab(id);
}

/** The tabs a stop of this container ended (in tab order). */
export function stoppedTabsOf(state: { order: string[]; infos: Record<string, TerminalInfo> }, containerId: string | undefined): string[] {
  if (containerId === undefined) return [];
  return state.order.filter((id) => {
    const info = state.infos[id];
    return info?.containerId === containerId && info.exitCode !== undefined && info.endReason !== undefined;
  });
}

/** Every tab a stop of this container ended, opened again (each in its place). */
export async function reopenStoppedTabs(containerId: string): Promise<void> {
  for (const id of stoppedTabsOf(useTerminals.getState(), containerId)) await reopenTab(id);
}

export function activateTab(id: string): void {
  useTerminals.setState({ activeId: id, focusId: id });
}

/** The view of the focused tab has taken the focus. */
export function focusTaken(id: string): void {
  if (useTerminals.getState().focusId === id) useTerminals.setState({ focusId: undefined });
}

/** Ctrl+PageUp / Ctrl+PageDown: the previous or next tab, wrapping around. */
export function cycleTab(step: number): void {
  const { order, activeId } = useTerminals.getState();
  if (order.length === 0) return;
  const index = activeId ? order.indexOf(activeId) : 0;
  const next = order[(index + step + order.length) % order.length];
  useTerminals.setState({ activeId: next, focusId: next });
}

/** Moves a tab to another place in the bar (drag and drop, Ctrl+Shift+PageUp/PageDown). */
export function moveTab(id: string, toIndex: number): void {
  useTerminals.setState((s) => {
    if (!s.order.includes(id)) return s;
    const order = s.order.filter((other) => other !== id);
    order.splice(Math.max(0, Math.min(toIndex, order.length)), 0, id);
    return { order };
  });
}

export function setMaximized(maximized: boolean): void {
  useTerminals.setState({ maximized });
}
