import { useMemo, useState } from 'react';
import type { ContainerInspection, ContainerStats, ContainerSummary } from '../../shared/contract';
import { newToolboxNameProblem } from '../../shared/domain/newToolbox';
import { formatBytes } from '../../shared/domain/units';
import { useStore } from '../state/store';
import {
  loadDetails as readDetails,
  loadStats as readStats,
  removeContainer,
  renameContainer,
  restartContainer,
  startContainer,
  stopContainer,
} from '../state/containers';
import { DesktopSection } from './DesktopSection';
import { UpdatesSection } from './UpdatesSection';
import { HostProgramsSection } from './HostProgramsSection';
import { SetupSection } from './setup/SetupSection';
import { AutoStopSection } from './AutoStopSection';
import { OpenWithSection } from './OpenWithSection';
import { openTab } from '../state/terminals';
import { CONTAINER_KINDS, canUse, refusal } from '../../shared/domain/containerKinds';

/** The state in words that stay true (podman's "Up 2 minutes" does not): since when it runs, or when it stopped. */
function stateLine(c: ContainerSummary): string {
  const at = (seconds: number) => new Date(seconds * 1000).toLocaleString();
  if (c.state === 'running' && c.startedAt) return `Running since ${at(c.startedAt)}`;
  if (c.state === 'exited' && c.exitedAt) return `Stopped since ${at(c.exitedAt)}`;
  if (c.state === 'created') return 'Created, never started';
  return c.status;
}

/** The selected container: its actions, and its setup on request. */
export function ContainerDetails() {
  const container = useStore((s) => s.containers.find((c) => c.id === s.selectedId));
  const none = useStore((s) => s.loaded && s.containers.length === 0);
  if (!container) {
    return (
      <section className="details empty">
        {none ? 'Once you have a toolbox, what you can do with it shows here.' : 'Select a container to see what you can do with it.'}
      </section>
    );
  }
  // keyed by id: another container starts with a fresh panel (no stale rename or stats)
  return <ContainerPanel key={container.id} container={container} />;
}

