// A container's applications, read from its .desktop files, and the host entry
// that exports one: the same entry with its Exec lines running through
// toolshed-run in the container, its name suffixed with the toolbox's, its icon
// replaced by the copy Toolshed made, and Toolshed's ownership keys. Pure.
import { DESKTOP_FILE_PATTERN } from '../../../shared/domain/names.js';
import type { ContainerApp } from '../../../shared/contract.js';
import {
  booleanValue,
  escapeString,
  execValue,
  findGroup,
  listValue,
  literalTemplate,
  MAIN_GROUP,
  parseDesktopFile,
  parseExec,
  rawValue,
  serializeDesktopFile,
  stringValue,
  unescapeString,
  type DesktopGroup,
} from './desktopEntry.js';
import { headerComment } from './launcherEntry.js';
import { ownershipPairs } from './ownership.js';

/** The folders an app listing reads, highest precedence first (XDG_DATA_DIRS' default order). */
export const APP_FOLDERS = ['/usr/local/share/applications', '/usr/share/applications'] as const;

const RECORD_SEPARATOR = '\x1e';

/**
 * A POSIX sh script for `podman exec … sh -c SCRIPT sh`: every .desktop file of
 * APP_FOLDERS, each after a line "<RS>path", in one exec.
 */
export const APP_LISTING_SCRIPT = `for f in ${APP_FOLDERS.map((d) => `${d}/*.desktop`).join(' ')}; do [ -f "$f" ] && [ -r "$f" ] || continue; printf '\\036%s\\n' "$f"; head -c 262144 "$f"; echo; done; exit 0`;

export interface ListedFile {
  path: string;
  text: string;
}

export function parseAppListing(stdout: string): ListedFile[] {
  return stdout
    .split(RECORD_SEPARATOR)
    .slice(1)
    .map((record) => {
      const newline = record.indexOf('\n');
      return newline < 0 ? { path: record, text: '' } : { path: record.slice(0, newline), text: record.slice(newline + 1) };
    });
}

/** The app a .desktop file offers, or null when it is no launchable, visible application. */
export function appOf(desktopFile: string, text: string): Omit<ContainerApp, 'exported'> | null {
  if (!DESKTOP_FILE_PATTERN.test(desktopFile)) return null;
  const main = findGroup(parseDesktopFile(text), MAIN_GROUP);
  if (!main || rawValue(main, 'Type') !== 'Application') return null;
  if (booleanValue(main, 'NoDisplay') || booleanValue(main, 'Hidden')) return null;
  const name = stringValue(main, 'Name');
  const exec = rawValue(main, 'Exec');
  if (!name || !exec) return null;
  try {
    if (parseExec(exec).length === 0) return null;
  } catch {
    return null;
  }
  const app: Omit<ContainerApp, 'exported'> = { desktopFile, name, exec: unescapeString(exec) };
  const icon = stringValue(main, 'Icon');
  if (icon) app.icon = icon;
  return app;
}

/** The apps of a listing, by file name; a file in /usr/local hides the same name in /usr/share. */
export function appsOfListing(files: readonly ListedFile[]): { app: Omit<ContainerApp, 'exported'>; text: string }[] {
  const seen = new Set<string>();
  const apps: { app: Omit<ContainerApp, 'exported'>; text: string }[] = [];
  for (const file of files) {
    const desktopFile = file.path.split('/').at(-1) ?? '';
    if (seen.has(desktopFile)) continue;
    seen.add(desktopFile);
    const app = appOf(desktopFile, file.text);
    if (app) apps.push({ app, text: file.text });
  }
  return apps.sort((a, b) => a.app.name.localeCompare(b.app.name));
}

// Keys copied from the app's entry; the others are dropped (TryExec, Path and
// DBusActivatable name things inside the container; Icon and Exec are replaced).
const COPIED_KEYS = new Set([
  'Type',
  'Version',
  'Name',
  'GenericName',
  'Comment',
  'Keywords',
  'NoDisplay',
  'OnlyShowIn',
  'NotShowIn',
  'Terminal',
  'MimeType',
  'Categories',
  'Implements',
  'StartupNotify',
  'StartupWMClass',
  'PrefersNonDefaultGPU',
  'SingleMainWindow',
]);

// Extension keys that only describe the app. Others may change how the host
// runs it (X-KDE-SubstituteUID runs it as another user), so they are dropped.
const COPIED_EXTENSION_KEYS = new Set(['X-GNOME-UsesNotifications', 'X-GNOME-SingleWindow', 'X-GNOME-FullName', 'X-KDE-FormFactor', 'X-Purism-FormFactor']);

const baseKey = (key: string) => key.replace(/\[.*\]$/, '');
const copied = (key: string) => COPIED_KEYS.has(baseKey(key)) || COPIED_EXTENSION_KEYS.has(baseKey(key));

