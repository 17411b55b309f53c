// The toolbox on the host's desktop: its menu entry and its apps exported to
// the menu. Each call says why it failed and answers undefined then.
import type { ContainerApp } from '../../shared/contract';
import { api } from '../api/connection';
import { notify, notifyError } from './notices';

/** The file of the toolbox's menu entry, null when it has none (or it could not be read). */
export async function loadLauncher(container: string): Promise<string | null> {
  try {
    return (await api().listLaunchers({})).find((l) => l.container === container)?.file ?? null;
  } catch (error) {
    notifyError(error, 'Could not read the menu entries');
    return null;
  }
}

/** Adds or removes the menu entry; the entry's file (null when none), or undefined on failure. */
export async function setLauncher(container: string, enabled: boolean): Promise<string | null | undefined> {
  try {
    return (await api().setLauncher({ container, enabled })).file;
  } catch (error) {
    notifyError(error, enabled ? `Could not add ${container} to the menu` : `Could not remove ${container} from the menu`);
    return undefined;
  }
}

export async function loadApps(container: string): Promise<ContainerApp[] | undefined> {
  try {
    return await api().listContainerApps({ container });
  } catch (error) {
    notifyError(error, `Could not list the apps of ${container}`);
    return undefined;
  }
}

/** Exports the app to the host menu, or takes it back; true when done. */
export async function toggleAppExport(container: string, app: ContainerApp): Promise<boolean> {
  try {
    if (app.exported) await api().unexportApp({ container, desktopFile: app.desktopFile });
    else {
      await api().exportApp({ container, desktopFile: app.desktopFile });
      notify('info', `${app.name} (${container}) is in the applications menu.`);
    }
    return true;
  } catch (error) {
    notifyError(error, `Could not ${app.exported ? 'remove' : 'add'} ${app.name}`);
    return false;
  }
}
