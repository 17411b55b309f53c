// The one API between the renderer and the engine. Every call is listed here
// once with the schema of its arguments; the preload, the IPC handlers, the
// WebSocket server and client and the renderer are all typed from this file,
// and the backend side of both transports validates arguments with these schemas.
import { z } from 'zod';
import { containerPathProblem } from './domain/containerPaths.js';
import { CONTAINER_ID_PATTERN, CONTAINER_NAME_MAX, CONTAINER_NAME_PATTERN, DESKTOP_FILE_PATTERN } from './domain/names.js';
import type { PackageManager, PendingUpdate } from './domain/packageUpdates.js';

export const containerNameSchema = z
  .string()
  .max(CONTAINER_NAME_MAX, `a container name has at most ${CONTAINER_NAME_MAX} characters`)
  .regex(CONTAINER_NAME_PATTERN, 'a container name is letters, digits, "_", "." and "-", starting with a letter or digit');

export const containerIdSchema = z.string().regex(CONTAINER_ID_PATTERN, 'a container id is 12 to 64 lowercase hex digits');

/** A container named by its name or its id (both grammars exclude a leading "-"). */
export const containerRefSchema = z.union([containerIdSchema, containerNameSchema]);

const noArgs = z.strictObject({});

/** An id the client picks for a slow operation, so it can follow its progress and cancel it. */
export const operationIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'an operation id is 1 to 64 letters, digits, "_" or "-", starting with a letter or digit');

// A path on the host or in the container: absolute, no "..", no NUL or newline, no ":" (podman's
// --volume separator) and no leading "-".
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^\/[^\0\n\r:]*$/, 'a path is absolute (starts with "/") and has no ":", newline or NUL')
  .refine((p) => !p.split('/').includes('..'), 'a path may not contain ".."');

export const envVarSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'an environment variable name is letters, digits and "_", not starting with a digit'),
  value: z.string().max(8192).refine((v) => !/[\0\n\r]/.test(v), 'an environment variable value has no newline or NUL'),
});

/** A path in a toolbox where an extra folder is mounted: not over what Toolbx or the system needs. */
export const containerPathSchema = absolutePathSchema.superRefine((path, ctx) => {
  const problem = containerPathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const volumeSchema = z.strictObject({
  hostPath: absolutePathSchema,
  containerPath: containerPathSchema,
  readOnly: z.boolean().optional(),
});

/** The setup options a toolbox is created with (recorded in its labels). */
export const createOptionsSchema = z.strictObject({
  volumes: z.array(volumeSchema).max(64).optional(),
  env: z.array(envVarSchema).max(128).optional(),
  /** Overrides the ulimitHost setting for this toolbox. */
  ulimitHost: z.boolean().optional(),
});

export const settingsSchema = z.strictObject({
  /** Pass `--ulimit host` at create (Toolbx does; some VMs refuse it). */
  ulimitHost: z.boolean(),
  /** The hostname inside new toolboxes; null: the one the host's toolbox version uses (toolbx, or toolbox before 0.0.99.6). */
  hostname: z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, 'a hostname is letters, digits and "-", at most 63').nullable(),
  /** The host's toolbox binary to use as entry point; null: detect it, "" : never use it (Toolshed's own init). */
  toolboxBinary: z.union([absolutePathSchema, z.literal(''), z.null()]),
  /** Add a launcher entry for every new toolbox. */
  launcherByDefault: z.boolean(),
  terminalFontSize: z.number('a font size is a number from 6 to 48').int('a font size is a whole number').min(6, 'a font size is at least 6').max(48, 'a font size is at most 48'),
  terminalFontFamily: z.string().max(200).regex(/^[^;{}<>]*$/, 'a font family has no ";", "{", "}", "<" or ">"'),
  /** Serve `toolshed-host` (host commands from inside toolboxes) while Toolshed runs. */
  hostCommands: z.boolean(),
  /** Hours between scheduled update checks of running toolboxes; 0: never on a schedule. */
  updateCheckHours: z.number('hours are a number').int('hours are a whole number').min(0, 'at least 0 (0: no scheduled checks)').max(720, 'at most 720 (30 days)'),
  /** Scheduled checks also start stopped toolboxes (and stop them again). */
  updateStartStopped: z.boolean(),
  /** Upgrade all: how many toolboxes upgrade at once. */
  upgradeConcurrency: z.number('a number').int('a whole number').min(1, 'at least 1').max(8, 'at most 8'),
  /** A desktop notification when a scheduled check finds updates. */
  updateNotifications: z.boolean(),
});

/**
 * An image reference: only the characters the reference grammar allows (so never
 * a shell or option character); shared/domain/imageRef says precisely what is wrong.
 */
export const imageRefSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._\-/:@]*$/, 'an image reference is letters, digits and . _ - / : @, starting with a letter or digit');

