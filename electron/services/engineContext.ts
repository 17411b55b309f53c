// What the engine hands its capabilities: the shared podman client, container
// list, settings, operations and event bus. A leaf module (types only), so a
// capability can name the parts it uses (Pick<EngineContext, …>) without
// importing the engine that composes them.
import type { EventMessage, EventName, EventPayloads } from '../../shared/contract.js';
import type { Disposable, DisposableStore } from '../../shared/disposable.js';
import type { PodmanClient } from './podman/client.js';
import type { ContainerStore } from './toolbox/containerStore.js';
import type { HostFactsSource } from './toolbox/hostFacts.js';
import type { SettingsStore } from './settings.js';
import type { Operations } from './operations.js';
import type { OperationJournal } from './journal.js';
import type { RecoveryNote } from '../../shared/contract.js';

export interface EngineContext {
  podman: PodmanClient;
  containers: ContainerStore;
  settings: SettingsStore;
  /** What `toolbox create` looks at on the host, and the host's toolbox version (read once, cached). */
  hostFacts: HostFactsSource;
  /** Cancellable slow operations (pull, create) by the client's operation id. */
  operations: Operations;
  /** What operations under way have made so far, for recovery after a crash. */
  journal: OperationJournal;
  /** Clean-ups done at start after an earlier engine was stopped mid-operation. */
  recovered: RecoveryNote[];
  env: NodeJS.ProcessEnv;
  uid: number;
  /** How long a starting Toolbx container may take to initialize. */
  initTimeoutMs?: number;
  /** The command menu entries start Toolshed with (quoted as in an Exec value, before --open NAME); unset: `toolshed`. */
  launchCommand: string | undefined;
  /** Terminals on the host itself may be opened (toolshed serve --no-host-shell says no). */
  hostShell: boolean;
  /** This engine runs the toolshed-host agent when the hostCommands setting is on. */
  hostAgent: boolean;
  log: (message: string) => void;
  emit<K extends EventName>(event: K, payload: EventPayloads[K]): void;
  /** Listens to the same events the windows get (e.g. desktop entries follow containersChanged). */
  subscribe(listener: (message: EventMessage) => void): Disposable;
  /** What the capabilities started (processes, timers, listeners): disposed with the engine. */
  disposables: DisposableStore;
}

/** The parts of the context that wait for a container to be ready. */
export type ReadinessContext = Pick<EngineContext, 'podman' | 'containers' | 'settings' | 'hostFacts' | 'uid' | 'env' | 'initTimeoutMs' | 'log' | 'emit'>;
