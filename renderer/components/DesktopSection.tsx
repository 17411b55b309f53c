import { useEffect, useState } from 'react';
import type { ContainerApp, ContainerSummary } from '../../shared/contract';
import { loadApps as readApps, loadLauncher, setLauncher as writeLauncher, toggleAppExport } from '../state/desktop';
import { canUse } from '../../shared/domain/containerKinds';

/** The toolbox on the host's desktop: its own menu entry, and its apps exported to the menu. */
export function DesktopSection({ container }: { container: ContainerSummary }) {
  // the launcher's file, null when there is none; undefined while loading
  const [launcher, setLauncher] = useState<string | null | undefined>(undefined);
  const [launcherBusy, setLauncherBusy] = useState(false);
  const [apps, setApps] = useState<ContainerApp[] | 'loading' | undefined>();
  const [appBusy, setAppBusy] = useState<string | undefined>();
  const name = container.name;

  useEffect(() => {
    let current = true;
    void loadLauncher(name).then((file) => current && setLauncher(file));
    return () => {
      current = false;
    };
  }, [name]);

  if (!canUse(container, 'launcher')) return null;

  const toggleLauncher = async (enabled: boolean) => {
    setLauncherBusy(true);
    const file = await writeLauncher(name, enabled);
    if (file !== undefined) setLauncher(file);
    setLauncherBusy(false);
  };

  const loadApps = async () => {
    setApps('loading');
    setApps(await readApps(name));
  };

  const toggleApp = async (app: ContainerApp) => {
    setAppBusy(app.desktopFile);
    if (await toggleAppExport(name, app)) {
      setApps((list) => (Array.isArray(list) ? list.map((a) => (a.desktopFile === app.desktopFile ? { ...a, exported: !app.exported } : a)) : list));
    }
    setAppBusy(undefined);
  };

  return (
    <section className="desktop" aria-labelledby="desktop-heading">
      <h3 id="desktop-heading">Desktop</h3>
      <label className="toggle">
        <input
          type="checkbox"
          checked={Boolean(launcher)}
          disabled={launcher === undefined || launcherBusy}
          onChange={(e) => void toggleLauncher(e.target.checked)}
        />
        Show {name} in the applications menu
      </label>
      {canUse(container, 'exportApps') &&
        (apps === undefined ? (
          <button type="button" className="link" onClick={() => void loadApps()}>
            {container.state === 'running' ? 'Choose apps for the host menu…' : 'Start it and choose apps for the host menu…'}
          </button>
        ) : apps === 'loading' ? (
          <p role="status">
            <span className="spinner" aria-hidden="true" /> Reading the apps of {name}…
          </p>
        ) : apps.length === 0 ? (
          <p className="empty">{name} has no apps with a menu entry.</p>
        ) : (
          <fieldset className="app-export">
            <legend>Apps of {name} in the host menu</legend>
            <ul>
              {apps.map((app) => (
                <li key={app.desktopFile}>
                  <label title={app.exec}>
                    <input type="checkbox" checked={app.exported} disabled={appBusy !== undefined} onChange={() => void toggleApp(app)} />
                    {app.name}
                    <code>{app.desktopFile}</code>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
    </section>
  );
}
