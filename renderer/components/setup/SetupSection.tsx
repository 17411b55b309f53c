import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ContainerSummary, SnapshotInfo } from '../../../shared/contract';
import { absolutePathSchema, snapshotNameSchema } from '../../../shared/contract';
import { newToolboxNameProblem } from '../../../shared/domain/newToolbox';
import { formatBytes, formatStamp, plural } from '../../../shared/domain/units';
import { backupToolbox, cloneToolbox, deleteSnapshot, loadSnapshots, pruneSnapshots, restoreSnapshot, takeSnapshot } from '../../state/setup';
import { useStore } from '../../state/store';
import { SetupDialog } from './SetupDialog';
import { showBlueprintDialog } from '../../state/blueprints';
import { snapshotsToPrune, type PruneRule } from '../../../shared/domain/snapshotPruning';
import { ChoosePathButton } from '../ChoosePathButton';
import { pathUseProblem, type PathFacts } from '../../model/pathProblems';
import { usePathFacts } from '../../state/hostPaths';
import { canUse } from '../../../shared/domain/containerKinds';

type Form = { kind: 'snapshot' | 'clone' | 'backup' | 'prune' | 'pruneAge'; value: string };

// `note`: what the operation leaves behind besides its result, said before it runs
const FORMS = {
  snapshot: { label: 'Snapshot name', submit: 'Take snapshot', placeholder: 'before upgrading', note: '' },
  clone: {
    label: 'Name of the copy',
    submit: 'Clone',
    placeholder: '',
    note: 'The copy is made from a snapshot of this toolbox, kept (listed below) while the copy exists.',
  },
  backup: {
    label: 'Backup file (on this machine)',
    submit: 'Back up',
    placeholder: '/home/you/toolbox-backup.tar',
    note: 'Only the file is kept: the snapshot made to write it is deleted.',
  },
  prune: { label: 'Snapshots to keep (the newest)', submit: 'Delete older…', placeholder: '', note: '' },
  pruneAge: { label: 'Delete snapshots older than (days)', submit: 'Delete…', placeholder: '', note: '' },
} as const;

const pruneRule = (form: Form): PruneRule => (form.kind === 'prune' ? { keep: Number(form.value) } : { olderThanDays: Number(form.value) });

function problemOf(form: Form, takenNames: string[], snapshots: readonly SnapshotInfo[], typed: ReadonlyMap<string, PathFacts>): string | null {
  if (form.kind === 'clone') return newToolboxNameProblem(form.value, takenNames);
  if (form.kind === 'prune' || form.kind === 'pruneAge') {
    if (!/^\d{1,4}$/.test(form.value)) return form.kind === 'prune' ? 'A whole number of snapshots.' : 'A whole number of days.';
    if (form.kind === 'pruneAge' && Number(form.value) < 1) return 'At least 1 day.';
    if (snapshotsToPrune(snapshots, pruneRule(form)).length > 0) return null;
    return form.kind === 'prune'
      ? `Nothing to delete: there ${snapshots.length === 1 ? 'is' : 'are'} ${plural(snapshots.length, 'snapshot')}.`
      : `Nothing to delete: none is older than ${plural(Number(form.value), 'day')}.`;
  }
  const result = (form.kind === 'snapshot' ? snapshotNameSchema : absolutePathSchema).safeParse(form.value);
  if (!result.success) return `${result.error.issues[0]?.message ?? 'not valid'}.`;
  return form.kind === 'backup' ? pathUseProblem('newFile', typed.get(form.value)) : null;
}