/** The hostname inside a toolbox; null: the one the host's toolbox version uses. */
export const hostnameSchema = z.string().regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/, 'a hostname is letters, digits and "-", at most 63').nullable();

/** What a toolbox is set up with beyond Toolbx's own setup: what "Edit setup" changes. */
export const toolboxSetupSchema = z.strictObject({
  volumes: z.array(volumeSchema).max(64),
  env: z.array(envVarSchema).max(128),
  ulimitHost: z.boolean(),
  hostname: hostnameSchema,
});

/** A snapshot's name as the user gives it: any text of one line. */
export const snapshotNameSchema = z
  .string()
  .min(1, 'a snapshot needs a name')
  .max(64, 'a snapshot name has at most 64 characters')
  .refine((v) => !/\p{Cc}/u.test(v), 'a snapshot name is one line of text, without control characters')
  // format characters (U+202E turns text right to left, U+200B is invisible) make a name read as another
  .refine((v) => !/\p{Cf}/u.test(v), 'a snapshot name has no invisible or direction-changing characters');

/** An image by its id (a snapshot). */
export const imageIdSchema = z.string().regex(/^(sha256:)?[0-9a-f]{12,64}$/, 'an image id is 12 to 64 lowercase hex digits');

/** A backup file on the machine the engine runs on. */
export const backupPathSchema = absolutePathSchema;

/** The desktop's file chooser (shared/bridge.ts pickPath): a folder to share, a backup to read, a file to write; `defaultPath`: where it opens (a path typed already; else the home). */
export const pickPathRequestSchema = z.strictObject({
  purpose: z.enum(['folder', 'openFile', 'saveFile']),
  title: z.string().min(1).max(200),
  defaultPath: absolutePathSchema.optional(),
});

