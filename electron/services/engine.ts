// The engine: every capability of Toolshed behind the contract's Api, with
// no Electron in sight, so the Electron main process, `toolshed serve` and
// the tests all run the same code. Each capability contributes its part of the
// Api from its own module; this file only wires them together.
import type { Api, EventMessage, EventName, EventPayloads } from '../../shared/contract.js';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/disposable.js';
import type { EngineContext } from './engineContext.js';
import { PodmanClient, type PodmanRunnerOptions } from './podman/client.js';
import { ContainerStore } from './toolbox/containerStore.js';
import { HostFactsSource } from './toolbox/hostFacts.js';
import { containersApi } from './toolbox/containersApi.js';
import { creationApi } from './toolbox/creationApi.js';
import { setupApi } from './toolbox/setupApi.js';
import { imagesApi } from './images/imagesApi.js';
import { terminalApi } from './terminal/terminalApi.js';
import { desktopApi } from './desktop/desktopApi.js';
import { hostCommandsApi } from './hostCommands/hostCommandsApi.js';
import { updatesApi } from './updates/updatesApi.js';
import { SettingsStore, settingsApi } from './settings.js';
import { hostPathsApi } from './hostPaths.js';
import { Operations, operationsApi } from './operations.js';
import { OperationJournal } from './journal.js';
import { recoverInterrupted } from './recovery.js';
import { openWithApi } from './openWith/openWithApi.js';
import { blueprintsApi } from './blueprints/blueprintsApi.js';
import { autoStopApi } from './toolbox/autoStop.js';
import { backgroundApi } from './background/backgroundEngine.js';
import { xdgStateHome } from './xdgDirs.js';
import path from 'node:path';

export interface EngineOptions {
  /** How podman runs: its binary, a call observer (tests count calls), a default timeout. */
  podman?: Omit<PodmanRunnerOptions, 'env'>;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  log?: (message: string) => void;
  /** How long a starting Toolbx container may take to initialize. */
  initTimeoutMs?: number;
  /** Where settings.json lives (default $XDG_CONFIG_HOME/toolshed). */
  configDir?: string;
  /** Where the operation journal lives (default $XDG_STATE_HOME/toolshed/operations). */
  journalDir?: string;
  /** Whether terminals on the host itself may be opened (default true). */
  hostShell?: boolean;
  /** Whether this engine serves toolshed-host when the hostCommands setting is on (default true; tests' engines say when). */
  hostAgent?: boolean;
  /** What menu entries run to open Toolshed, quoted as in an Exec value (default: $TOOLSHED_LAUNCH_COMMAND, else `toolshed`). */
  launchCommand?: string;
  /** This engine is the background service (`toolshed engine`): closing a window leaves its tabs running. */
  inBackground?: boolean;
  /** The words that run this Toolshed's command line (the background service's unit runs them with `engine`). */
  serviceCommand?: string[];
}

export interface Engine {
  readonly api: Api;
  subscribe(listener: (message: EventMessage) => void): Disposable;
  /** `toolshed --open NAME` or a toolshed:// link reached the app: the window opens a tab in NAME. */
  requestOpen(container: string): void;
  dispose(): void;
}

export function createEngine(options: EngineOptions = {}): Engine {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const podman = PodmanClient.create({ ...(env.TOOLSHED_LOG_PODMAN === '1' ? { trace: (line: string) => log(line) } : {}), ...options.podman, env });
  const listeners = new Set<(message: EventMessage) => void>();
  const disposables = new DisposableStore();

  const emit = <K extends EventName>(event: K, payload: EventPayloads[K]): void => {
    const message = { event, payload } as EventMessage;
    for (const listener of listeners) listener(message);
  };
  const subscribe = (listener: (message: EventMessage) => void): Disposable => {
    listeners.add(listener);
    return toDisposable(() => listeners.delete(listener));
  };
  const uid = options.uid ?? process.getuid?.() ?? 0;
  const containers = disposables.add(
    new ContainerStore(podman, {
      onChange: (list) => emit('containersChanged', { containers: list }),
      onLiveChange: (live) => emit('listLive', { live }),
      log,
    }),
  );

  const context: EngineContext = {
    podman,
    containers,
    settings: new SettingsStore(env, options.configDir, log),
    hostFacts: new HostFactsSource({ env, uid, podmanVersion: () => podman.version() }),
    operations: disposables.add(new Operations()),
    journal: new OperationJournal(options.journalDir ?? path.join(xdgStateHome(env), 'toolshed', 'operations')),
    recovered: [],
    env,
    uid,
    ...(options.initTimeoutMs ? { initTimeoutMs: options.initTimeoutMs } : {}),
    launchCommand: options.launchCommand ?? env.TOOLSHED_LAUNCH_COMMAND,
    hostShell: options.hostShell ?? true,
    hostAgent: options.hostAgent ?? true,
    log,
    emit,
    subscribe,
    disposables,
  };

  const api: Api = {
    ...containersApi(context),
    ...creationApi(context),
    ...setupApi(context),
    ...imagesApi(context),
    ...settingsApi(context),
    ...terminalApi(context),
    ...desktopApi(context),
    ...operationsApi(context),
    ...hostCommandsApi(context),
    ...updatesApi(context),
    ...hostPathsApi(),
    ...openWithApi(context),
    ...blueprintsApi(context, () => api),
    ...autoStopApi(context, () => api),
    ...backgroundApi(context, { inBackground: options.inBackground ?? false, serviceCommand: options.serviceCommand }),
  };
  // the list stays true by podman's events from now on, whoever asks first; the first read starts
  // now, so the first window finds it ready rather than waiting for podman
  containers.watch();
  containers.refresh().catch((error: unknown) => log(`listing containers at start failed: ${String(error)}`));
  // the first screen also asks which podman runs: read beside the list, not after it
  podman.version().catch(() => undefined);
  // what an engine stopped mid-operation left half-made is cleaned up now
  const stopRecovery = new AbortController();
  disposables.add(toDisposable(() => stopRecovery.abort()));
  void recoverInterrupted({ podman, journal: context.journal, log, signal: stopRecovery.signal }, (note) => {
    context.recovered.push(note);
    emit('operationRecovered', note);
  });
  disposables.add(toDisposable(() => listeners.clear()));

  return {
    api,
    subscribe,
    requestOpen: (container) => emit('openRequested', { container }),
    dispose: () => disposables.dispose(),
  };
}