/** A toolbox's life after creation: its setup, snapshots, a clone, a backup, a blueprint of it, a move to a new release. */
export function SetupSection({ container, busy }: { container: ContainerSummary; busy: boolean }) {
  const [snapshots, setSnapshots] = useState<SnapshotInfo[] | undefined>();
  const [form, setForm] = useState<Form | undefined>();
  const [editing, setEditing] = useState(false);
  const containers = useStore((s) => s.containers);
  const takenNames = useMemo(() => containers.map((c) => c.name), [containers]);
  const reload = useCallback(() => void loadSnapshots(container).then((list) => list && setSnapshots(list)), [container]);

  useEffect(reload, [reload]);
  const typed = usePathFacts(form?.kind === 'backup' ? [form.value] : []);
  if (!canUse(container, 'recreate')) return null;

  const problem = form ? problemOf(form, takenNames, snapshots ?? [], typed) : null;
  const submit = async () => {
    if (!form || problem) return;
    const done =
      form.kind === 'snapshot'
        ? await takeSnapshot(container, form.value)
        : form.kind === 'clone'
          ? await cloneToolbox(container, form.value)
          : form.kind === 'prune' || form.kind === 'pruneAge'
            ? await pruneSnapshots(container, snapshots ?? [], pruneRule(form))
            : await backupToolbox(container, form.value);
    if (done) setForm(undefined);
    reload();
  };
  const initial: Record<Form['kind'], string> = {
    clone: `${container.name}-copy`.slice(0, 64),
    snapshot: `Snapshot ${formatStamp(new Date())}`,
    backup: '',
    prune: '3',
    pruneAge: '30',
  };
  const open = (kind: Form['kind']) => setForm({ kind, value: initial[kind] });

  return (
    <section className="setup-section" aria-labelledby="setup-heading">
      <h3 id="setup-heading">Setup and snapshots</h3>
      <div className="actions" role="group" aria-label="Setup and snapshots">
        <button type="button" disabled={busy} onClick={() => setEditing(true)}>
          Edit setup…
        </button>
        <button type="button" disabled={busy} onClick={() => open('snapshot')}>
          Take snapshot…
        </button>
        <button type="button" disabled={busy} onClick={() => open('clone')}>
          Clone…
        </button>
        <button type="button" disabled={busy} onClick={() => open('backup')}>
          Back up to a file…
        </button>
        <button type="button" disabled={busy} onClick={() => showBlueprintDialog({ kind: 'export', container })}>
          Export as a blueprint…
        </button>
        <button type="button" disabled={busy} onClick={() => showBlueprintDialog({ kind: 'move', container })}>
          Move to a new release…
        </button>
      </div>
      {form && (
        <form
          className="rename"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor="setup-input">{FORMS[form.kind].label}</label>
          <input
            id="setup-input"
            autoFocus
            value={form.value}
            placeholder={FORMS[form.kind].placeholder}
            spellCheck={false}
            aria-invalid={Boolean(problem)}
            aria-describedby="setup-problem"
            onChange={(e) => setForm({ ...form, value: e.target.value })}
            onKeyDown={(e) => e.key === 'Escape' && setForm(undefined)}
          />
          {form.kind === 'backup' && (
            <ChoosePathButton
              purpose="saveFile"
              title="Choose where to write the backup"
              value={form.value}
              onChoose={(value) => setForm({ ...form, value })}
            />
          )}
          <button type="submit" className="primary" disabled={busy || Boolean(problem)}>
            {FORMS[form.kind].submit}
          </button>
          <button type="button" onClick={() => setForm(undefined)}>
            Cancel
          </button>
          <p id="setup-problem" className="field-problem" role="alert">
            {form.value ? problem : null}
          </p>
          {FORMS[form.kind].note && <p className="muted form-note">{FORMS[form.kind].note}</p>}
        </form>
      )}
      {snapshots === undefined ? (
        <p role="status">Looking for snapshots…</p>
      ) : snapshots.length === 0 ? (
        <p className="muted">No snapshots yet. A snapshot keeps what is installed in {container.name} and its setup, to go back to later.</p>
      ) : (
        <>
          <p className="snapshot-summary">
            {plural(snapshots.length, 'snapshot')}, {formatBytes(snapshots.reduce((sum, s) => sum + s.ownBytes, 0))} on disk{' '}
            <button type="button" className="link" disabled={busy || snapshots.length < 2} onClick={() => open('prune')}>
              Keep the newest…
            </button>{' '}
            <button type="button" className="link" disabled={busy} onClick={() => open('pruneAge')}>
              Delete old…
            </button>
          </p>
          <table className="snapshots" aria-label={`Snapshots of ${container.name}`}>
            <thead>
              <tr>
                <th>Snapshot</th>
                <th>Taken</th>
                <th title="What it adds to the image it was made on: the disk it alone takes">Own size</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {snapshots.map((snapshot) => (
                <tr key={snapshot.id}>
                  <td>{snapshot.name}</td>
                  <td>{formatStamp(new Date(snapshot.created * 1000))}</td>
                  <td>{formatBytes(snapshot.ownBytes)}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      disabled={busy}
                      aria-label={`Restore "${snapshot.name}"`}
                      onClick={() => void restoreSnapshot(container, snapshot).then(reload)}
                    >
                      Restore…
                    </button>{' '}
                    <button
                      type="button"
                      className="link"
                      disabled={busy}
                      aria-label={`Delete "${snapshot.name}"`}
                      onClick={() => void deleteSnapshot(snapshot).then((deleted) => deleted && reload())}
                    >
                      Delete…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {editing && (
        <SetupDialog
          container={container}
          onClose={() => {
            setEditing(false);
            reload();
          }}
        />
      )}
    </section>
  );
}
