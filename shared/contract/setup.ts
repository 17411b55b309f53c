// A toolbox's setup after creation: "Edit setup" (by commit and recreate),
// snapshots, clones and backups to a file. Engine:
// electron/services/toolbox/setupApi.ts; renderer: renderer/state/setup.ts and
// renderer/components/setup/.
import { z } from 'zod';
import {
  absolutePathSchema,
  byContainer,
  containerNameSchema,
  containerRefSchema,
  envVarSchema,
  hostnameSchema,
  imageIdSchema,
  operationIdSchema,
  volumeSchema,
} from './fields.js';
import type { ContainerSummary } from './containers.js';

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

/** A backup file on the machine the engine runs on. */
const backupPathSchema = absolutePathSchema;

export const setupCalls = {
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
} satisfies Record<string, z.ZodType>;

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

/** What a backup file says it holds. */
export interface BackupInfo {
  /** The toolbox it is a backup of (its name then). */
  of: string;
  /** ISO time of the backup. */
  takenAt: string;
  /** The setup a toolbox restored from it gets: folders of this machine mounted, variables set. */
  setup: ToolboxSetup;
}

export interface SetupResults {
  describeSetup: SetupInfo;
  editSetup: ContainerSummary;
  listSnapshots: SnapshotInfo[];
  takeSnapshot: SnapshotInfo;
  restoreSnapshot: ContainerSummary;
  deleteSnapshot: { deleted: boolean };
  pruneSnapshots: { deleted: string[]; kept: { name: string; usedBy: string[] }[] };
  cloneToolbox: ContainerSummary;
  backupToolbox: { path: string; sizeBytes: number };
  describeBackup: BackupInfo;
  restoreBackup: ContainerSummary;
}

export interface SetupEvents {
  /** A setup edit or a restore is about to stop this toolbox to make it again. */
  toolboxRecreating: { id: string };
  /** A toolbox was made again (a setup edit, a restore): its new container, and the id it had. */
  toolboxRecreated: { oldId: string; container: ContainerSummary; what: string };
}
