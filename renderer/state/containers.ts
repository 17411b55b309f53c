// What the UI's container buttons do: call the engine, show progress while it
// works, and a clear error when it fails. The list itself updates from the
// engine's containersChanged events (followContainers).
import type { ContainerSummary, ContainerInspection, ContainerStats, RecoveryNote } from '../../shared/contract';
import { formatBytes, plural } from '../../shared/domain/units';
import { api, onConnectionState, onEngineEvent, onShellRequest } from '../api/connection';
import { askConfirm } from './confirm';
import { errorMessage, notify, notifyError } from './notices';
import { setProgress, withBusy } from './busy';
import { useStore, type StoreState } from './store';
import { busyTabsIn } from './terminals';
import { canUse } from '../../shared/domain/containerKinds';

/**
 * How many containersChanged events this window has had. A list asked for
 * before the latest one may predate it (the engine answers from its cache
 * while a refresh runs, whose event then overtakes the reply's use here).
 */
let listEvents = 0;

/** Keeps the list, progress lines and connection state in the store as the engine reports them. */
export function followContainers(): () => void {
  const stopConnection = onConnectionState((connection) => {
    const was = useStore.getState().connection;
    useStore.setState({ connection });
    if (connection === 'open' && (was === 'reconnecting' || was === 'lost')) {
      notify('info', 'Reconnected to the Toolshed backend.');
      void refresh();
    }
  });
  const stopEvents = onEngineEvent((message) => {
    if (message.event === 'containersChanged') {
      listEvents += 1;
      useStore.setState({ containers: message.payload.containers, loaded: true, listProblem: undefined });
    } else if (message.event === 'listLive') {
      const { live } = message.payload;
      useStore.setState((s) => ({ status: s.status && { ...s.status, listLive: live } }));
    } else if (message.event === 'operationRecovered') {
      announceRecoveries([message.payload]);
    } else if (message.event === 'progress') {
      const { container, message: line } = message.payload;
      const target = useStore.getState().containers.find((c) => c.name === container);
      if (target) setProgress(target.id, line);
    }
  });
  return () => {
    stopConnection();
    stopEvents();
  };
}

const RECOVERIES_SEEN_KEY = 'toolshed.recoveriesSeen';

/** Says once per window what the engine cleaned up after an earlier one was stopped mid-operation. */
function announceRecoveries(notes: readonly RecoveryNote[]): void {
  let seen: string[] = [];
  try {
    seen = JSON.parse(sessionStorage.getItem(RECOVERIES_SEEN_KEY) ?? '[]') as string[];
  } catch {
    seen = [];
  }
  const fresh = notes.filter((note) => !seen.includes(note.id));
  for (const note of fresh) notify('info', note.message);
  if (fresh.length === 0) return;
  try {
    sessionStorage.setItem(RECOVERIES_SEEN_KEY, JSON.stringify([...seen, ...fresh.map((note) => note.id)].slice(-50)));
  } catch {
    // storage off: a reload may say it again
  }
}

export async function refresh(): Promise<void> {
  // without a token the server accepts, the banner says what to do: no toast on top
  if (useStore.getState().connection === 'refused') return;
  try {
    const asked = api().getStatus({});
    const eventsBefore = listEvents;
    // asked beside the status, not after it: the list is what the first screen waits for
    const listed = api().listContainers({ all: true });
    listed.catch(() => undefined); // judged below, once the status says podman is there at all
    const status = await asked;
    useStore.setState({ status });
    announceRecoveries(status.recovered);
    if (!status.available) return;
    const containers = await listed;
    // an event since the call carries a list at least as new as this answer: keep it
    if (listEvents === eventsBefore) useStore.setState({ containers });
    useStore.setState({ loaded: true, listProblem: undefined });
  } catch (error) {
    // where the list would be, until it can be read: not only a notice that goes away (a lost or refused
    // connection has the banner of its own)
    if ((error as { code?: string }).code !== 'DISCONNECTED') useStore.setState({ listProblem: errorMessage(error) });
    notifyError(error, 'Could not list containers');
  }
}

/** The container's setup (mounts, labels, entry point), or undefined after saying why not. */
export async function loadDetails(container: ContainerSummary): Promise<ContainerInspection | undefined> {
  try {
    return await api().inspectContainer({ container: container.id });
  } catch (error) {
    notifyError(error, `Could not inspect ${container.name}`);
    return undefined;
  }
}

