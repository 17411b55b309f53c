// The update centre in the window: each toolbox's last report (count on its
// row, list in its details), checks on request, an upgrade in a tab, and
// "Upgrade all": the chosen toolboxes upgraded in their own tabs, a few at a
// time, then a summary of what succeeded and failed. A scheduled round that
// found updates is announced once (a desktop notification when allowed).
import { create } from 'zustand';
import type { ContainerSummary, UpdateReport } from '../../shared/contract';
import { api, onEngineEvent, onReconnected } from '../api/connection';
import { takeSnapshot } from './setup';
import { notify, notifyError } from './notices';
import { openTab, useTerminals } from './terminals';
import { plural } from '../../shared/domain/units';

interface UpdatesState {
  /** By container id. */
  reports: Record<string, UpdateReport>;
  /** Names of the toolboxes being checked. */
  checking: string[];
}

export const useUpdates = create<UpdatesState>(() => ({ reports: {}, checking: [] }));

const setReport = (report: UpdateReport) =>
  useUpdates.setState((s) => ({ reports: { ...s.reports, [report.containerId]: report }, checking: s.checking.filter((name) => name !== report.container) }));

/** The count a row shows: pending updates, or null when unknown or failed. */
export const pendingCount = (report: UpdateReport | undefined) => report?.pendingCount ?? report?.pending?.length ?? null;

function announce(toolboxes: { container: string; count: number }[]): void {
  const total = toolboxes.reduce((sum, t) => sum + t.count, 0);
  const text = `${plural(total, 'update')} pending in ${toolboxes.map((t) => t.container).join(', ')}.`;
  notify('info', text);
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification('Toolshed', { body: text });
}

/** Loads the reports and follows the engine's checks; returns the function that stops. */
export function followUpdates(): () => void {
  const load = () =>
    void api()
      .listUpdates({})
      .then((reports) => reports.forEach(setReport))
      .catch(() => undefined);
  load();
  const stopConnection = onReconnected(load);
  const stopEvents = onEngineEvent((message) => {
    if (message.event === 'updatesChanged') {
      const payload = message.payload;
      if ('report' in payload) setReport(payload.report);
      else useUpdates.setState((s) => ({ checking: [...s.checking.filter((n) => n !== payload.checking), payload.checking] }));
    } else if (message.event === 'updatesFound') {
      void api()
        .getSettings({})
        .then((settings) => settings.updateNotifications && announce(message.payload.toolboxes))
        .catch(() => undefined);
    }
  });
  return () => {
    stopConnection();
    stopEvents();
  };
}

export async function checkUpdates(container: ContainerSummary): Promise<UpdateReport | undefined> {
  // asked once, on a click: the browser shows its question only then
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
  try {
    const report = await api().checkUpdates({ container: container.id });
    setReport(report);
    return report;
  } catch (error) {
    useUpdates.setState((s) => ({ checking: s.checking.filter((name) => name !== container.name) }));
    notifyError(error, `Could not check ${container.name} for updates`);
    return undefined;
  }
}

/** Checks these toolboxes at once (Upgrade all's "check now"). */
export async function checkAll(containers: readonly ContainerSummary[]): Promise<void> {
  await Promise.all(containers.map((container) => checkUpdates(container)));
}

/** A tab running the toolbox's upgrade as root (the user answers its questions there); `background`: see openTab. */
export function upgrade(container: ContainerSummary, background?: () => boolean) {
  return openTab(container, { upgrade: true, ...(background ? { background } : {}) });
}

/** The active tab is an upgrade still running: the user may be answering it. */
function answeringAnUpgrade(): boolean {
  const { activeId, infos } = useTerminals.getState();
  const active = activeId ? infos[activeId] : undefined;
  return active?.upgrade === true && active.exitCode === undefined;
}

/** Resolves with the tab's exit code once it ends (or null when the tab is closed first). */
function tabEnd(id: string): Promise<number | null> {
  return new Promise((resolve) => {
    const check = () => {
      const info = useTerminals.getState().infos[id];
      if (!info) return (resolve(null), true);
      if (info.exitCode !== undefined) return (resolve(info.exitCode), true);
      return false;
    };
    if (check()) return;
    const stop = useTerminals.subscribe(() => check() && stop());
  });
}

// ---- upgrade all ----

export type UpgradeStep = 'waiting' | 'snapshot' | 'upgrading' | 'succeeded' | 'failed';
export interface UpgradeItem {
  container: ContainerSummary;
  step: UpgradeStep;
  /** Why it failed, or how it ended. */
  detail?: string;
}

interface UpgradeAllState {
  /** The dialog is open (choosing, running, or the summary). */
  open: boolean;
  items: UpgradeItem[];
  running: boolean;
}

export const useUpgradeAll = create<UpgradeAllState>(() => ({ open: false, items: [], running: false }));

/** Whether any snapshot exists (then Upgrade all offers one of each toolbox first). */
export function anySnapshots(): Promise<boolean> {
  return api()
    .listSnapshots({})
    .then((snapshots) => snapshots.length > 0)
    .catch(() => false);
}

export function openUpgradeAll(): void {
  useUpgradeAll.setState({ open: true, items: [], running: false });
}

export function closeUpgradeAll(): void {
  if (!useUpgradeAll.getState().running) useUpgradeAll.setState({ open: false, items: [] });
}

const setStep = (id: string, step: UpgradeStep, detail?: string) =>
  useUpgradeAll.setState((s) => ({
    items: s.items.map((item) => (item.container.id === id ? { ...item, step, ...(detail !== undefined ? { detail } : {}) } : item)),
  }));

async function upgradeOne(container: ContainerSummary, snapshotFirst: boolean): Promise<void> {
  if (snapshotFirst) {
    setStep(container.id, 'snapshot');
    if (!(await takeSnapshot(container, `Before upgrading (${new Date().toLocaleString()})`.slice(0, 64)))) {
      setStep(container.id, 'failed', 'No snapshot could be taken, so it was not upgraded.');
      return;
    }
  }
  setStep(container.id, 'upgrading');
  // the next upgrade waits behind the one the user is answering when it opens
  const tab = await upgrade(container, answeringAnUpgrade);
  if (!tab) return setStep(container.id, 'failed', 'The upgrade could not start.');
  const code = await tabEnd(tab.id);
  if (code === 0) setStep(container.id, 'succeeded', 'Upgraded.');
  else
    setStep(
      container.id,
      'failed',
      code === null ? 'Its tab was closed before the upgrade ended.' : `The package manager ended with status ${code}; the toolbox is as it left it.`,
    );
}

/**
 * Upgrades the toolboxes, at most `concurrency` at once, each in its own tab.
 * The dialog steps aside meanwhile (the user answers the package managers in
 * the tabs) and comes back with the summary.
 */
export async function runUpgradeAll(containers: readonly ContainerSummary[], options: { snapshotFirst: boolean }): Promise<void> {
  const concurrency = await api()
    .getSettings({})
    .then((s) => s.upgradeConcurrency)
    .catch(() => 2);
  useUpgradeAll.setState({ open: false, items: containers.map((container) => ({ container, step: 'waiting' })), running: true });
  notify('info', `Upgrading ${containers.map((c) => c.name).join(', ')}: answer their questions in their tabs.`);
  const queue = [...containers];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await upgradeOne(next, options.snapshotFirst);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, containers.length) }, worker));
  useUpgradeAll.setState({ running: false, open: true });
}
