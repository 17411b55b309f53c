// Host commands in the window: the agent's state and recent commands (the
// settings screen), and per toolbox its host shims and exported programs (its
// details). Each call says why it failed and answers undefined then.
import { create } from 'zustand';
import type { ExportedProgram, HostCommandsStatus, ShimInfo } from '../../shared/contract';
import { api, onEngineEvent } from '../api/connection';
import { notify, notifyError } from './store';

export const useHostCommands = create<{ status: HostCommandsStatus | undefined }>(() => ({ status: undefined }));

export async function loadHostCommands(): Promise<void> {
  try {
    useHostCommands.setState({ status: await api().describeHostCommands({}) });
  } catch (error) {
    notifyError(error, 'Could not read the state of host commands');
  }
}

/** Follows the agent while the settings screen shows it; returns the function that stops. */
export function followHostCommands(): () => void {
  void loadHostCommands();
  return onEngineEvent((message) => {
    if (message.event === 'hostCommandsChanged') void loadHostCommands();
  });
}

export async function setHostService(installed: boolean): Promise<void> {
  try {
    useHostCommands.setState({ status: await api().setHostService({ installed }) });
    notify('info', installed ? 'The systemd socket unit serves host commands now, also while Toolshed is closed.' : 'The systemd socket unit was removed.');
  } catch (error) {
    notifyError(error, installed ? 'Could not install the systemd socket unit' : 'Could not remove the systemd socket unit');
  }
}

export async function loadShims(container: string): Promise<ShimInfo[] | undefined> {
  try {
    return await api().listShims({ container });
  } catch (error) {
    notifyError(error, `Could not list the host programs of ${container}`);
    return undefined;
  }
}

export async function addShim(container: string, program: string, replace: boolean): Promise<ShimInfo | undefined> {
  try {
    const shim = await api().addShim({ container, program, replace });
    notify('info', `${program} in ${container} runs the host's ${program} now.`);
    return shim;
  } catch (error) {
    notifyError(error, `Could not make ${program} a host program in ${container}`);
    return undefined;
  }
}

export async function removeShim(container: string, program: string): Promise<boolean> {
  try {
    await api().removeShim({ container, program });
    return true;
  } catch (error) {
    notifyError(error, `Could not remove the host program ${program} from ${container}`);
    return false;
  }
}

export async function loadExportedPrograms(container: string): Promise<ExportedProgram[] | undefined> {
  try {
    return await api().listExportedPrograms({ container });
  } catch (error) {
    notifyError(error, 'Could not list the exported programs');
    return undefined;
  }
}

export async function exportProgram(container: string, program: string): Promise<ExportedProgram | undefined> {
  try {
    const exported = await api().exportProgram({ container, program });
    notify('info', `${program} of ${container} runs on the host as ${exported.file}.`);
    return exported;
  } catch (error) {
    notifyError(error, `Could not export ${program} from ${container}`);
    return undefined;
  }
}

export async function unexportProgram(container: string, program: string): Promise<boolean> {
  try {
    await api().unexportProgram({ container, program });
    return true;
  } catch (error) {
    notifyError(error, `Could not remove the exported ${program}`);
    return false;
  }
}
