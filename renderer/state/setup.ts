// A toolbox's life after creation, as the UI asks for it: its setup edited,
// snapshots taken, restored and deleted, clones, backups to a file and back.
// Each slow operation keeps the toolbox's buttons waiting and its progress
// line following the engine's messages; each asks first when it ends
// programs or deletes something, and says clearly when it fails.
import type { BackupInfo, ContainerSummary, SetupInfo, SnapshotInfo, ToolboxSetup } from '../../shared/contract';
import { setupChanges } from '../model/setupChanges';
import { snapshotsToPrune, type PruneRule } from '../../shared/domain/snapshotPruning';
import { formatBytes, formatStamp, plural } from '../../shared/domain/units';
import { api } from '../api/connection';
import { followOperation, newOperationId } from './operations';
import { askConfirm } from './confirm';
import { notify, notifyError } from './notices';
import { setProgress, withBusy } from './busy';
import { useStore } from './store';
import { describeBusy, snapshotsKeptText } from './containers';
import { busyTabsIn } from './terminals';

/**
 * Runs one engine operation: with `busy`, the container's buttons wait under its label and
 * its progress line shows the operation's messages; `onMessage` gets them too. Resolves
 * undefined after saying why it failed.
 */
async function runOperation<T>(
  kind: string,
  target: { busy?: { container: ContainerSummary; label: string }; failure: string; onMessage?: (message: string) => void; onError?: (error: unknown) => void },
  call: (operationId: string) => Promise<T>,
): Promise<T | undefined> {
  const operationId = newOperationId(kind);
  const { busy } = target;
  const stop = followOperation(operationId, ({ message }) => {
    if (busy) setProgress(busy.container.id, message);
    target.onMessage?.(message);
  });
  try {
    if (busy) return await withBusy(busy.container, busy.label, () => call(operationId), target.failure, target.onError);
    return await call(operationId).catch((error: unknown) => (target.onError ? target.onError(error) : notifyError(error, target.failure), undefined));
  } finally {
    stop();
  }
}

/** The toolbox made again keeps being the one selected (its id changed). */
function follow(old: ContainerSummary, made: ContainerSummary): void {
  if (useStore.getState().selectedId === old.id) useStore.setState({ selectedId: made.id });
}

/** "Programs end" in words, naming what still runs in its tabs. */
async function programsEnd(container: ContainerSummary): Promise<string> {
  if (container.state !== 'running') return '';
  const busy = await busyTabsIn([container.id]);
  const named = describeBusy(busy);
  return ` It is stopped first: programs running in it end${named ? ` (still running: ${named})` : ''}; its tabs open again in the new one, in the folder they were in.`;
}

export async function loadSetup(container: ContainerSummary): Promise<SetupInfo | undefined> {
  try {
    return await api().describeSetup({ container: container.id });
  } catch (error) {
    notifyError(error, `Could not read the setup of ${container.name}`);
    return undefined;
  }
}

export async function loadSnapshots(container: ContainerSummary): Promise<SnapshotInfo[] | undefined> {
  try {
    return await api().listSnapshots({ container: container.name });
  } catch (error) {
    notifyError(error, `Could not list the snapshots of ${container.name}`);
    return undefined;
  }
}

/** Applies a new setup after the user confirmed `changes`; resolves with the toolbox made again. */
/** `onError`: the dialog's own place for the failure (a notice would be hidden behind it). */
export async function editSetup(
  container: ContainerSummary,
  setup: ToolboxSetup,
  changes: string[],
  sizeBytes: number | undefined,
  onError?: (error: unknown) => void,
): Promise<ContainerSummary | undefined> {
  const saved = sizeBytes !== undefined ? ` (${formatBytes(sizeBytes)} changed since its image)` : '';
  const answer = await askConfirm({
    title: `Apply the new setup to ${container.name}?`,
    body: `${changes.join('\n')}\n\nToolbx cannot change a container's setup, so Toolshed saves what is installed in ${container.name}${saved} as a snapshot, makes it again from that with the new setup, and only then removes the old one. Your home folder is on the host and is not touched.${await programsEnd(container)} If anything fails, ${container.name} stays as it was.`,
    confirmLabel: 'Apply',
  });
  if (!answer.confirmed) return undefined;
  const made = await runOperation(
    'edit',
    { busy: { container, label: 'Applying the new setup…' }, failure: `The setup of ${container.name} was not changed`, ...(onError ? { onError } : {}) },
    (operationId) => api().editSetup({ container: container.id, setup, operationId }),
  );
  if (made) {
    follow(container, made);
    notify('info', `${container.name} has its new setup. A snapshot from before the change is kept under Snapshots.`);
  }
  return made;
}

export async function takeSnapshot(container: ContainerSummary, name: string): Promise<SnapshotInfo | undefined> {
  const taken = await runOperation(
    'snapshot',
    { busy: { container, label: 'Taking a snapshot…' }, failure: `No snapshot of ${container.name} was taken` },
    (operationId) => api().takeSnapshot({ container: container.id, name, operationId }),
  );
  if (taken) notify('info', `Snapshot "${taken.name}" of ${container.name} taken (${formatBytes(taken.sizeBytes)}).`);
  return taken;
}

