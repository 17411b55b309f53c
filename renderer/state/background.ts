// Sessions that outlive the window, in the settings screen: how the engine
// runs now, and the systemd user service that keeps it running in the
// background (shared/contract/background.ts). Each call says why it failed.
import { create } from 'zustand';
import type { BackgroundEngineStatus } from '../../shared/contract';
import { api } from '../api/connection';
import { notify, orNotify } from './notices';

export const useBackgroundEngine = create<{ status: BackgroundEngineStatus | undefined }>(() => ({ status: undefined }));

export async function loadBackgroundEngine(): Promise<void> {
  const status = await orNotify(() => api().backgroundEngineStatus({}), 'Could not read how the engine runs');
  if (status) useBackgroundEngine.setState({ status });
}

export async function setBackgroundEngine(enabled: boolean): Promise<void> {
  const status = await orNotify(
    () => api().setBackgroundEngine({ enabled }),
    enabled ? 'Could not set up the background service' : 'Could not remove the background service',
  );
  if (!status) return;
  useBackgroundEngine.setState({ status });
  notify(
    'info',
    enabled
      ? 'The background service is set up: from the next start of Toolshed, tabs outlive the window.'
      : 'The background service was removed: from the next start, closing the window ends the tabs.',
  );
}
