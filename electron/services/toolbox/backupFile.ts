// What a backup file says it holds, read without loading it into podman: the
// snapshot record in its image's labels, so the user sees the setup (folders,
// variables) an archive would bring before anything is loaded. An archive is a
// tar (OCI: index.json → manifest → config; docker: manifest.json → config);
// only its small JSON members are read, the layers are skipped over.
import { open, type FileHandle } from 'node:fs/promises';
import { TOOLSHED_SNAPSHOT_LABEL } from '../../../shared/domain/labels.js';
import { decodeSnapshot, type SnapshotRecord } from './snapshots.js';

const BLOCK = 512;
/** Members larger than this are layers, never the JSON looked for. */
const SMALL = 1 << 20;

/** The tar's small members by name (ustar names; podman writes no long ones for these). */
async function smallMembers(file: FileHandle): Promise<Map<string, Buffer>> {
  const members = new Map<string, Buffer>();
  const { size: total } = await file.stat();
  const header = Buffer.alloc(BLOCK);
  for (let offset = 0; offset + BLOCK <= total;) {
    await file.read(header, 0, BLOCK, offset);
    if (header.every((byte) => byte === 0)) break; // the end-of-archive blocks
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('latin1')
        .replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) break; // not a tar
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)).replace(/^\.\//, '');
    const type = field(156, 1) || '0';
    if ((type === '0' || type === '\0') && size <= SMALL) {
      const body = Buffer.alloc(size);
      await file.read(body, 0, size, offset + BLOCK);
      members.set(name, body);
    }
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return members;
}

const json = (data: Buffer | undefined): unknown => {
  if (!data) return undefined;
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
};

const blob = (members: Map<string, Buffer>, digest: unknown) =>
  typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) ? members.get(`blobs/sha256/${digest.slice(7)}`) : undefined;

/** The image config's labels, from an OCI or a docker archive's members. */
function labelsOf(members: Map<string, Buffer>): Record<string, unknown> | undefined {
  let config: unknown;
  const index = json(members.get('index.json')) as { manifests?: { digest?: unknown }[] } | undefined;
  if (index?.manifests?.[0]) {
    const manifest = json(blob(members, index.manifests[0].digest)) as { config?: { digest?: unknown } } | undefined;
    config = json(blob(members, manifest?.config?.digest));
  } else {
    const manifest = json(members.get('manifest.json')) as { Config?: unknown }[] | undefined;
    const name = Array.isArray(manifest) ? manifest[0]?.Config : undefined;
    config = typeof name === 'string' ? json(members.get(name)) : undefined;
  }
  const labels = (config as { config?: { Labels?: unknown } } | undefined)?.config?.Labels;
  return labels && typeof labels === 'object' ? (labels as Record<string, unknown>) : undefined;
}

/** The snapshot record the archive's image carries, or undefined when it is no Toolshed backup (or no archive). */
export async function readBackupRecord(path: string): Promise<SnapshotRecord | undefined> {
  const file = await open(path, 'r');
  try {
    const label = labelsOf(await smallMembers(file))?.[TOOLSHED_SNAPSHOT_LABEL];
    return typeof label === 'string' ? decodeSnapshot(label) : undefined;
  } finally {
    await file.close();
  }
}