export async function restoreSnapshot(container: ContainerSummary, snapshot: SnapshotInfo): Promise<ContainerSummary | undefined> {
  const answer = await askConfirm({
    title: `Restore ${container.name} to "${snapshot.name}"?`,
    body: `${container.name} goes back to what was installed in it on ${new Date(snapshot.created * 1000).toLocaleString()}, with the setup it had then. What was installed since is lost unless a snapshot keeps it. Your home folder is on the host and is not touched.${await programsEnd(container)}`,
    confirmLabel: 'Restore',
    danger: true,
    options: [{ label: `Take a snapshot of ${container.name} as it is now first`, checked: true }],
  });
  if (!answer.confirmed) return undefined;
  if (answer.options[0] && !(await takeSnapshot(container, `Before restoring "${snapshot.name}"`.slice(0, 64)))) return undefined;
  const made = await runOperation('restore', { busy: { container, label: 'Restoring…' }, failure: `${container.name} was not restored` }, (operationId) =>
    api().restoreSnapshot({ container: container.id, snapshot: snapshot.id, operationId }),
  );
  if (made) {
    follow(container, made);
    notify('info', `${container.name} is back to "${snapshot.name}".`);
  }
  return made;
}

export async function deleteSnapshot(snapshot: SnapshotInfo): Promise<boolean> {
  const answer = await askConfirm({
    title: `Delete the snapshot "${snapshot.name}"?`,
    body: `The snapshot of ${snapshot.container} from ${new Date(snapshot.created * 1000).toLocaleString()} (${formatBytes(snapshot.ownBytes)} of its own) is deleted; ${snapshot.container} itself is not touched.`,
    confirmLabel: 'Delete',
    danger: true,
  });
  if (!answer.confirmed) return false;
  try {
    await api().deleteSnapshot({ snapshot: snapshot.id });
    notify('info', `Snapshot "${snapshot.name}" deleted.`);
    return true;
  } catch (error) {
    notifyError(error, `The snapshot "${snapshot.name}" was not deleted`);
    return false;
  }
}

/** Deletes the snapshots a rule picks (the newest N kept, or those older than N days), after naming each one; resolves with whether any went. */
export async function pruneSnapshots(container: ContainerSummary, snapshots: readonly SnapshotInfo[], rule: PruneRule): Promise<boolean> {
  const older = snapshotsToPrune(snapshots, rule);
  if (older.length === 0) return false;
  const kept =
    rule.keep !== undefined ? `Kept: the newest ${plural(rule.keep, 'snapshot')}.` : `Kept: those of the last ${plural(rule.olderThanDays ?? 0, 'day')}.`;
  const answer = await askConfirm({
    title: `Delete ${plural(older.length, 'older snapshot')} of ${container.name}?`,
    body: `${kept} Deleted (${formatBytes(older.reduce((sum, s) => sum + s.ownBytes, 0))}): ${older.map((s) => `"${s.name}" (${formatStamp(new Date(s.created * 1000))})`).join(', ')}. ${container.name} itself is not touched; a snapshot a toolbox is made from stays.`,
    confirmLabel: `Delete ${older.length}`,
    danger: true,
  });
  if (!answer.confirmed) return false;
  try {
    const { deleted, kept: stayed } = await api().pruneSnapshots({ container: container.name, ...rule });
    notify('info', `Deleted ${plural(deleted.length, 'snapshot')} of ${container.name}.${snapshotsKeptText(stayed)}`);
    return true;
  } catch (error) {
    notifyError(error, `The older snapshots of ${container.name} were not deleted`);
    return false;
  }
}

export async function cloneToolbox(container: ContainerSummary, newName: string): Promise<ContainerSummary | undefined> {
  const made = await runOperation(
    'clone',
    { busy: { container, label: `Cloning to ${newName}…` }, failure: `${container.name} was not cloned` },
    (operationId) => api().cloneToolbox({ container: container.id, newName, operationId }),
  );
  if (made) {
    notify('info', `${newName} is ready: a copy of ${container.name}.`);
    useStore.setState({ selectedId: made.id });
  }
  return made;
}

export async function backupToolbox(container: ContainerSummary, path: string): Promise<boolean> {
  const written = await runOperation('backup', { busy: { container, label: 'Backing up…' }, failure: `${container.name} was not backed up` }, (operationId) =>
    api().backupToolbox({ container: container.id, path, operationId }),
  );
  if (written) notify('info', `${container.name} is backed up to ${written.path} (${formatBytes(written.sizeBytes)}).`);
  return written !== undefined;
}

/** The backup's setup shown and confirmed first: an archive from elsewhere can mount any folder of this machine. */
export async function restoreBackup(
  path: string,
  name: string,
  onMessage: (message: string) => void,
  onError?: (error: unknown) => void,
): Promise<ContainerSummary | undefined> {
  let info: BackupInfo;
  try {
    info = await api().describeBackup({ path });
  } catch (error) {
    if (onError) onError(error);
    else notifyError(error, `The backup ${path} was not restored`);
    return undefined;
  }
  const brings = setupChanges({ volumes: [], env: [], ulimitHost: info.setup.ulimitHost, hostname: info.setup.hostname }, info.setup);
  const answer = await askConfirm({
    title: `Restore ${name} from this backup?`,
    body: `A backup of ${info.of} from ${new Date(info.takenAt).toLocaleString()}.${brings.length ? ` Its setup:\n${brings.join('\n')}` : ' Its setup adds no folders and no variables.'}`,
    confirmLabel: 'Restore',
  });
  if (!answer.confirmed) return undefined;
  const made = await runOperation(
    'restore-backup',
    { failure: `The backup ${path} was not restored`, onMessage, ...(onError ? { onError } : {}) },
    (operationId) => api().restoreBackup({ path, name, operationId }),
  );
  if (made) {
    notify('info', `${name} is restored from ${path}.`);
    useStore.setState({ selectedId: made.id });
  }
  return made;
}
