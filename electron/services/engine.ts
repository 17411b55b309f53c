// The engine: every capability of Toolshed behind the contract's Api, with
// no Electron in sight, so the Electron main process, `toolshed serve` and
// the tests all run the same code. Each capability contributes its part of the
// Api from its own module; this file only wires them together.
import type { Api, EventMessage, EventName, EventPayloads } from '../../shared/contract.js';
import { PodmanClient } from './podman/client.js';
import { createPodmanRunner, type PodmanRunner } from './podman/runner.js';
import { ContainerStore } from './toolbox/containerStore.js';
import { lifecycleApi } from './toolbox/lifecycleApi.js';
import { createApi } from './toolbox/createApi.js';
import { imagesApi } from './images/imagesApi.js';
import { terminalApi } from './terminal/terminalApi.js';
import { desktopApi } from './desktop/desktopApi.js';
import { SettingsStore, settingsApi } from './settings.js';
import { Operations } from './operations.js';

export interface EngineOptions {
  runner?: PodmanRunner;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  log?: (message: string) => void;
  /** How long a starting Toolbx container may take to initialize. */
  initTimeoutMs?: number;
  /** Where settings.json lives (default $XDG_CONFIG_HOME/toolshed). */
  configDir?: string;
}

/** What every capability module gets: the shared podman client, container list, settings and event bus. */
export interface EngineContext {
  podman: PodmanClient;
  containers: ContainerStore;
  settings: SettingsStore;
  /** Cancellable slow operations (pull, create) by the client's operation id. */
  operations: Operations;
  env: NodeJS.ProcessEnv;
  uid: number;
  initTimeoutMs?: number;
  log: (message: string) => void;
  emit<K extends EventName>(event: K, payload: EventPayloads[K]): void;
  /** Listens to the same events the windows get (e.g. desktop entries follow containersChanged). */
  subscribe(listener: (message: EventMessage) => void): () => void;
  /** Runs when the engine is disposed (kill processes, remove timers). */
  onDispose(cleanup: () => void): void;
}

export interface Engine {
  readonly api: Api;
  readonly context: EngineContext;
  subscribe(listener: (message: EventMessage) => void): () => void;
  dispose(): void;
}

export function createEngine(options: EngineOptions = {}): Engine {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const podman = new PodmanClient(options.runner ?? createPodmanRunner({ env }));
  const listeners = new Set<(message: EventMessage) => void>();
  const cleanups: (() => void)[] = [];

  const emit = <K extends EventName>(event: K, payload: EventPayloads[K]): void => {
    const message = { event, payload } as EventMessage;
    for (const listener of listeners) listener(message);
  };
  const containers = new ContainerStore(podman, { onChange: (list) => emit('containersChanged', { containers: list }), log });
  cleanups.push(() => containers.dispose());

  const context: EngineContext = {
    podman,
    containers,
    settings: new SettingsStore(env, options.configDir),
    operations: new Operations(),
    env,
    uid: options.uid ?? process.getuid?.() ?? 0,
    ...(options.initTimeoutMs ? { initTimeoutMs: options.initTimeoutMs } : {}),
    log,
    emit,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onDispose: (cleanup) => cleanups.push(cleanup),
  };

  const api: Api = {
    ...lifecycleApi(context),
    ...createApi(context),
    ...imagesApi(context),
    ...settingsApi(context),
    ...terminalApi(context),
    ...desktopApi(context),
    cancelOperation: async ({ operationId }) => ({ cancelled: context.operations.cancel(operationId) }),
  };
  cleanups.push(() => context.operations.cancelAll());

  return {
    api,
    context,
    subscribe: context.subscribe,
    dispose() {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
      listeners.clear();
    },
  };
}
