import { useEffect, useState } from 'react';
import type { HostCommandRecord } from '../../shared/contract';
import { followHostCommands, setHostService, useHostCommands } from '../state/hostCommands';

const outcome = (record: HostCommandRecord) =>
  record.refused !== undefined ? `refused: ${record.refused}` : record.signal !== undefined ? `signal ${record.signal}` : `exit ${record.status ?? '?'}`;

/** The state of toolshed-host (in the settings screen): who serves it, the systemd unit, the recent commands. */
export function HostCommandsPanel() {
  const status = useHostCommands((s) => s.status);
  const [busy, setBusy] = useState(false);
  useEffect(() => followHostCommands(), []);
  if (!status) return <p role="status">Reading the state of host commands…</p>;

  const toggleService = async () => {
    setBusy(true);
    await setHostService(!status.service.installed);
    setBusy(false);
  };
  return (
    <div className="host-commands" aria-label="Host commands">
      <p role="status" className={`host-agent host-agent-${status.agent}`}>
        {status.message}
      </p>
      <p className="muted">
        In a toolbox, <code>toolshed-host COMMAND</code> runs COMMAND on the host as you (
        {status.client.installed ? <code>{status.client.path}</code> : 'not installed yet'}).
      </p>
      {status.client.problem && <p className="field-problem">{status.client.problem}</p>}
      <button
        type="button"
        disabled={busy || (!status.service.available && !status.service.installed)}
        title={
          status.service.available ? 'A systemd user socket unit serves host commands also while Toolshed is closed' : 'There is no systemd user instance here'
        }
        onClick={() => void toggleService()}
      >
        {status.service.installed ? 'Remove the systemd socket unit' : 'Serve also while Toolshed is closed (systemd socket unit)'}
      </button>
      <details>
        <summary>Recent host commands ({status.recent.length})</summary>
        {status.recent.length === 0 ? (
          <p className="empty">None yet.</p>
        ) : (
          <ol className="host-command-log">
            {status.recent.map((record, index) => (
              <li key={`${record.time}-${index}`}>
                <time dateTime={record.time}>{new Date(record.time).toLocaleString()}</time> <code>{record.argv.join(' ')}</code>{' '}
                <span className="muted">{outcome(record)}</span>
              </li>
            ))}
          </ol>
        )}
      </details>
    </div>
  );
}
