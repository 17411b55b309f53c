import { useEffect, useState } from 'react';
import { loadBackgroundEngine, setBackgroundEngine, useBackgroundEngine } from '../state/background';

/** Whether tabs outlive the window (in the settings screen): how the engine runs, and the systemd user service. */
export function BackgroundSection() {
  const status = useBackgroundEngine((s) => s.status);
  const [busy, setBusy] = useState(false);
  useEffect(() => void loadBackgroundEngine(), []);
  if (!status) return <p role="status">Reading how the engine runs…</p>;

  const toggle = async () => {
    setBusy(true);
    await setBackgroundEngine(!status.installed);
    setBusy(false);
  };
  return (
    <div className="background-engine" aria-label="Sessions">
      <p role="status">
        {status.inBackground
          ? 'Tabs outlive the window: the engine runs as your background service. Closing the window leaves them running; Quit (Ctrl+Q) ends them.'
          : status.systemd
            ? 'The engine runs inside this Toolshed: closing it ends every tab.'
            : 'There is no systemd user instance here, so the engine runs inside this Toolshed: closing it ends every tab.'}
      </p>
      <button type="button" disabled={busy || (!status.systemd && !status.installed)} onClick={() => void toggle()}>
        {status.installed ? 'Remove the background service (systemd user units)' : 'Keep tabs running when the window closes (systemd user service)'}
      </button>
      <p className="muted">
        Listens at <code>{status.socket}</code>
        {status.installed && !status.inBackground ? '; takes over at the next start of Toolshed.' : '.'}
      </p>
    </div>
  );
}
