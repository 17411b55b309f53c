// The one API between the renderer and the engine. Every call is listed here
// once with the schema of its arguments; the preload, the IPC handlers, the
// WebSocket server and client and the renderer are all typed from this file,
// and the backend side of both transports validates arguments with these schemas.
import { z } from 'zod';
import { CONTAINER_ID_PATTERN, CONTAINER_NAME_MAX, CONTAINER_NAME_PATTERN } from './domain/names.js';

export const containerNameSchema = z
  .string()
  .max(CONTAINER_NAME_MAX, `a container name has at most ${CONTAINER_NAME_MAX} characters`)
  .regex(CONTAINER_NAME_PATTERN, 'a container name is letters, digits, "_", "." and "-", starting with a letter or digit');

export const containerIdSchema = z.string().regex(CONTAINER_ID_PATTERN, 'a container id is 12 to 64 lowercase hex digits');

/** A container named by its name or its id (both grammars exclude a leading "-"). */
export const containerRefSchema = z.union([containerIdSchema, containerNameSchema]);

const noArgs = z.strictObject({});
const byContainer = z.strictObject({ container: containerRefSchema });

export const callSchemas = {
  getStatus: noArgs,
  listContainers: z.strictObject({ all: z.boolean().optional() }),
  inspectContainer: byContainer,
  containerStats: byContainer,
  startContainer: byContainer,
  stopContainer: byContainer,
  restartContainer: byContainer,
  stopAll: noArgs,
  renameContainer: z.strictObject({ container: containerRefSchema, newName: containerNameSchema }),
  /** Removal names the container twice: its id and the name the user confirmed. */
  removeContainer: z.strictObject({ id: containerIdSchema, name: containerNameSchema, force: z.boolean().optional() }),
} satisfies Record<string, z.ZodType>;

export type CallName = keyof typeof callSchemas;
export type CallArgs<K extends CallName> = z.input<(typeof callSchemas)[K]>;

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.hasOwn(callSchemas, value);
}

// ---- results ----

export type ContainerManager = 'toolbox' | 'distrobox' | 'podman';
export type ContainerState = 'running' | 'exited' | 'created' | 'paused' | 'stopping' | 'configured' | 'unknown';

export interface ContainerSummary {
  id: string;
  shortId: string;
  name: string;
  state: ContainerState;
  /** podman's human status, e.g. "Up 3 minutes". */
  status: string;
  image: string;
  /** Seconds since the epoch. */
  created: number;
  manager: ContainerManager;
  distro?: string;
  release?: string;
  /** Set on containers Toolshed itself created (its version). */
  toolshedVersion?: string;
}

export interface PodmanStatus {
  available: boolean;
  version?: string;
  rootless?: boolean;
  /** When podman is not available: why, and how to get it. */
  problem?: { code: string; message: string; hint: string };
}

export interface ContainerMount {
  source: string;
  destination: string;
  type: string;
  readOnly: boolean;
}

export interface ContainerDetails extends ContainerSummary {
  entrypoint: string[];
  command: string[];
  labels: Record<string, string>;
  mounts: ContainerMount[];
  hostname: string;
  startedAt?: string;
}

export interface ContainerStats {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  pids: number;
  /** Writable-layer size in bytes (podman's "rw" size). */
  sizeBytes?: number;
}

export interface CallResults {
  getStatus: PodmanStatus;
  listContainers: ContainerSummary[];
  inspectContainer: ContainerDetails;
  containerStats: ContainerStats;
  startContainer: ContainerSummary;
  stopContainer: ContainerSummary;
  restartContainer: ContainerSummary;
  stopAll: { stopped: string[] };
  renameContainer: ContainerSummary;
  removeContainer: { removed: string };
}

/** What a backend implements and a client offers: one async function per call. */
export type Api = { [K in CallName]: (args: CallArgs<K>) => Promise<CallResults[K]> };

// ---- events (backend -> every connected window) ----

export interface EventPayloads {
  /** The full container list after a change seen on `podman events`. */
  containersChanged: { containers: ContainerSummary[] };
  /** Progress of a slow action (start waiting for init, stop all, ...). */
  progress: { operation: string; container?: string; message: string; done?: boolean };
}

export type EventName = keyof EventPayloads;
export type EventMessage = { [K in EventName]: { event: K; payload: EventPayloads[K] } }[EventName];
