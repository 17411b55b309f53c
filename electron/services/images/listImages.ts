// Local images for the picker: Toolbx images (labelled) by default, but not
// Toolshed's snapshots (they carry the Toolbx label of the toolbox they were
// committed from; the toolbox's details list them), every image on request, toolbox images first and newest first within each group.
import type { ImageSummary } from '../../../shared/contract.js';
import { distroOfImage } from '../../../shared/domain/distro.js';
import { TOOLBOX_LABELS, TOOLSHED_SNAPSHOT_LABEL } from '../../../shared/domain/labels.js';
import type { PodmanClient } from '../podman/client.js';
import type { PodmanImageEntry } from '../podman/types.js';

export async function listImages(podman: PodmanClient, options: { all?: boolean } = {}): Promise<ImageSummary[]> {
  return toImageSummaries(await podman.images(), options);
}

export function toImageSummaries(entries: PodmanImageEntry[], options: { all?: boolean } = {}): ImageSummary[] {
  const shown = options.all ? entries : entries.filter((entry) => !entry.Labels?.[TOOLSHED_SNAPSHOT_LABEL]);
  const images = shown.map(toImageSummary).filter((image) => options.all || (image.toolbox && image.names.length > 0));
  return images.sort((a, b) => Number(b.toolbox) - Number(a.toolbox) || b.created - a.created || a.id.localeCompare(b.id));
}

function toImageSummary(entry: PodmanImageEntry): ImageSummary {
  const labels = entry.Labels ?? {};
  const names = entry.Names ?? [];
  const summary: ImageSummary = {
    id: entry.Id,
    names,
    sizeBytes: entry.Size,
    created: entry.Created,
    toolbox: TOOLBOX_LABELS.some((label) => labels[label] === 'true'),
  };
  const { distro, release } = distroOfImage(names, labels);
  if (distro) summary.distro = distro;
  if (release) summary.release = release;
  return summary;
}
