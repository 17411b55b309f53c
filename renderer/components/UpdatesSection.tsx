import type { ContainerSummary } from '../../shared/contract';
import { checkUpdates, pendingCount, upgrade, useUpdates } from '../state/updates';
import { plural } from '../../shared/domain/units';
import { canUse } from '../../shared/domain/containerKinds';

const ago = (iso: string) => {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  return minutes < 1
    ? 'just now'
    : minutes < 60
      ? `${minutes} min ago`
      : minutes < 48 * 60
        ? `${Math.round(minutes / 60)} h ago`
        : new Date(iso).toLocaleDateString();
};

/** What the toolbox has pending, by its package manager; check now, or upgrade it in a tab. */
export function UpdatesSection({ container }: { container: ContainerSummary }) {
  const report = useUpdates((s) => s.reports[container.id]);
  const checking = useUpdates((s) => s.checking.includes(container.name));
  if (!canUse(container, 'updates')) return null;
  const pending = report?.pending;
  const count = pendingCount(report) ?? 0;

  return (
    <section className="updates" aria-labelledby="updates-heading">
      <h3 id="updates-heading">Updates</h3>
      <p role="status">
        {checking ? (
          <>
            <span className="spinner" aria-hidden="true" /> Checking {container.name} for updates…
          </>
        ) : !report ? (
          'Not checked yet.'
        ) : report.error ? (
          <span className="field-problem">
            The check {ago(report.checkedAt)} failed{report.manager ? ` (${report.manager})` : ''}: {report.error}
          </span>
        ) : count > 0 ? (
          `${plural(count, 'update')} pending (${report.manager}, checked ${ago(report.checkedAt)}).`
        ) : (
          `Up to date (${report.manager}, checked ${ago(report.checkedAt)}).`
        )}
      </p>
      {pending && pending.length > 0 && (
        <details>
          <summary>What would be upgraded</summary>
          <ul className="pending-packages" aria-label={`Pending updates of ${container.name}`}>
            {pending.map((p) => (
              <li key={`${p.name}:${p.arch ?? ''}`}>
                <code>{p.name}</code> {p.from ? `${p.from} → ` : '→ '}
                {p.to}
              </li>
            ))}
            {count > pending.length && <li className="muted">and {count - pending.length} more</li>}
          </ul>
        </details>
      )}
      <div className="buttons">
        <button
          type="button"
          disabled={checking}
          onClick={() => void checkUpdates(container)}
          title={container.state === 'running' ? undefined : 'Starts the toolbox to look'}
        >
          Check for updates
        </button>
        <button
          type="button"
          disabled={checking}
          onClick={() => void upgrade(container)}
          title="Runs the upgrade as root in a new tab, where you answer its questions"
        >
          Upgrade…
        </button>
      </div>
    </section>
  );
}
