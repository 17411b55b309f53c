// The image and name a new toolbox gets by default, as Toolbx picks them:
// the host's distro and release, or toolbox.conf's choice, mapped to the
// distro's official toolbox image, and named `<distro>-toolbox-<release>`.
import type { CreateDefaults } from '../contract.js';
import { catalogueEntry, catalogueEntryForOsRelease, communityImage, defaultContainerName } from './catalogue.js';
import { isImageTag } from './imageRef.js';
import { containerNameProblem } from './names.js';
import { hostDistroRelease, type OsRelease } from './osRelease.js';
import type { ToolboxConf } from './toolboxConf.js';

const DISTRO = /^[a-z0-9][a-z0-9._-]*$/;

/** The distro's toolbox image for a release (the catalogue's, else the community scheme); undefined when there is none to name. */
export function defaultImageFor(distro: string, release: string | undefined): string | undefined {
  const known = catalogueEntryForOsRelease(distro) ?? catalogueEntry(distro);
  if (known?.id === 'arch') return known.imageFor('latest');
  if (!release || !isImageTag(release) || !DISTRO.test(distro)) return undefined;
  return known ? known.imageFor(release) : communityImage(distro, release);
}

/** Toolbx's name for a container of a given image: its last path part, plus "-<tag>" unless the tag is latest. */
export function containerNameForImage(image: string): string | undefined {
  const withoutDigest = image.split('@')[0]!;
  const lastPart = withoutDigest.split('/').at(-1) ?? '';
  const [base = '', tag] = lastPart.split(':');
  const name = tag && tag !== 'latest' ? `${base}-${tag}` : base;
  return containerNameProblem(name) === null ? name : undefined;
}

export function resolveCreateDefaults(osRelease: OsRelease, conf: ToolboxConf): CreateDefaults {
  const host = hostDistroRelease(osRelease);
  const defaults: CreateDefaults = {};
  if (host.distro) defaults.hostDistro = host.distro;
  if (host.release) defaults.hostRelease = host.release;

  if (conf.image) {
    // toolbox.conf's image wins; Toolbx does not combine it with distro/release
    defaults.image = conf.image;
    const name = containerNameForImage(conf.image);
    if (name) defaults.name = name;
    return defaults;
  }

  const distro = conf.distro?.toLowerCase() ?? host.distro;
  if (!distro) return defaults;
  defaults.distro = distro;
  // another distro than the host's has no release to borrow, except rolling Arch
  const release = conf.release ?? (distro === host.distro ? host.release : distro === 'arch' ? 'latest' : undefined);
  if (!release) return defaults;
  defaults.release = release;
  const image = defaultImageFor(distro, release);
  if (image) defaults.image = image;
  const name = defaultContainerName(catalogueEntryForOsRelease(distro)?.id ?? distro, release);
  if (name) defaults.name = name;
  return defaults;
}
