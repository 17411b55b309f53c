// What the UI's buttons do: call the engine, show progress while it works,
// and a clear error when it fails. The list itself updates from the
// engine's containersChanged events.
import type { ContainerSummary } from '../../shared/contract';
import type { Client } from '../api/client';
import { askConfirm, notify, notifyError, useStore } from './store';
import { handleOpenRequest } from './desktop';

let client: Client;

export function bindClient(c: Client): void {
  client = c;
  c.onConnection((connection) => {
    const was = useStore.getState().connection;
    useStore.setState({ connection });
    if (connection === 'open' && was === 'reconnecting') {
      notify('info', 'Reconnected to the Toolshed backend.');
      void refresh();
    }
  });
  c.onEvent((message) => {
    if (message.event === 'containersChanged') {
      useStore.setState({ containers: message.payload.containers, loaded: true });
    } else if (message.event === 'progress') {
      const { container, message: line } = message.payload;
      const target = useStore.getState().containers.find((c) => c.name === container);
      if (target) useStore.setState((s) => ({ progress: { ...s.progress, [target.id]: line } }));
    } else if (message.event === 'openRequested') {
      void handleOpenRequest(message.payload.container);
    }
  });
}

export function api(): Client['api'] {
  return client.api;
}

/** Every engine event, for components that follow one (e.g. a create's operationProgress). */
export function onEngineEvent(listener: Parameters<Client['onEvent']>[0]): () => void {
  return client.onEvent(listener);
}

export async function refresh(): Promise<void> {
  try {
    const status = await client.api.getStatus({});
    useStore.setState({ status });
    if (!status.available) return;
    const containers = await client.api.listContainers({ all: true });
    useStore.setState({ containers, loaded: true });
  } catch (error) {
    notifyError(error, 'Could not list containers');
  }
}

/** The container's buttons wait and its details show `label` (and progress lines) until clearBusy. */
export function setBusy(containerId: string, label: string): void {
  useStore.setState((s) => ({ busy: { ...s.busy, [containerId]: label } }));
}

export function clearBusy(containerId: string): void {
  useStore.setState((s) => {
    const { [containerId]: _done, ...busy } = s.busy;
    const { [containerId]: _line, ...progress } = s.progress;
    return { busy, progress };
  });
}

async function withBusy<T>(container: ContainerSummary, label: string, work: () => Promise<T>): Promise<T | undefined> {
  // a fresh progress line: the last one seen for this container belongs to earlier work
  useStore.setState((s) => ({ progress: { ...s.progress, [container.id]: '' } }));
  setBusy(container.id, label);
  try {
    return await work();
  } catch (error) {
    notifyError(error, `${label.replace(/…$/, '')} ${container.name} failed`);
    return undefined;
  } finally {
    clearBusy(container.id);
  }
}

export const startContainer = (c: ContainerSummary) => withBusy(c, 'Starting…', () => client.api.startContainer({ container: c.id }));
export const stopContainer = (c: ContainerSummary) => withBusy(c, 'Stopping…', () => client.api.stopContainer({ container: c.id }));
export const restartContainer = (c: ContainerSummary) => withBusy(c, 'Restarting…', () => client.api.restartContainer({ container: c.id }));

export async function renameContainer(c: ContainerSummary, newName: string): Promise<boolean> {
  const result = await withBusy(c, 'Renaming…', () => client.api.renameContainer({ container: c.id, newName }));
  return result !== undefined;
}

export async function removeContainer(c: ContainerSummary): Promise<void> {
  const running = c.state === 'running';
  const answer = await askConfirm({
    title: `Remove ${c.name}?`,
    body: `The container "${c.name}" (${c.shortId}) and everything installed in it will be deleted. Your home directory, volumes and the image ${c.image} are kept.`,
    confirmLabel: `Remove ${c.name}`,
    danger: true,
    ...(running ? { option: { label: `${c.name} is running: stop it and remove it`, checked: false } } : {}),
  });
  if (!answer.confirmed) return;
  if (running && !answer.option) {
    notify('error', `${c.name} is running; tick "stop it and remove it" to remove it anyway.`);
    return;
  }
  const result = await withBusy(c, 'Removing…', () => client.api.removeContainer({ id: c.id, name: c.name, force: running }));
  if (result) {
    notify('info', `Removed ${c.name}.`);
    if (useStore.getState().selectedId === c.id) useStore.setState({ selectedId: undefined });
  }
}

export async function stopAll(): Promise<void> {
  const running = useStore.getState().containers.filter((c) => c.state === 'running' && c.manager !== 'podman');
  if (running.length === 0) return notify('info', 'No toolbox is running.');
  const answer = await askConfirm({
    title: 'Stop all toolboxes?',
    body: `This stops ${running.map((c) => c.name).join(', ')}. Programs running in them are ended.`,
    confirmLabel: `Stop ${running.length}`,
  });
  if (!answer.confirmed) return;
  try {
    const { stopped } = await client.api.stopAll({});
    notify('info', `Stopped ${stopped.length} container${stopped.length === 1 ? '' : 's'}.`);
  } catch (error) {
    notifyError(error, 'Stop all failed');
  }
}