function ContainerPanel({ container }: { container: ContainerSummary }) {
  // while the backend is away nothing here can work: the banner says why, the buttons wait
  const busy = useStore((s) => s.busy[container.id] ?? (s.connection === 'open' ? undefined : 'Not connected'));
  // a stable selection (a fresh array from a selector would re-render without end)
  const containers = useStore((s) => s.containers);
  const otherNames = useMemo(() => containers.filter((c) => c.id !== container.id).map((c) => c.name), [containers, container.id]);
  const progress = useStore((s) => s.progress[container.id]);
  const [renaming, setRenaming] = useState<string | undefined>();
  const [details, setDetails] = useState<ContainerInspection | undefined>();
  const [stats, setStats] = useState<ContainerStats | 'loading' | undefined>();
  const running = container.state === 'running';
  const nameProblem = renaming === undefined ? null : newToolboxNameProblem(renaming, otherNames);

  const loadDetails = async () => {
    const loaded = await readDetails(container);
    if (loaded) setDetails(loaded);
  };
  const loadStats = async () => {
    setStats('loading');
    setStats(await readStats(container));
  };

  return (
    <section className="details" aria-label={`Details of ${container.name}`}>
      <h2>{container.name}</h2>
      <dl className="facts">
        <dt>State</dt>
        <dd data-testid="details-state">{stateLine(container)}</dd>
        <dt>Image</dt>
        <dd>{container.image}</dd>
        <dt>Managed by</dt>
        <dd>{`${CONTAINER_KINDS[container.manager].label}${container.toolshedVersion ? ` (made by Toolshed ${container.toolshedVersion})` : ''}`}</dd>
        <dt>Created</dt>
        <dd>{new Date(container.created * 1000).toLocaleString()}</dd>
        <dt>Id</dt>
        <dd>{container.shortId}</dd>
      </dl>
      <div className="actions" role="group" aria-label="Actions">
        <button
          type="button"
          className="primary"
          disabled={Boolean(busy) || !canUse(container, 'terminal')}
          title={refusal(container, 'terminal') ?? 'A terminal tab in this toolbox (starts it when needed)'}
          onClick={() => void openTab(container)}
        >
          Open terminal
        </button>
        {running ? (
          <button type="button" disabled={Boolean(busy)} onClick={() => void stopContainer(container)}>
            Stop
          </button>
        ) : (
          <button type="button" className="primary" disabled={Boolean(busy)} onClick={() => void startContainer(container)}>
            Start
          </button>
        )}
        <button type="button" disabled={Boolean(busy) || !running} onClick={() => void restartContainer(container)}>
          Restart
        </button>
        <button type="button" disabled={Boolean(busy)} onClick={() => setRenaming(container.name)}>
          Rename
        </button>
        <button type="button" className="danger" disabled={Boolean(busy)} onClick={() => void removeContainer(container)}>
          Remove…
        </button>
      </div>
      <OpenWithSection container={container} busy={Boolean(busy)} />
      {busy && busy !== 'Not connected' && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" /> {busy} {progress}
        </p>
      )}
      {renaming !== undefined && (
        <form
          className="rename"
          onSubmit={(e) => {
            e.preventDefault();
            if (nameProblem) return;
            void renameContainer(container, renaming).then((ok) => ok && setRenaming(undefined));
          }}
        >
          <label htmlFor="rename-input">New name</label>
          <input
            id="rename-input"
            autoFocus
            value={renaming}
            aria-invalid={Boolean(nameProblem)}
            aria-describedby="rename-problem"
            onChange={(e) => setRenaming(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setRenaming(undefined)}
          />
          <button type="submit" className="primary" disabled={Boolean(nameProblem) || renaming === container.name}>
            Rename
          </button>
          <button type="button" onClick={() => setRenaming(undefined)}>
            Cancel
          </button>
          <p id="rename-problem" className="field-problem" role="alert">
            {nameProblem}
          </p>
        </form>
      )}
      <div className="more">
        <button type="button" className="link" onClick={() => void loadDetails()}>
          {details ? 'Reload setup' : 'Show setup (mounts, labels, entry point)'}
        </button>
        {running && (
          <button type="button" className="link" onClick={() => void loadStats()}>
            Show size and resource use
          </button>
        )}
      </div>
      {stats === 'loading' && <p role="status">Measuring…</p>}
      {stats && stats !== 'loading' && (
        <dl className="facts" aria-label="Resource use">
          <dt>CPU</dt>
          <dd>{stats.cpuPercent.toFixed(1)} %</dd>
          <dt>Memory</dt>
          <dd>
            {formatBytes(stats.memoryBytes)} of {formatBytes(stats.memoryLimitBytes)}
          </dd>
          <dt>Processes</dt>
          <dd>{stats.pids}</dd>
          {stats.sizeBytes !== undefined && (
            <>
              <dt>Size (writable layer)</dt>
              <dd>{formatBytes(stats.sizeBytes)}</dd>
            </>
          )}
        </dl>
      )}
      <SetupSection container={container} busy={Boolean(busy)} />
      <AutoStopSection container={container} />
      <UpdatesSection container={container} />
      <DesktopSection container={container} />
      <HostProgramsSection key={container.id} container={container} />
      {details && (
        <div className="setup">
          <h3>Entry point</h3>
          <code>{[...details.entrypoint, ...details.command].join(' ') || '—'}</code>
          <h3>Mounts</h3>
          <table>
            <thead>
              <tr>
                <th>Host</th>
                <th>Container</th>
                <th>Mode</th>
              </tr>
            </thead>
            <tbody>
              {details.mounts.map((m) => (
                <tr key={m.destination}>
                  <td>{m.source}</td>
                  <td>{m.destination}</td>
                  <td>{m.readOnly ? 'read-only' : 'read-write'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Labels</h3>
          <table>
            <tbody>
              {Object.entries(details.labels).map(([key, value]) => (
                <tr key={key}>
                  <td>{key}</td>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
