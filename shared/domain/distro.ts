// Which distro and release an image is, by one rule for the container list and
// the image picker alike: a catalogue repository (its tag is the release),
// else a Toolbx image's labels (name="<distro>-toolbox", version="<release>"),
// else a repository named for a distro ("<distro>-toolbox", or a known distro
// such as docker.io/library/debian:12). Any other image names no distro.
import { CATALOGUE, catalogueEntryForRepository } from './catalogue.js';

export interface DistroRelease {
  distro?: string;
  release?: string;
}

const KNOWN_DISTROS = new Set(CATALOGUE.flatMap((entry) => [entry.id, ...entry.osReleaseIds]));

/** "quay.io/toolbx/arch-toolbox:latest" -> repository and tag (a digest is dropped; "latest" says no release). */
function splitReference(reference: string): { repository: string; tag?: string } {
  const withoutDigest = reference.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= withoutDigest.lastIndexOf('/')) return { repository: withoutDigest };
  const tag = withoutDigest.slice(colon + 1);
  return { repository: withoutDigest.slice(0, colon), ...(tag !== 'latest' ? { tag } : {}) };
}

const toolboxDistro = (name: string) => /^([a-z0-9][a-z0-9._-]*)-toolbox$/.exec(name)?.[1] ?? /^toolbox-([a-z0-9][a-z0-9._-]*)$/.exec(name)?.[1];

function compact(distro: string | undefined, release: string | undefined): DistroRelease {
  return { ...(distro ? { distro } : {}), ...(distro && release ? { release } : {}) };
}

/** The distro and release of an image known by these references (its names, or a container's image) and labels. */
export function distroOfImage(references: readonly string[], labels: Record<string, string> | null | undefined): DistroRelease {
  const parts = references.map(splitReference);
  for (const { repository, tag } of parts) {
    const entry = catalogueEntryForRepository(repository);
    if (entry) return compact(entry.id, tag);
  }
  const labelled = toolboxDistro((labels?.name ?? '').toLowerCase());
  if (labelled) return compact(labelled, labels?.version);
  for (const { repository, tag } of parts) {
    const last = (repository.split('/').at(-1) ?? '').toLowerCase();
    const distro = toolboxDistro(last) ?? (KNOWN_DISTROS.has(last) ? last : undefined);
    if (distro) return compact(distro, tag);
  }
  return {};
}
