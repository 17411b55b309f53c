// The distros a new toolbox can be made from: the images Toolbx itself knows
// (Fedora, RHEL UBI, Ubuntu, Arch) and the community images of
// github.com/toolbx-images/images on quay.io/toolbx-images. A static list,
// newest release first; the picker also offers local images and any reference.
import { containerNameProblem } from './names.js';

export interface CatalogueRelease {
  release: string;
  reference: string;
}

export interface CatalogueEntry {
  /** The distro's name in default container names, `<id>-toolbox-<release>`. */
  id: string;
  /** The os-release IDs this entry serves (a host's ID picks its entry). */
  osReleaseIds: readonly string[];
  name: string;
  /** Toolbx's own images, or the community-maintained ones. */
  source: 'toolbx' | 'community';
  /** A file in assets/logos/. */
  logo: string;
  /** The image of any release, listed or not (a host may run a newer one). */
  imageFor(release: string): string;
  releases: readonly CatalogueRelease[];
}

type EntryFields = Omit<CatalogueEntry, 'releases'> & { releases: readonly string[] };
const entry = (fields: EntryFields): CatalogueEntry => ({
  ...fields,
  releases: fields.releases.map((release) => ({ release, reference: fields.imageFor(release) })),
});

const TOOLBX_IMAGES = 'quay.io/toolbx-images';

/** A community image's reference: quay.io/toolbx-images/<id>-toolbox:<release>. */
export const communityImage = (id: string, release: string) => `${TOOLBX_IMAGES}/${id}-toolbox:${release}`;

function community(id: string, name: string, osReleaseIds: string[], releases: string[]): CatalogueEntry {
  return entry({ id, osReleaseIds, name, source: 'community', logo: `${id}.svg`, imageFor: (release) => communityImage(id, release), releases });
}

export const CATALOGUE: readonly CatalogueEntry[] = [
  entry({
    id: 'fedora',
    osReleaseIds: ['fedora'],
    name: 'Fedora',
    source: 'toolbx',
    logo: 'fedora.svg',
    imageFor: (release) => `registry.fedoraproject.org/fedora-toolbox:${release}`,
    releases: ['43', '42', '41'],
  }),
  entry({
    id: 'rhel',
    osReleaseIds: ['rhel'],
    name: 'RHEL (UBI)',
    source: 'toolbx',
    logo: 'rhel.svg',
    imageFor: (release) => `registry.access.redhat.com/ubi${release.split('.')[0]}/toolbox:${release}`,
    releases: ['10.0', '9.6', '8.10'],
  }),
  entry({
    id: 'ubuntu',
    osReleaseIds: ['ubuntu'],
    name: 'Ubuntu',
    source: 'toolbx',
    logo: 'ubuntu.svg',
    imageFor: (release) => `quay.io/toolbx/ubuntu-toolbox:${release}`,
    releases: ['24.04', '22.04', '20.04'],
  }),
  entry({
    id: 'arch',
    osReleaseIds: ['arch'],
    name: 'Arch Linux',
    source: 'toolbx',
    logo: 'arch.svg',
    // rolling: one image whatever the release asked for
    imageFor: () => 'quay.io/toolbx/arch-toolbox:latest',
    releases: ['latest'],
  }),
  community('debian', 'Debian', ['debian'], ['13', '12', 'testing', 'unstable']),
  community('centos', 'CentOS Stream', ['centos'], ['stream10', 'stream9']),
  community('almalinux', 'AlmaLinux', ['almalinux'], ['10', '9', '8']),
  community('rockylinux', 'Rocky Linux', ['rocky'], ['9', '8']),
  community('opensuse', 'openSUSE Tumbleweed', ['opensuse-tumbleweed'], ['tumbleweed']),
  community('alpine', 'Alpine Linux', ['alpine'], ['3.22', '3.21', 'edge']),
  community('amazonlinux', 'Amazon Linux', ['amzn'], ['2023']),
];

export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return CATALOGUE.find((entry) => entry.id === id);
}

/** The entry for a host's os-release ID (e.g. "rocky" -> Rocky Linux). */
export function catalogueEntryForOsRelease(osReleaseId: string): CatalogueEntry | undefined {
  const id = osReleaseId.toLowerCase();
  return CATALOGUE.find((entry) => entry.osReleaseIds.includes(id));
}

/** The catalogue entry and release an image reference comes from, if any. */
export function catalogueMatch(reference: string): { entry: CatalogueEntry; release: CatalogueRelease } | undefined {
  for (const entry of CATALOGUE) {
    const release = entry.releases.find((r) => r.reference === reference);
    if (release) return { entry, release };
  }
  return undefined;
}

/** The distro behind an image's repository (any tag), e.g. quay.io/toolbx/ubuntu-toolbox -> ubuntu. */
export function catalogueEntryForRepository(repository: string): CatalogueEntry | undefined {
  return CATALOGUE.find((entry) => entry.releases.some((r) => r.reference.slice(0, r.reference.lastIndexOf(':')) === repository));
}

/** `<distro>-toolbox-<release>`, as Toolbx names a toolbox made with --distro/--release; undefined when that is not a valid name. */
export function defaultContainerName(distro: string, release: string): string | undefined {
  const name = `${distro}-toolbox-${release}`;
  return containerNameProblem(name) === null ? name : undefined;
}

export const catalogueContainerName = (entry: CatalogueEntry, release: string) => defaultContainerName(entry.id, release);

/**
 * The release after `release` of a distro (by its catalogue id or os-release ID)
 * that the catalogue lists: the lowest numbered one above it. Rolling names
 * ("latest", "testing") have no next.
 */
export function nextRelease(distro: string, release: string): CatalogueRelease | undefined {
  const entry = catalogueEntryForOsRelease(distro) ?? catalogueEntry(distro);
  const number = (r: string) => (/^\d+(\.\d+)?$/.test(r) ? Number(r) : NaN);
  const current = number(release);
  if (!entry || Number.isNaN(current)) return undefined;
  return entry.releases.filter((r) => number(r.release) > current).sort((a, b) => number(a.release) - number(b.release))[0];
}
