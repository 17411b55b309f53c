// Snapshots of toolboxes: images committed from them into Toolshed's own
// namespace (localhost/toolshed-snapshots/NAME:snap-TIME), each carrying one
// label that says what it is a snapshot of, its name, and the setup to make a
// toolbox from it again. A backup file is such an image saved as an OCI archive.
import { z } from 'zod';
import {
  containerNameSchema,
  snapshotNameSchema,
  toolboxSetupSchema,
  type ContainerSummary,
  type SnapshotInfo,
  type ToolboxSetup,
} from '../../../shared/contract.js';
import { BACKUP_REPOSITORY, SNAPSHOT_REPOSITORY, TOOLSHED_SNAPSHOT_LABEL } from '../../../shared/domain/labels.js';
import type { PodmanClient } from '../podman/client.js';
import type { PodmanImageEntry } from '../podman/types.js';

const recordSchema = z.object({
  of: containerNameSchema,
  name: snapshotNameSchema,
  takenAt: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/),
  setup: toolboxSetupSchema,
});
export type SnapshotRecord = z.infer<typeof recordSchema>;

/** A name Toolshed makes up ("Backup to FILE", "For the clone NAME") as a valid snapshot name: one line, at most 64 characters. */
export function fitSnapshotName(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, ' ');
  return clean.length <= 64 ? clean : `${clean.slice(0, 63)}…`;
}

export function encodeSnapshot(record: SnapshotRecord): string {
  return Buffer.from(JSON.stringify(record)).toString('base64url');
}

/** The record a snapshot label holds, or undefined for anything else (a label of another kind, a forged one). */
export function decodeSnapshot(label: string | undefined): SnapshotRecord | undefined {
  if (!label || label.length > 64 * 1024) return undefined;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(Buffer.from(label, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A new snapshot image's name: the toolbox's repository (lowercase, as podman wants) and the time as tag. */
export function snapshotImageName(container: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  return `${SNAPSHOT_REPOSITORY}/${container.toLowerCase()}:snap-${stamp}-${String(at.getMilliseconds()).padStart(3, '0')}`;
}

/** The name a toolbox restored from a backup file gives the image it runs on (Toolshed's, so it is listed and removable). */
export function backupImageName(container: string, at: Date = new Date()): string {
  return snapshotImageName(container, at).replace(`${SNAPSHOT_REPOSITORY}/`, `${BACKUP_REPOSITORY}/`).replace(':snap-', ':restored-');
}

export function snapshotLabels(record: SnapshotRecord): Record<string, string> {
  return { [TOOLSHED_SNAPSHOT_LABEL]: encodeSnapshot(record) };
}

/**
 * The toolbox an image is a snapshot of: a snapshot of X is named in Toolshed's repository for X
 * (a label alone, an archive's, says nothing), and the image a toolbox restored from a backup
 * runs on is named in the backups' repository for that toolbox (so it is listed, and goes, with it).
 */
function snapshotOwner(image: PodmanImageEntry, of: string, container: string | undefined): string | undefined {
  const names = image.Names ?? [];
  if (names.some((name) => name.startsWith(`${SNAPSHOT_REPOSITORY}/${of.toLowerCase()}:`))) return container === undefined || container === of ? of : undefined;
  const restored = names
    .find((name) => name.startsWith(`${BACKUP_REPOSITORY}/`))
    ?.slice(BACKUP_REPOSITORY.length + 1)
    .split(':')[0];
  if (restored === undefined) return undefined;
  return container === undefined ? restored : container.toLowerCase() === restored ? container : undefined;
}

/** The snapshots among these images (of one toolbox, when given), newest first. */
export function snapshotsOf(images: readonly PodmanImageEntry[], container?: string): SnapshotInfo[] {
  const sizes = new Map(images.map((image) => [image.Id, image.Size]));
  return images
    .flatMap((image) => {
      const record = decodeSnapshot(image.Labels?.[TOOLSHED_SNAPSHOT_LABEL] ?? undefined);
      const owner = record && snapshotOwner(image, record.of, container);
      if (!record || owner === undefined) return [];
      // a commit is one layer on the image its container was made from: what it adds is the difference
      const parentSize = image.ParentId ? sizes.get(image.ParentId.startsWith('sha256:') ? image.ParentId.slice(7) : image.ParentId) : undefined;
      const ownBytes = parentSize !== undefined ? Math.max(0, image.Size - parentSize) : image.Size;
      return [{ id: image.Id, container: owner, name: record.name, created: image.Created, sizeBytes: image.Size, ownBytes, setup: record.setup }];
    })
    .sort((a, b) => b.created - a.created);
}

/** What became of snapshots Toolshed was asked to delete: those that stay, and the toolboxes made from them. */
export interface SnapshotsDeleted {
  deleted: SnapshotInfo[];
  kept: { name: string; usedBy: string[] }[];
}

/**
 * Deletes these snapshot images; one a toolbox is made from stays (podman refuses: it is that
 * toolbox's image now). What went is counted from a listing afterwards, not from the calls: the
 * words said must match the disk.
 */
export async function deleteSnapshots(
  podman: Pick<PodmanClient, 'images' | 'removeImage'>,
  snapshots: readonly SnapshotInfo[],
  containers: () => Promise<readonly Pick<ContainerSummary, 'name' | 'image'>[]>,
  log: (line: string) => void,
): Promise<SnapshotsDeleted> {
  for (const snapshot of snapshots) {
    await podman
      .removeImage(snapshot.id)
      .catch((error: unknown) => log(`snapshot ${snapshot.id.slice(0, 12)} of ${snapshot.container} stays: ${String(error)}`));
  }
  const images = await podman.images();
  const left = new Set(images.map((image) => image.Id));
  const staying = snapshots.filter((s) => left.has(s.id));
  const users = staying.length ? await containers() : [];
  return {
    deleted: snapshots.filter((s) => !left.has(s.id)),
    kept: staying.map((s) => ({ name: s.name, usedBy: containersMadeFrom(s.id, images, users) })),
  };
}

/** The names of the containers made from this image: podman lists a container's image by the name or the id it was made with. */
export function containersMadeFrom(
  imageId: string,
  images: readonly PodmanImageEntry[],
  containers: readonly Pick<ContainerSummary, 'name' | 'image'>[],
): string[] {
  const refs = [imageId.replace(/^sha256:/, '').slice(0, 12), ...(images.find((image) => image.Id === imageId)?.Names ?? [])];
  return containers.filter((c) => refs.some((ref) => c.image.includes(ref))).map((c) => c.name);
}

export type { ToolboxSetup };