export interface ExportSpec {
  container: string;
  containerId?: string;
  /** The .desktop file's name in the container. */
  source: string;
  /** Its text. */
  text: string;
  /** toolshed-run's path on the host. */
  runner: string;
  /** The icon Toolshed copied out of the container, if any (absolute path). */
  icon?: string;
}

/**
 * The app's Exec arguments with the field codes the spec allows on the host:
 * one of %f %F %u %U at most (the first; desktop-file-validate refuses more)
 * and none of the deprecated %d %D %n %N %v %m. An argument that was only
 * such a code goes with it.
 */
export function validFieldCodes(templates: readonly string[]): string[] {
  let fileList = false;
  return templates.flatMap((template) => {
    const kept = template.replace(/%%|%([a-zA-Z])/g, (match, code?: string) => {
      if (code === undefined) return match;
      if ('dDnNvm'.includes(code)) return '';
      if ('fFuU'.includes(code)) {
        if (fileList) return '';
        fileList = true;
      }
      return match;
    });
    return kept === '' && template !== '' ? [] : [kept];
  });
}

/** The host entry for an app of a container (throws when the app's entry is not exportable). */
export function exportedEntry(spec: ExportSpec): string {
  const parsed = parseDesktopFile(spec.text);
  const source = findGroup(parsed, MAIN_GROUP);
  if (!source || !appOf(spec.source, spec.text)) throw new Error(`${spec.source} is not an application entry that can be exported`);
  const run = (raw: string) => execValue([literalTemplate(spec.runner), literalTemplate(spec.container), ...validFieldCodes(parseExec(raw))]);
  const suffix = ` (${spec.container})`;

  const entries: [string, string][] = [];
  for (const [key, value] of source.entries) {
    if (!copied(key)) continue;
    if (baseKey(key) === 'Name') entries.push([key, escapeString(unescapeString(value) + suffix)]);
    else entries.push([key, value]);
  }
  entries.push(['Exec', run(rawValue(source, 'Exec')!)]);
  if (spec.icon) entries.push(['Icon', escapeString(spec.icon)]);

  // actions that run a command (D-Bus-only actions cannot be run from the host)
  const actions = listValue(source, 'Actions').filter((id) => /^[A-Za-z0-9-]+$/.test(id) && rawValue(findGroup(parsed, `Desktop Action ${id}`), 'Exec'));
  const actionGroups: DesktopGroup[] = actions.map((id) => {
    const group = findGroup(parsed, `Desktop Action ${id}`)!;
    const names = group.entries.filter(([key]) => baseKey(key) === 'Name');
    return {
      name: `Desktop Action ${id}`,
      entries: [
        ...(names.length ? names : [['Name', escapeString(id)] as [string, string]]),
        ['Exec', run(rawValue(group, 'Exec')!)],
        ...(spec.icon ? [['Icon', escapeString(spec.icon)] as [string, string]] : []),
      ],
    };
  });
  if (actions.length) entries.push(['Actions', `${actions.join(';')};`]);

  const owner = {
    kind: 'app' as const,
    container: spec.container,
    source: spec.source,
    ...(spec.containerId ? { containerId: spec.containerId } : {}),
    ...(spec.icon ? { icon: spec.icon } : {}),
  };
  entries.push(...ownershipPairs(owner).map(([key, value]): [string, string] => [key, escapeString(value)]));
  return serializeDesktopFile({ groups: [{ name: MAIN_GROUP, entries }, ...actionGroups] }, headerComment(spec.container));
}

/**
 * The same exported entry for a renamed toolbox: its ownership key, the name
 * suffix and the container word of each Exec line (toolshed-run's first
 * argument) follow the new name. Null when the text is not such an entry.
 */
export function retargetExportedEntry(text: string, from: string, to: string): string | null {
  const parsed = parseDesktopFile(text);
  const main = findGroup(parsed, MAIN_GROUP);
  if (!main || stringValue(main, 'X-Toolshed-Container') !== from) return null;
  const oldSuffix = ` (${from})`;
  for (const group of parsed.groups) {
    group.entries = group.entries.map(([key, value]): [string, string] => {
      if (key === 'X-Toolshed-Container') return [key, escapeString(to)];
      if (baseKey(key) === 'Name') {
        const name = unescapeString(value);
        return [key, escapeString(name.endsWith(oldSuffix) ? `${name.slice(0, -oldSuffix.length)} (${to})` : name)];
      }
      if (key === 'Exec') {
        const words = parseExec(value);
        if (words[1] === literalTemplate(from)) words[1] = literalTemplate(to);
        return [key, execValue(words)];
      }
      return [key, value];
    });
  }
  return serializeDesktopFile(parsed, headerComment(to));
}
