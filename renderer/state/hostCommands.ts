// Host commands in the window: the agent's state and recent commands (the
// settings screen), and per toolbox its host shims and exported programs (its
// details). Each call says why it failed and answers undefined then.
import { create } from 'zustand';
import type { ExportedProgram, HostCommandsStatus, ShimInfo } from '../../shared/contract';
import { api, onEngineEvent } from '../api/connection';
import { notify, orNotify } from './notices';

export const useHostCommands = create<{ status: HostCommandsStatus | undefined }>(() => ({ status: undefined }));

export async function loadHostCommands(): Promise<void> {
  const status = await orNotify(() => api().describeHostCommands({}), 'Could not read the state of host commands');
  if (status) useHostCommands.setState({ status });
}

/** Follows the agent while the settings screen shows it; returns the function that stops. */
export function followHostCommands(): () => void {
  void loadHostCommands();
  return onEngineEvent((message) => {
    if (message.event === 'hostCommandsChanged') void loadHostCommands();
  });
}

export async function setHostService(installed: boolean): Promise<void> {
  const status = await orNotify(
    () => api().setHostService({ installed }),
    installed ? 'Could not install the systemd socket unit' : 'Could not remove the systemd socket unit',
  );
  if (!status) return;
  useHostCommands.setState({ status });
  notify('info', installed ? 'The systemd socket unit serves host commands now, also while Toolshed is closed.' : 'The systemd socket unit was removed.');
}

export const loadShims = (container: string): Promise<ShimInfo[] | undefined> =>
  orNotify(() => api().listShims({ container }), `Could not list the host programs of ${container}`);

export async function addShim(container: string, program: string, replace: boolean): Promise<ShimInfo | undefined> {
  const shim = await orNotify(() => api().addShim({ container, program, replace }), `Could not make ${program} a host program in ${container}`);
  if (shim) notify('info', `${program} in ${container} runs the host's ${program} now.`);
  return shim;
}

/** True when removed. */
export async function removeShim(container: string, program: string): Promise<boolean> {
  return (await orNotify(() => api().removeShim({ container, program }), `Could not remove the host program ${program} from ${container}`)) !== undefined;
}

export const loadExportedPrograms = (container: string): Promise<ExportedProgram[] | undefined> =>
  orNotify(() => api().listExportedPrograms({ container }), 'Could not list the exported programs');

export async function exportProgram(container: string, program: string): Promise<ExportedProgram | undefined> {
  const exported = await orNotify(() => api().exportProgram({ container, program }), `Could not export ${program} from ${container}`);
  if (exported) notify('info', `${program} of ${container} runs on the host as ${exported.file}.`);
  return exported;
}

/** True when removed. */
export async function unexportProgram(container: string, program: string): Promise<boolean> {
  return (await orNotify(() => api().unexportProgram({ container, program }), `Could not remove the exported ${program}`)) !== undefined;
}
