import { useEffect, useState } from 'react';
import type { ContainerApp, ContainerSummary } from '../../shared/contract';
import { api } from '../state/actions';
import { notify, notifyError } from '../state/store';

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
    api()
      .listLaunchers({})
      .then((list) => current && setLauncher(list.find((l) => l.container === name)?.file ?? null))
      .catch((error: unknown) => current && (setLauncher(null), notifyError(error, 'Could not read the menu entries')));
    return () => {
      current = false;
    };
  }, [name]);

  if (container.manager === 'podman') return null;

  const toggleLauncher = async (enabled: boolean) => {
    setLauncherBusy(true);
    try {
      setLauncher((await api().setLauncher({ container: name, enabled })).file);
    } catch (error) {
      notifyError(error, enabled ? `Could not add ${name} to the menu` : `Could not remove ${name} from the menu`);
    } finally {
      setLauncherBusy(false);
    }
  };

  const loadApps = async () => {
    setApps('loading');
    try {
      setApps(await api().listContainerApps({ container: name }));
    } catch (error) {
      setApps(undefined);
      notifyError(error, `Could not list the apps of ${name}`);
    }
  };

  const toggleApp = async (app: ContainerApp) => {
    setAppBusy(app.desktopFile);
    try {
      if (app.exported) await api().unexportApp({ container: name, desktopFile: app.desktopFile });
      else {
        await api().exportApp({ container: name, desktopFile: app.desktopFile });
        notify('info', `${app.name} (${name}) is in the applications menu.`);
      }
      setApps((list) => (Array.isArray(list) ? list.map((a) => (a.desktopFile === app.desktopFile ? { ...a, exported: !app.exported } : a)) : list));
    } catch (error) {
      notifyError(error, `Could not ${app.exported ? 'remove' : 'add'} ${app.name}`);
    } finally {
      setAppBusy(undefined);
    }
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
      {container.manager === 'toolbox' &&
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
