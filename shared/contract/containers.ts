// Containers as the list shows them: the engine's status, the list, a
// container's details, and what the row's buttons do (start, stop, rename,
// remove). Engine: electron/services/toolbox/containersApi.ts; renderer:
// renderer/state/containers.ts.
import { z } from 'zod';
import { byContainer, containerIdSchema, containerNameSchema, containerRefSchema, noArgs } from './fields.js';

export const containerCalls = {
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
  removeContainer: z.strictObject({ id: containerIdSchema, name: containerNameSchema, force: z.boolean().optional(), removeSnapshots: z.boolean().optional() }),
} satisfies Record<string, z.ZodType>;

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
  /** When it last started, and when it last exited (seconds since the epoch), if ever: times that stay true, unlike status. */
  startedAt?: number;
  exitedAt?: number;
  manager: ContainerManager;
  distro?: string;
  release?: string;
  /** Set on containers Toolshed itself created (its version). */
  toolshedVersion?: string;
}

/** What the engine can do here: podman (its version, or why it is missing) and the host shell. */
export interface EngineStatus {
  available: boolean;
  version?: string;
  rootless?: boolean;
  /** When podman is not available: why, and how to get it. */
  problem?: { code: string; message: string; hint: string };
  /** As the listLive event says (absent when podman is not available). */
  listLive?: boolean;
  /** Whether terminals on the host itself may be opened (`toolshed serve --no-host-shell` turns them off). */
  hostShell: boolean;
  /** What this engine cleaned up at start after an earlier one was stopped mid-operation. */
  recovered: RecoveryNote[];
}

/** An operation cut short by a crash or a kill, and what was done about it at the next start. */
export interface RecoveryNote {
  id: string;
  /** The toolbox it concerned. */
  name: string;
  message: string;
  /** ISO time of the clean-up. */
  at: string;
}

export interface ContainerMount {
  source: string;
  destination: string;
  type: string;
  readOnly: boolean;
}

/** What the details pane shows beyond the list's row. */
export interface ContainerInspection extends ContainerSummary {
  entrypoint: string[];
  command: string[];
  labels: Record<string, string>;
  mounts: ContainerMount[];
  hostname: string;
}

export interface ContainerStats {
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  pids: number;
  /** Writable-layer size in bytes (podman's "rw" size). */
  sizeBytes?: number;
}

export interface ContainerResults {
  getStatus: EngineStatus;
  listContainers: ContainerSummary[];
  inspectContainer: ContainerInspection;
  containerStats: ContainerStats;
  startContainer: ContainerSummary;
  stopContainer: ContainerSummary;
  restartContainer: ContainerSummary;
  stopAll: { stopped: string[] };
  renameContainer: ContainerSummary;
  removeContainer: {
    removed: string;
    snapshotsRemoved: number;
    /** Snapshots that stay, and the toolboxes made from them. */ snapshotsKept: { name: string; usedBy: string[] }[];
  };
}

export interface ContainerEvents {
  /** The full container list after a change seen on `podman events`. */
  containersChanged: { containers: ContainerSummary[] };
  /** Whether the list follows changes made outside Toolshed by itself (podman's state watched, or its events read); when not, Refresh shows them. */
  listLive: { live: boolean };
  /** Progress of a slow action (start waiting for init, stop all, ...). */
  progress: { operation: string; container?: string; message: string; done?: boolean };
  /** An operation an earlier engine left half-done was cleaned up. */
  operationRecovered: RecoveryNote;
}
