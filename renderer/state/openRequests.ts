// What `toolshed --open NAME` (a launcher entry, a toolshed:// link) does once
// it reaches the window: select the toolbox, start it when it is stopped, and
// open a terminal tab in it (or, as the settings may say, the host's terminal).
import { api, onEngineEvent } from '../api/connection';
import { openInTerminal } from './openWith';
import { refresh, startContainer } from './containers';
import { notify } from './notices';
import { useStore } from './store';
import { openTab } from './terminals';

const byName = (name: string) => useStore.getState().containers.find((c) => c.name === name);

export async function handleOpenRequest(name: string): Promise<void> {
  let container = byName(name);
  if (!container) {
    await refresh();
    container = byName(name);
  }
  if (!container) {
    notify('error', `There is no toolbox named ${name} to open.`);
    return;
  }
  useStore.setState({ selectedId: container.id, filter: '' });
  const { launchersOpenIn } = await api()
    .getSettings({})
    .catch(() => ({ launchersOpenIn: 'toolshed' as const }));
  if (launchersOpenIn === 'terminal') return openInTerminal(container);
  if (container.state !== 'running') {
    const started = await startContainer(container);
    if (!started) return; // startContainer has shown why
    container = byName(name) ?? started;
  }
  await openTab(container);
}

/** Follows the engine's openRequested events (the Electron shell sends them). */
export function followOpenRequests(): () => void {
  return onEngineEvent((message) => {
    if (message.event === 'openRequested') void handleOpenRequest(message.payload.container);
  });
}