/** The container's size and resource use, or undefined after saying why not. */
export async function loadStats(container: ContainerSummary): Promise<ContainerStats | undefined> {
  try {
    return await api().containerStats({ container: container.id });
  } catch (error) {
    notifyError(error, `Could not read the resource use of ${container.name}`);
    return undefined;
  }
}

/** "sleep in the tab "build"", one line per busy tab, for a confirmation. */
export const describeBusy = (tabs: { title: string; program: string }[]) => tabs.map((tab) => `${tab.program} in the tab "${tab.title}"`).join('; ');

/**
 * Stopping (or restarting, or removing) ends what runs in the container's tabs:
 * asks first when a tab runs something other than its shell, naming it. True to go on.
 */
async function confirmEndingBusyTabs(containers: ContainerSummary[], verb: string): Promise<boolean> {
  const busy = await busyTabsIn(containers.map((c) => c.id));
  if (busy.length === 0) return true;
  const names = containers.map((c) => c.name).join(', ');
  const answer = await askConfirm({
    title: `${verb} ${names}?`,
    body: `Still running: ${describeBusy(busy)}. ${verb === 'Restart' ? 'Restarting' : 'Stopping'} ends ${busy.length === 1 ? 'it' : 'them'}.`,
    confirmLabel: `${verb} anyway`,
    danger: true,
  });
  return answer.confirmed;
}

/**
 * Quitting, or closing the desktop window, ends every tab's shell: the window asks first when a tab runs a
 * program, naming it. Quitting the background engine (whose tabs outlive the window) names every tab.
 */
export function followShellRequests(): void {
  onShellRequest(async ({ action }) => {
    if (action === 'quitBackground') return confirmQuittingBackground();
    const busy = await busyTabsIn();
    if (busy.length === 0) return true;
    const verb = action === 'quit' ? 'Quit' : 'Close';
    const answer = await askConfirm({
      title: `${verb} Toolshed?`,
      body: `Still running: ${describeBusy(busy)}. ${action === 'quit' ? 'Quitting' : 'Closing the window'} ends ${busy.length === 1 ? 'it' : 'them'}, and every tab's shell.`,
      confirmLabel: `${verb} anyway`,
      danger: true,
    });
    return answer.confirmed;
  });
}

async function confirmQuittingBackground(): Promise<boolean> {
  const tabs = await api().listTerminals({});
  const running = tabs.filter((tab) => tab.exitCode === undefined);
  if (running.length === 0) return true;
  const busy = await busyTabsIn();
  const answer = await askConfirm({
    title: 'Quit Toolshed?',
    body:
      `Its background engine ends, and with it ${running.length === 1 ? 'the tab' : `these ${running.length} tabs`}: ${running.map((tab) => `"${tab.title}"`).join(', ')}.` +
      (busy.length ? ` Still running: ${describeBusy(busy)}.` : '') +
      ' Closing the window instead leaves them running.',
    confirmLabel: `Quit and end ${running.length === 1 ? 'it' : 'them'}`,
    danger: true,
  });
  return answer.confirmed;
}

export const startContainer = (c: ContainerSummary) => withBusy(c, 'Starting…', () => api().startContainer({ container: c.id }));

export async function stopContainer(c: ContainerSummary): Promise<ContainerSummary | undefined> {
  if (!(await confirmEndingBusyTabs([c], 'Stop'))) return undefined;
  return withBusy(c, 'Stopping…', () => api().stopContainer({ container: c.id }));
}

export async function restartContainer(c: ContainerSummary): Promise<ContainerSummary | undefined> {
  if (!(await confirmEndingBusyTabs([c], 'Restart'))) return undefined;
  return withBusy(c, 'Restarting…', () => api().restartContainer({ container: c.id }));
}

export async function renameContainer(c: ContainerSummary, newName: string): Promise<boolean> {
  const result = await withBusy(c, 'Renaming…', () => api().renameContainer({ container: c.id, newName }));
  return result !== undefined;
}

