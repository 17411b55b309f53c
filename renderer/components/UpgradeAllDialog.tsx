import { useEffect, useState } from 'react';
import type { ContainerSummary } from '../../shared/contract';
import { anySnapshots, checkAll, closeUpgradeAll, pendingCount, runUpgradeAll, useUpdates, useUpgradeAll, type UpgradeStep } from '../state/updates';
import { useStore } from '../state/store';
import { ModalDialog } from './ModalDialog';
import { canUse } from '../../shared/domain/containerKinds';

const STEP_LABEL: Record<UpgradeStep, string> = {
  waiting: 'waiting',
  snapshot: 'taking a snapshot…',
  upgrading: 'upgrading in its tab…',
  succeeded: 'upgraded',
  failed: 'failed',
};

/** "a, b and c", or "a, b and 11 more running toolboxes" past three. */
function describeNames(names: readonly string[]): string {
  if (names.length <= 3) return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more running toolboxes`;
}

/** Upgrade all: choose the toolboxes (those with updates pending first), then each upgrades in its own tab, then a summary. */
export function UpgradeAllDialog() {
  const open = useUpgradeAll((s) => s.open);
  const running = useUpgradeAll((s) => s.running);
  return (
    <ModalDialog open={open} onEscape={closeUpgradeAll} className="confirm upgrade-all" labelledBy="upgrade-all-title">
      {open && <UpgradeAllBody key={String(open)} running={running} />}
    </ModalDialog>
  );
}

function UpgradeAllBody({ running }: { running: boolean }) {
  const items = useUpgradeAll((s) => s.items);
  const reports = useUpdates((s) => s.reports);
  const toolboxes = useStore((s) => s.containers).filter((c) => canUse(c, 'updates'));
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(toolboxes.filter((c) => (pendingCount(reports[c.id]) ?? 0) > 0).map((c) => c.id)));
  const [snapshotsExist, setSnapshotsExist] = useState(false);
  const [snapshotFirst, setSnapshotFirst] = useState(false);
  const [checking, setChecking] = useState(false);
  const runningToolboxes = toolboxes.filter((c) => c.state === 'running');
  const checkRunning = async () => {
    setChecking(true);
    await checkAll(runningToolboxes);
    const now = useUpdates.getState().reports;
    setChosen(new Set(toolboxes.filter((c) => (pendingCount(now[c.id]) ?? 0) > 0).map((c) => c.id)));
    setChecking(false);
  };

  useEffect(() => {
    let current = true;
    void anySnapshots().then((exist) => current && setSnapshotsExist(exist));
    return () => {
      current = false;
    };
  }, []);

  const started = items.length > 0;
  const succeeded = items.filter((i) => i.step === 'succeeded').length;
  const failed = items.filter((i) => i.step === 'failed');
  const toggle = (c: ContainerSummary, on: boolean) => setChosen((set) => (on ? new Set(set).add(c.id) : new Set([...set].filter((id) => id !== c.id))));

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!started && chosen.size > 0)
          void runUpgradeAll(
            toolboxes.filter((c) => chosen.has(c.id)),
            { snapshotFirst },
          );
      }}
    >
      <h2 id="upgrade-all-title">Upgrade all</h2>
      {!started ? (
        <>
          <fieldset>
            <legend>Toolboxes to upgrade, each in its own tab</legend>
            {toolboxes.length === 0 && <p className="empty">No toolboxes.</p>}
            {toolboxes.map((c) => {
              const report = reports[c.id];
              const count = pendingCount(report);
              const state = report?.error ? '(the last check failed)' : count === null ? '(not checked)' : `(${count} pending)`;
              return (
                <label key={c.id} className="toggle">
                  <input type="checkbox" checked={chosen.has(c.id)} onChange={(e) => toggle(c, e.target.checked)} />
                  {c.name} <span className="muted">{state}</span>
                </label>
              );
            })}
          </fieldset>
          <button
            type="button"
            disabled={checking || runningToolboxes.length === 0}
            onClick={() => void checkRunning()}
            title={runningToolboxes.map((c) => c.name).join(', ')}
          >
            {checking
              ? 'Checking…'
              : runningToolboxes.length === 0
                ? 'No toolbox is running to check'
                : `Check ${describeNames(runningToolboxes.map((c) => c.name))} for updates now`}
          </button>
          {snapshotsExist && (
            <label className="toggle">
              <input type="checkbox" checked={snapshotFirst} onChange={(e) => setSnapshotFirst(e.target.checked)} /> Take a snapshot of each first (to go back
              if an upgrade goes wrong)
            </label>
          )}
        </>
      ) : (
        <>
          <ul className="upgrade-progress" aria-label="Upgrades">
            {items.map((item) => (
              <li key={item.container.id} data-step={item.step}>
                <strong>{item.container.name}</strong>: {STEP_LABEL[item.step]}
                {item.step === 'failed' && item.detail ? ` — ${item.detail}` : ''}
              </li>
            ))}
          </ul>
          {!running && (
            <p role="status" className="upgrade-summary">
              {succeeded} upgraded, {failed.length} failed.{failed.length > 0 ? ' A failed toolbox is as its package manager left it: its tab shows why.' : ''}
            </p>
          )}
        </>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={closeUpgradeAll} disabled={running}>
          {started ? 'Close' : 'Cancel'}
        </button>
        {!started && (
          <button type="submit" className="primary" disabled={chosen.size === 0}>
            Upgrade {chosen.size || ''}
          </button>
        )}
      </div>
    </form>
  );
}
