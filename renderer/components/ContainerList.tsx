import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { ContainerSummary, UpdateReport } from '../../shared/contract';
import { askConfirm } from '../state/confirm';
import { TOOLBOX_LIST_ID, visibleContainers } from '../state/containers';
import { useStore } from '../state/store';
import { refresh, removeContainer, startContainer, stopContainer } from '../state/containers';
import { OneClickCreate } from './create/OneClickCreate';
import { pendingCount, useUpdates } from '../state/updates';
import { plural } from '../../shared/domain/units';
import { CONTAINER_KINDS } from '../../shared/domain/containerKinds';
import { stopsIn, useAutoStops } from '../state/autoStop';
import { useNow } from './useNow';

/** A row's update count, or a mark when its last check failed; nothing when up to date or never checked. */
function UpdatesBadge({ report }: { report: UpdateReport | undefined }) {
  const count = pendingCount(report);
  if (report?.error) {
    return (
      <span className="updates-badge failed" title={`The last update check failed: ${report.error}`} aria-label="update check failed">
        !
      </span>
    );
  }
  if (!count) return null;
  const label = `${plural(count, 'update')} pending`;
  return (
    <span className="updates-badge" title={label} aria-label={label}>
      {count}
    </span>
  );
}

/** Enter on a running toolbox's row: a key press is easy to make by mistake, so it asks first. */
async function stopAfterAsking(c: ContainerSummary): Promise<void> {
  const answer = await askConfirm({
    title: `Stop ${c.name}?`,
    body: `The programs running in ${c.name} end. Your home stays as it is.`,
    confirmLabel: `Stop ${c.name}`,
  });
  if (answer.confirmed) await stopContainer(c);
}

/**
 * The home screen: one row per container, a listbox driven from the keyboard
 * (arrows, Home/End, Enter starts or stops after asking, Delete removes; Ctrl+Shift+E comes back here).
 */
export function ContainerList() {
  const containers = useStore((s) => s.containers);
  const showAll = useStore((s) => s.showAll);
  const filter = useStore((s) => s.filter);
  const loaded = useStore((s) => s.loaded);
  const listProblem = useStore((s) => s.listProblem);
  const live = useStore((s) => s.status?.listLive !== false);
  const stopsAt = useAutoStops((s) => s.stopsAt);
  // the countdown moves while one runs (no timer otherwise)
  const now = useNow(Object.keys(stopsAt).length > 0 ? 1000 : undefined);
  const selectedId = useStore((s) => s.selectedId);
  const busy = useStore((s) => s.busy);
  const reports = useUpdates((s) => s.reports);
  const list = useRef<HTMLUListElement>(null);
  const visible = useMemo(() => visibleContainers({ containers, showAll, filter }), [containers, showAll, filter]);

  useEffect(() => {
    if (selectedId) document.getElementById(`row-${selectedId}`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const select = (c: ContainerSummary | undefined) => c && useStore.setState({ selectedId: c.id });

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const index = visible.findIndex((c) => c.id === selectedId);
    const current = visible[index];
    switch (event.key) {
      case 'ArrowDown':
        select(visible[Math.min(index + 1, visible.length - 1)]);
        break;
      case 'ArrowUp':
        select(visible[Math.max(index - 1, 0)]);
        break;
      case 'Home':
        select(visible[0]);
        break;
      case 'End':
        select(visible.at(-1));
        break;
      case 'Enter':
        if (current && !busy[current.id]) void (current.state === 'running' ? stopAfterAsking(current) : startContainer(current));
        break;
      case 'Delete':
        if (current) void removeContainer(current);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  if (!loaded) {
    if (!listProblem) return <section className="list empty">Loading containers…</section>;
    return (
      <section className="list empty" aria-label="Containers">
        <p role="alert">Could not list the containers: {listProblem}</p>
        <button type="button" onClick={() => void refresh()}>
          Try again
        </button>
      </section>
    );
  }
  return (
    <section className="list" aria-label="Containers">
      {!live && (
        <p className="not-live" role="status">
          Changes made outside Toolshed are not followed now (podman does not report them).{' '}
          <button type="button" className="link" onClick={() => void refresh()}>
            Refresh
          </button>{' '}
          shows them.
        </p>
      )}
      {visible.length === 0 ? (
        <>
          <p className="empty">
            {containers.length === 0
              ? 'No containers yet.'
              : filter
                ? `Nothing matches "${filter}".`
                : 'No toolboxes. Tick "Show all containers" to see the others.'}
          </p>
          {!filter && <OneClickCreate />}
        </>
      ) : (
        <ul
          ref={list}
          id={TOOLBOX_LIST_ID}
          role="listbox"
          tabIndex={0}
          aria-label="Toolboxes"
          aria-activedescendant={selectedId ? `row-${selectedId}` : undefined}
          onKeyDown={onKeyDown}
        >
          {visible.map((c) => (
            <li
              key={c.id}
              id={`row-${c.id}`}
              role="option"
              aria-selected={c.id === selectedId}
              className={`row ${c.id === selectedId ? 'selected' : ''}`}
              data-name={c.name}
              data-state={c.state}
              onClick={() => select(c)}
            >
              <span className={`state-dot ${c.state}`} aria-hidden="true" />
              <span className="name" title={c.name}>
                {c.name}
                <UpdatesBadge report={reports[c.id]} />
              </span>
              <span className="distro">{[c.distro, c.release].filter(Boolean).join(' ') || '—'}</span>
              <span className={`manager ${c.manager}`}>{CONTAINER_KINDS[c.manager].label}</span>
              <span className="state">
                {busy[c.id] ?? c.state}
                {stopsAt[c.id] !== undefined && !busy[c.id] && <span className="auto-stop">, {stopsIn(stopsAt[c.id]!, now)}</span>}
              </span>
              <span className="image" title={c.image}>
                {c.image}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