/** A program's name on a PATH (a host shim, an exported program): one file name, no "/". */
export const programNameSchema = z
  .string()
  .max(128, 'a program name has at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'a program name is letters, digits, ".", "_", "+" and "-", starting with a letter or digit (no "/")');

export const terminalIdSchema = z.string().regex(/^t[0-9]{1,9}$/, 'a terminal id looks like "t12"');
const desktopFileSchema = z.string().regex(DESKTOP_FILE_PATTERN, 'a desktop file name ends in .desktop');
const terminalSize = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };
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
  removeContainer: z.strictObject({ id: containerIdSchema, name: containerNameSchema, force: z.boolean().optional(), removeSnapshots: z.boolean().optional() }),

  // create (electron/services/toolbox/create, images/)
  getCreateDefaults: noArgs,
  listImages: z.strictObject({ all: z.boolean().optional() }),
  pullImage: z.strictObject({ reference: imageRefSchema, operationId: operationIdSchema }),
  createToolbox: z.strictObject({
    name: containerNameSchema,
    image: imageRefSchema,
    options: createOptionsSchema.optional(),
    /** Pull the image first when it is not local. */
    pull: z.boolean().optional(),
    /** Keep a half-made container for debugging instead of removing it. */
    keepOnFailure: z.boolean().optional(),
    operationId: operationIdSchema,
  }),
  cancelOperation: z.strictObject({ operationId: operationIdSchema }),
  getSettings: noArgs,
  /** The settings with their defaults and what was wrong with the saved file (the settings screen). */
  describeSettings: noArgs,
  updateSettings: settingsSchema.partial().strict(),

  // terminals (electron/services/terminal)
  /** `upgrade`: the tab runs the toolbox's upgrade command as root instead of a shell. */
  openTerminal: z.strictObject({ container: containerRefSchema.optional(), upgrade: z.boolean().optional(), ...terminalSize }),
  listTerminals: noArgs,
  attachTerminal: z.strictObject({ id: terminalIdSchema }),
  writeTerminal: z.strictObject({ id: terminalIdSchema, data: z.string().max(64 * 1024) }),
  resizeTerminal: z.strictObject({ id: terminalIdSchema, ...terminalSize }),
  ackTerminal: z.strictObject({ id: terminalIdSchema, chars: z.number().int().min(0).max(1e9) }),
  terminalBusy: z.strictObject({ id: terminalIdSchema }),
  closeTerminal: z.strictObject({ id: terminalIdSchema }),

  /** What a path typed in a form is on this machine: a folder, a file, nothing (electron/services/hostPaths.ts). */
  describePath: z.strictObject({ path: absolutePathSchema }),

  // a toolbox's life after creation (electron/services/toolbox/setupApi.ts): its setup changed by
  // commit and recreate, snapshots, clones, backups to a file
  describeSetup: byContainer,
  editSetup: z.strictObject({ container: containerRefSchema, setup: toolboxSetupSchema, operationId: operationIdSchema }),
  listSnapshots: z.strictObject({ container: containerNameSchema.optional() }),
  takeSnapshot: z.strictObject({ container: containerRefSchema, name: snapshotNameSchema, operationId: operationIdSchema }),
  restoreSnapshot: z.strictObject({ container: containerRefSchema, snapshot: imageIdSchema, operationId: operationIdSchema }),
  deleteSnapshot: z.strictObject({ snapshot: imageIdSchema }),
  /** Deletes a toolbox's snapshots beyond the newest `keep` and/or older than `olderThanDays` (shared/domain/snapshotPruning.ts; those a toolbox is made from stay). */
  pruneSnapshots: z
    .strictObject({
      container: containerNameSchema,
      keep: z.number('a number').int('a whole number').min(0, 'at least 0').max(1000, 'at most 1000').optional(),
      olderThanDays: z.number('a number').int('a whole number').min(1, 'at least 1').max(3650, 'at most 3650').optional(),
    })
    .refine((args) => args.keep !== undefined || args.olderThanDays !== undefined, 'say how many to keep or how old they may be'),
  cloneToolbox: z.strictObject({ container: containerRefSchema, newName: containerNameSchema, operationId: operationIdSchema }),
  backupToolbox: z.strictObject({ container: containerRefSchema, path: backupPathSchema, operationId: operationIdSchema }),
  /** What a backup file holds (read from the file, nothing loaded), to show before restoring it. */
  describeBackup: z.strictObject({ path: backupPathSchema }),
  restoreBackup: z.strictObject({ path: backupPathSchema, name: containerNameSchema, operationId: operationIdSchema }),

  // desktop integration (electron/services/desktop)
  setLauncher: z.strictObject({ container: containerNameSchema, enabled: z.boolean() }),
  listLaunchers: noArgs,
  listContainerApps: z.strictObject({ container: containerNameSchema }),
  exportApp: z.strictObject({ container: containerNameSchema, desktopFile: desktopFileSchema }),
  unexportApp: z.strictObject({ container: containerNameSchema, desktopFile: desktopFileSchema }),

  // host commands (electron/services/hostCommands): the toolshed-host agent, host shims in a
  // toolbox, a toolbox's programs exported to ~/.local/bin
  describeHostCommands: noArgs,
  /** Installs (or removes) the systemd user socket unit that serves toolshed-host while Toolshed is closed. */
  setHostService: z.strictObject({ installed: z.boolean() }),
  listShims: byContainer,
  /** `replace`: shadow a program the container already has (its file is never touched). */
  addShim: z.strictObject({ container: containerRefSchema, program: programNameSchema, replace: z.boolean().optional() }),
  removeShim: z.strictObject({ container: containerRefSchema, program: programNameSchema }),
  listExportedPrograms: z.strictObject({ container: containerNameSchema.optional() }),
  exportProgram: z.strictObject({ container: containerRefSchema, program: programNameSchema }),
  unexportProgram: z.strictObject({ container: containerNameSchema, program: programNameSchema }),

  // updates (electron/services/updates): pending updates per toolbox, by its package manager
  listUpdates: noArgs,
  /** Checks now (starting the toolbox when it is stopped). */
  checkUpdates: byContainer,
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

