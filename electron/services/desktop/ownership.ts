// Which files are Toolshed's. Every entry Toolshed writes carries X-Toolshed-*
// keys naming its toolbox; a file without them, or written for another toolbox
// or purpose, is never overwritten or deleted. Icons are Toolshed's when one
// of its entries names them in X-Toolshed-Icon and they lie in its icon folder.
import path from 'node:path';
import { containerNameSchema } from '../../../shared/contract.js';
import { CONTAINER_ID_PATTERN, DESKTOP_FILE_PATTERN } from '../../../shared/domain/names.js';
import { findGroup, MAIN_GROUP, parseDesktopFile, stringValue } from './desktopEntry.js';

export const KEYS = {
  kind: 'X-Toolshed-Kind',
  container: 'X-Toolshed-Container',
  containerId: 'X-Toolshed-Container-Id',
  source: 'X-Toolshed-Source',
  icon: 'X-Toolshed-Icon',
} as const;

/** A launcher opens Toolshed on a toolbox; an app runs a program exported from one. */
export type EntryKind = 'launcher' | 'app';

/** What an entry is for: one launcher per toolbox, one entry per exported app. */
export interface Identity {
  kind: EntryKind;
  container: string;
  /** The exported app's .desktop file name inside the container (apps only). */
  source?: string;
}

export interface Ownership extends Identity {
  containerId?: string;
  /** The icon file Toolshed wrote for this entry. */
  icon?: string;
}

/** The ownership recorded in an entry's text, or null when Toolshed did not write it. */
export function ownershipOf(text: string): Ownership | null {
  const main = findGroup(parseDesktopFile(text), MAIN_GROUP);
  const kind = stringValue(main, KEYS.kind);
  const container = stringValue(main, KEYS.container);
  if ((kind !== 'launcher' && kind !== 'app') || !container || !containerNameSchema.safeParse(container).success) return null;
  const ownership: Ownership = { kind, container };
  const source = stringValue(main, KEYS.source);
  if (kind === 'app') {
    if (!source || !DESKTOP_FILE_PATTERN.test(source)) return null;
    ownership.source = source;
  }
  const containerId = stringValue(main, KEYS.containerId);
  if (containerId && CONTAINER_ID_PATTERN.test(containerId)) ownership.containerId = containerId;
  const icon = stringValue(main, KEYS.icon);
  if (icon && path.isAbsolute(icon)) ownership.icon = icon;
  return ownership;
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.kind === b.kind && a.container === b.container && (a.kind === 'launcher' || a.source === b.source);
}

/** May Toolshed write its entry for `wanted` over this file? Only over its own entry for the same purpose. */
export function mayReplace(existingText: string, wanted: Identity): boolean {
  const owner = ownershipOf(existingText);
  return owner !== null && sameIdentity(owner, wanted);
}

/** Is this icon path one Toolshed may write or delete: inside its icon folder, with its own name prefix? */
export function isToolshedIconPath(iconsRoot: string, file: string): boolean {
  const resolved = path.resolve(file);
  return resolved.startsWith(path.resolve(iconsRoot) + path.sep) && path.basename(resolved).startsWith(FILE_PREFIX) && !resolved.includes('\0');
}

/** Every file Toolshed writes starts with this, so a scan reads only its candidates. */
export const FILE_PREFIX = 'toolshed-';

/** The entry's file name (without alternates): toolshed-NAME.desktop, toolshed-NAME+APP.desktop. */
export function baseFileName(identity: Identity): string {
  if (identity.kind === 'launcher') return `${FILE_PREFIX}${identity.container}`;
  // "+" cannot occur in a container name, so NAME+APP never stands for another pair
  return `${FILE_PREFIX}${identity.container}+${(identity.source ?? '').replace(/\.desktop$/, '')}`;
}

/** The key-value pairs that mark an entry as Toolshed's (values are plain names and paths, escaped by the caller). */
export function ownershipPairs(owner: Ownership): [string, string][] {
  const pairs: [string, string][] = [
    [KEYS.kind, owner.kind],
    [KEYS.container, owner.container],
  ];
  if (owner.containerId) pairs.push([KEYS.containerId, owner.containerId]);
  if (owner.source) pairs.push([KEYS.source, owner.source]);
  if (owner.icon) pairs.push([KEYS.icon, owner.icon]);
  return pairs;
}