export async function removeContainer(c: ContainerSummary): Promise<void> {
  // the row the selection and the keyboard go to once it is gone
  const rows = visibleContainers(useStore.getState());
  const at = rows.findIndex((row) => row.id === c.id);
  const neighbour = rows[at + 1] ?? rows[at - 1];
  const running = c.state === 'running';
  const busy = running ? await busyTabsIn([c.id]) : [];
  const snapshots = canUse(c, 'recreate')
    ? await api()
        .listSnapshots({ container: c.name })
        .catch(() => [])
    : [];
  const options = [
    ...(running ? [{ label: `${c.name} is running: stop it and remove it`, checked: false }] : []),
    ...(snapshots.length
      ? [
          {
            label: `Also delete its ${plural(snapshots.length, 'snapshot')} (${formatBytes(snapshots.reduce((sum, s) => sum + s.ownBytes, 0))})`,
            checked: false,
          },
        ]
      : []),
  ];
  const answer = await askConfirm({
    title: `Remove ${c.name}?`,
    body: `The container "${c.name}" (${c.shortId}) and everything installed in it will be deleted. Your home directory, volumes and the image ${c.image} are kept${snapshots.length ? ', and so are its snapshots unless you tick below' : ''}.${busy.length ? ` Still running in its tabs: ${describeBusy(busy)}.` : ''}`,
    confirmLabel: `Remove ${c.name}`,
    danger: true,
    ...(options.length ? { options } : {}),
  });
  if (!answer.confirmed) return;
  if (running && !answer.options[0]) {
    notify('error', `${c.name} is running; tick "stop it and remove it" to remove it anyway.`);
    return;
  }
  const removeSnapshots = snapshots.length > 0 && answer.options[running ? 1 : 0] === true;
  const result = await withBusy(c, 'Removing…', () => api().removeContainer({ id: c.id, name: c.name, force: running, removeSnapshots }));
  if (result) {
    notify(
      'info',
      `Removed ${c.name}${result.snapshotsRemoved ? ` and ${plural(result.snapshotsRemoved, 'snapshot')}` : ''}.${snapshotsKeptText(result.snapshotsKept)}`,
    );
    if (useStore.getState().selectedId === c.id) useStore.setState({ selectedId: neighbour?.id });
    focusToolboxList();
  }
}

/** " Kept: "name" (box is made from it)." for snapshots a deletion left, or nothing. */
export function snapshotsKeptText(kept: readonly { name: string; usedBy: string[] }[]): string {
  const stays = kept.map((s) => `"${s.name}"${s.usedBy.length ? ` (${s.usedBy.join(', ')} ${s.usedBy.length === 1 ? 'is' : 'are'} made from it)` : ''}`);
  return stays.length ? ` Kept: ${stays.join(', ')}.` : '';
}

export async function stopAll(): Promise<void> {
  const running = useStore.getState().containers.filter((c) => c.state === 'running' && canUse(c, 'listed'));
  if (running.length === 0) return notify('info', 'No toolbox is running.');
  const busy = await busyTabsIn(running.map((c) => c.id));
  const answer = await askConfirm({
    title: 'Stop all toolboxes?',
    body: `This stops ${running.map((c) => c.name).join(', ')}. Programs running in them are ended.${busy.length ? ` Still running in tabs: ${describeBusy(busy)}.` : ''}`,
    confirmLabel: `Stop ${running.length}`,
  });
  if (!answer.confirmed) return;
  try {
    const { stopped } = await api().stopAll({});
    notify('info', `Stopped ${plural(stopped.length, 'container')}.`);
  } catch (error) {
    notifyError(error, 'Stop all failed');
  }
}

// ---- the list as it is shown ----

/** The list's element id: the keyboard comes back to it (Ctrl+Shift+E, after a removal). */
export const TOOLBOX_LIST_ID = 'toolbox-list';

/** Puts the keyboard in the list (or the filter field when the list has no rows). */
export function focusToolboxList(): void {
  const list = document.getElementById(TOOLBOX_LIST_ID) ?? document.querySelector<HTMLElement>('input[type="search"]');
  list?.focus();
}

/** The containers the list shows: managed ones (or all on request), filtered by name, distro or state. */
export function visibleContainers(state: Pick<StoreState, 'containers' | 'showAll' | 'filter'>): ContainerSummary[] {
  const words = state.filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return state.containers.filter((c) => {
    if (!state.showAll && !canUse(c, 'listed')) return false;
    const haystack = `${c.name} ${c.distro ?? ''} ${c.release ?? ''} ${c.state} ${c.manager} ${c.image}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