export interface ContainerDetails extends ContainerSummary {
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

export interface ImageSummary {
  id: string;
  /** Repository:tag names; empty for a dangling image. */
  names: string[];
  sizeBytes: number;
  /** Seconds since the epoch. */
  created: number;
  /** Labelled com.github.containers.toolbox=true. */
  toolbox: boolean;
  distro?: string;
  release?: string;
}

export interface CreateDefaults {
  /** From the host's os-release. */
  hostDistro?: string;
  hostRelease?: string;
  /** toolbox.conf's [general] choice, else the host's distro and release. */
  distro?: string;
  release?: string;
  image?: string;
  name?: string;
}

export type Settings = z.infer<typeof settingsSchema>;

export interface SettingsReport {
  values: Settings;
  defaults: Settings;
  /** Saved keys that could not be used, and why (each one reported, the rest kept). */
  problems: string[];
  /** Where they are kept. */
  file: string;
}

export interface TerminalInfo {
  id: string;
  /** The container's name (following a rename); absent for a host shell. */
  container?: string;
  /** The container's id: new tabs and Reopen go by it, so they follow a rename. */
  containerId?: string;
  /** From the shell (OSC 0/2), else the container's name. */
  title: string;
  cols: number;
  rows: number;
  /** Set once the session's process has exited. */
  exitCode?: number;
  /** Why it ended when it was not the shell's own exit (container stopped or removed). */
  endReason?: string;
  /** A nested container entered from this tab (OSC 777 push/pop). */
  nestedContainer?: string;
  /** The tab runs the toolbox's upgrade (openTerminal with upgrade). */
  upgrade?: boolean;
}

export type ToolboxSetup = z.infer<typeof toolboxSetupSchema>;

export interface SetupInfo {
  setup: ToolboxSetup;
  /** Why "Edit setup" cannot be used on it (a distrobox container, a plain one), or undefined when it can. */
  notEditable?: string;
  /** What a commit of it takes (its writable layer), the cost of an edit or a snapshot. */
  sizeBytes?: number;
  /** Where the setup was read from: Toolshed's record of it, or podman's view of a container the CLI made. */
  source: 'recorded' | 'inspected';
}

export interface SnapshotInfo {
  /** The image's id. */
  id: string;
  /** The toolbox it was taken of (its name then). */
  container: string;
  name: string;
  /** Seconds since the epoch. */
  created: number;
  /** The whole image, layers shared with others included. */
  sizeBytes: number;
  /** What it adds to the image it was made on: the disk it alone takes. */
  ownBytes: number;
  setup: ToolboxSetup;
}

export type PathKind = 'folder' | 'file' | 'other' | 'missing';

/** What a backup file says it holds. */
export interface BackupInfo {
  /** The toolbox it is a backup of (its name then). */
  of: string;
  /** ISO time of the backup. */
  takenAt: string;
  /** The setup a toolbox restored from it gets: folders of this machine mounted, variables set. */
  setup: ToolboxSetup;
}

export interface LauncherInfo {
  container: string;
  file: string;
}

export interface ContainerApp {
  /** The .desktop file's name inside the container. */
  desktopFile: string;
  name: string;
  exec: string;
  icon?: string;
  exported: boolean;
}

/** One command a toolbox ran on the host through toolshed-host (the agent's log). */
export interface HostCommandRecord {
  /** ISO time it ended. */
  time: string;
  argv: string[];
  cwd?: string;
  status?: number;
  signal?: number;
  /** Why the agent refused it. */
  refused?: string;
}

export interface HostCommandsStatus {
  /** The setting: Toolshed serves toolshed-host while it runs. */
  enabled: boolean;
  /** off: turned off; serving: by this Toolshed; elsewhere: by the systemd socket or another Toolshed; failed: see message. */
  agent: 'off' | 'starting' | 'serving' | 'elsewhere' | 'failed';
  /** What the state means for the user, in a sentence. */
  message: string;
  socket: string;
  /** The command inside toolboxes: ~/.local/bin/toolshed-host, or why it is not there. */
  client: { path: string; installed: boolean; problem?: string };
  /** The systemd user socket unit: whether a user instance answers, whether the unit is installed. */
  service: { available: boolean; installed: boolean };
  /** The most recent commands, newest first. */
  recent: HostCommandRecord[];
}

/** A host program made callable inside a toolbox (a script in /usr/local/bin calling toolshed-host). */
export interface ShimInfo {
  program: string;
  /** It shadows a program of the same name the container has. */
  shadows?: string;
}

/** A toolbox's program callable on the host as ~/.local/bin/NAME. */
export interface ExportedProgram {
  container: string;
  program: string;
  /** The program's path inside the toolbox. */
  target: string;
  file: string;
}

/** The last update check of a toolbox. */
/** The pending updates a report names at most; the rest are counted (pendingCount). */
export const PENDING_SHOWN = 500;

export interface UpdateReport {
  container: string;
  containerId: string;
  /** ISO time of the check. */
  checkedAt: string;
  manager?: PackageManager;
  /** What is pending, the first PENDING_SHOWN of them (a window shows a page, not 100k lines); absent when the check failed. */
  pending?: PendingUpdate[];
  /** How many are pending in all (older reports lack it: then pending is all of them). */
  pendingCount?: number;
  /** Why the check failed (the package manager's own words), never reported as zero pending. */
  error?: string;
}

export interface CallResults {
  getStatus: EngineStatus;
  listContainers: ContainerSummary[];
  inspectContainer: ContainerDetails;
  containerStats: ContainerStats;
  startContainer: ContainerSummary;
  stopContainer: ContainerSummary;
  restartContainer: ContainerSummary;
  stopAll: { stopped: string[] };
  renameContainer: ContainerSummary;
  removeContainer: { removed: string; snapshotsRemoved: number; /** Snapshots that stay, and the toolboxes made from them. */ snapshotsKept: { name: string; usedBy: string[] }[] };
  getCreateDefaults: CreateDefaults;
  listImages: ImageSummary[];
  pullImage: { id: string };
  createToolbox: ContainerSummary;
  cancelOperation: { cancelled: boolean };
  getSettings: Settings;
  describeSettings: SettingsReport;
  updateSettings: Settings;
  openTerminal: TerminalInfo;
  listTerminals: TerminalInfo[];
  /**
   * The screen and recent scrollback, serialized, to write into a fresh xterm;
   * then the tab's output from `offset` on (terminalData that starts before it is in the screen).
   */
  attachTerminal: { info: TerminalInfo; screen: string; offset: number };
  writeTerminal: { written: number };
  resizeTerminal: { cols: number; rows: number };
  ackTerminal: { paused: boolean };
  /** The program in the foreground when it is not the shell (close asks first then). */
  terminalBusy: { program: string | null };
  closeTerminal: { closed: boolean };
  setLauncher: { file: string | null };
  listLaunchers: LauncherInfo[];
  listContainerApps: ContainerApp[];
  exportApp: { file: string };
  unexportApp: { removed: boolean };
  describeSetup: SetupInfo;
  editSetup: ContainerSummary;
  listSnapshots: SnapshotInfo[];
  takeSnapshot: SnapshotInfo;
  restoreSnapshot: ContainerSummary;
  deleteSnapshot: { deleted: boolean };
  describePath: { path: string; kind: PathKind; /** What its folder is. */ parent: PathKind };
  pruneSnapshots: { deleted: string[]; kept: { name: string; usedBy: string[] }[] };
  cloneToolbox: ContainerSummary;
  backupToolbox: { path: string; sizeBytes: number };
  describeBackup: BackupInfo;
  restoreBackup: ContainerSummary;
  describeHostCommands: HostCommandsStatus;
  setHostService: HostCommandsStatus;
  listShims: ShimInfo[];
  addShim: ShimInfo;
  removeShim: { removed: boolean };
  listExportedPrograms: ExportedProgram[];
  exportProgram: ExportedProgram;
  unexportProgram: { removed: boolean };
  listUpdates: UpdateReport[];
  checkUpdates: UpdateReport;
}

/** What a backend implements and a client offers: one async function per call. */
export type Api = { [K in CallName]: (args: CallArgs<K>) => Promise<CallResults[K]> };

// ---- events (backend -> every connected window) ----

export interface EventPayloads {
  /** The full container list after a change seen on `podman events`. */
  containersChanged: { containers: ContainerSummary[] };
  /** A setup edit or a restore is about to stop this toolbox to make it again. */
  toolboxRecreating: { id: string };
  /** A toolbox was made again (a setup edit, a restore): its new container, and the id it had. */
  toolboxRecreated: { oldId: string; container: ContainerSummary; what: string };
  /** The engine opened tab `by` in place of tab `id` (it followed its toolbox to a new container); `id` closes next. */
  terminalReplaced: { id: string; by: string };
  /** Whether the list follows changes made outside Toolshed by itself (podman's state watched, or its events read); when not, Refresh shows them. */
  listLive: { live: boolean };
  /** Progress of a slow action (start waiting for init, stop all, ...). */
  progress: { operation: string; container?: string; message: string; done?: boolean };
  /** A step of a create or pull the client started with this operationId. */
  operationProgress: {
    operationId: string;
    step: 'pull' | 'stop' | 'commit' | 'create' | 'start' | 'init' | 'swap' | 'save' | 'load' | 'done' | 'failed';
    message: string;
    /** Pull progress, when podman reports it. */
    bytesDone?: number;
    bytesTotal?: number;
    layersDone?: number;
    layersTotal?: number;
  };
  /** Terminal output, batched; the client acks what it has parsed (ackTerminal). */
  terminalData: {
    id: string;
    data: string;
    /** Where `data` starts in the tab's output: the characters sent before it (see attachTerminal). */
    offset: number;
  };
  terminalChanged: { info: TerminalInfo };
  terminalClosed: { id: string };
  /** An operation an earlier engine left half-done was cleaned up. */
  operationRecovered: RecoveryNote;
  /** `toolshed --open NAME` or a toolshed://open/NAME link: open a terminal tab in NAME (Electron shell only). */
  openRequested: { container: string };
  /** A toolbox's update check ended (or is under way: `checking`). */
  updatesChanged: { report: UpdateReport } | { checking: string };
  /** A scheduled round of checks found updates (once per round: the window may notify). */
  updatesFound: { toolboxes: { container: string; count: number }[] };
  /** The host-command agent changed state (started, stopped, failed). */
  hostCommandsChanged: { agent: HostCommandsStatus['agent']; message: string };
}

export type EventName = keyof EventPayloads;
export type EventMessage = { [K in EventName]: { event: K; payload: EventPayloads[K] } }[EventName];
