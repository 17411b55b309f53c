import { useEffect, useRef, useState } from 'react';
import iconUrl from '../../assets/icon.svg';
import type { ConnectionState } from '../state/store';
import { useStore } from '../state/store';
import { focusToolboxList } from '../state/containers';
import { refresh, stopAll } from '../state/containers';
import { ContainerList } from './ContainerList';
import { ContainerDetails } from './ContainerDetails';
import { ConfirmDialog } from './ConfirmDialog';
import { Notices } from './Notices';
import { PodmanProblem } from './PodmanProblem';
import { TerminalTabs } from './terminal/TerminalTabs';
import { CreateDialog } from './create/CreateDialog';
import { BlueprintDialogs } from './blueprints/BlueprintDialogs';
import { showBlueprintDialog } from '../state/blueprints';
import { SettingsDialog } from './SettingsDialog';
import { UpgradeAllDialog } from './UpgradeAllDialog';
import { openUpgradeAll } from '../state/updates';
import { RestoreBackupDialog } from './setup/RestoreBackupDialog';
import { openSettings } from '../state/settings';
import { openCreateWizard } from './create/wizardStore';

export function App() {
  const status = useStore((s) => s.status);
  const connection = useStore((s) => s.connection);
  const filter = useStore((s) => s.filter);
  const showAll = useStore((s) => s.showAll);
  const offline = connection !== 'open';
  const search = useRef<HTMLInputElement>(null);
  const [restoringBackup, setRestoringBackup] = useState(false);

  useEffect(() => {
    // "/" jumps to the search field, as in most list UIs
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === '/' && !(target instanceof HTMLInputElement) && !(target instanceof HTMLTextAreaElement)) {
        event.preventDefault();
        search.current?.focus();
      } else if (event.ctrlKey && event.key === ',') {
        event.preventDefault();
        void openSettings();
      } else if (event.ctrlKey && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'e') {
        // out of a terminal (which takes Tab, Escape and F6 as typing) to the list, as VS Code's Ctrl+Shift+E
        event.preventDefault();
        focusToolboxList();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <header className="toolbar">
        <h1 className="brand">
          <img src={iconUrl} alt="" width={24} height={24} /> Toolshed
        </h1>
        <input
          ref={search}
          type="search"
          className="search"
          placeholder="Filter by name, distro or state  ( / )"
          aria-label="Filter containers by name, distro or state"
          value={filter}
          onChange={(e) => useStore.setState({ filter: e.target.value })}
        />
        <label className="toggle">
          <input type="checkbox" checked={showAll} onChange={(e) => useStore.setState({ showAll: e.target.checked })} />
          Show all containers
        </label>
        <button type="button" className="primary" disabled={offline} onClick={() => openCreateWizard()}>
          Create toolbox…
        </button>
        <button type="button" disabled={offline} onClick={() => showBlueprintDialog({ kind: 'make' })}>
          From a blueprint…
        </button>
        <button type="button" disabled={offline} onClick={() => setRestoringBackup(true)}>
          Restore backup…
        </button>
        <button type="button" disabled={offline} onClick={openUpgradeAll}>
          Upgrade all…
        </button>
        <button type="button" disabled={offline} onClick={() => void stopAll()}>
          Stop all
        </button>
        <button type="button" onClick={() => void refresh()} aria-label="Refresh the list">
          Refresh
        </button>
        <button type="button" disabled={offline} onClick={() => void openSettings()} title="Settings (Ctrl+,)">
          Settings
        </button>
      </header>
      <ConnectionBanner connection={connection} />
      {status && !status.available ? (
        <PodmanProblem status={status} />
      ) : (
        <main className="split">
          <ContainerList />
          <ContainerDetails />
        </main>
      )}
      <TerminalTabs />
      <footer className="statusbar" aria-live="polite">
        {connection === 'refused'
          ? 'Not connected'
          : status?.available
            ? `podman ${status.version ?? ''} · ${status.rootless ? 'rootless' : 'root'}`
            : status
              ? 'podman unavailable'
              : 'Connecting…'}
      </footer>
      <Notices />
      <ConfirmDialog />
      <CreateDialog />
      <SettingsDialog />
      <UpgradeAllDialog />
      {restoringBackup && <RestoreBackupDialog onClose={() => setRestoringBackup(false)} />}
      <BlueprintDialogs />
    </div>
  );
}

/** What the window says while it cannot reach the engine (toolshed serve only: IPC never drops). */
function ConnectionBanner({ connection }: { connection: ConnectionState }) {
  if (connection === 'reconnecting') {
    return (
      <div className="banner" role="status">
        Lost the connection to the Toolshed backend; reconnecting…
      </div>
    );
  }
  if (connection === 'lost') {
    return (
      <div className="banner" role="status">
        The Toolshed server does not answer at this address. If you restarted <code>toolshed serve</code>, open the URL it printed (<code>--port N</code> keeps
        the address, <code>--keep-token</code> the token). Still trying…
      </div>
    );
  }
  if (connection === 'refused') {
    return (
      <div className="banner error" role="alert">
        This page has no access token the Toolshed server accepts (the server was restarted with a new one, or the page was opened without it): open the URL
        that <code>toolshed serve</code> printed.
      </div>
    );
  }
  return null;
}
