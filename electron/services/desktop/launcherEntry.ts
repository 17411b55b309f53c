// The menu entry of one toolbox: it opens Toolshed with a terminal tab in that
// toolbox (`toolshed --open NAME`), with actions to open another tab or stop it.
import { escapeList, escapeString, execValueOf, parseExec, serializeDesktopFile, type DesktopGroup } from './desktopEntry.js';
import { ownershipPairs } from './ownership.js';

/**
 * How Toolshed is started: the engine's launch command (words quoted as in a
 * desktop entry's Exec), which the packaged app sets to its own executable,
 * else `toolshed` from PATH (the deb and rpm packages install it there).
 */
export function launchCommand(configured: string | undefined): string[] {
  if (configured?.trim()) {
    try {
      const words = parseExec(configured.trim());
      if (words.length > 0) return words;
    } catch {
      // unbalanced quotes: fall back to the default below
    }
  }
  return ['toolshed'];
}

export interface LauncherSpec {
  container: string;
  containerId?: string;
  distro?: string;
  release?: string;
  /** The command that starts Toolshed (launchCommand). */
  launch: string[];
  /** The icon file Toolshed wrote for it (absolute path). */
  icon: string;
}

export function headerComment(container: string): string {
  return `Written by Toolshed for the toolbox "${container}". Toolshed rewrites or removes
this file, and removes it with the toolbox. Files without X-Toolshed-* keys are never touched.`;
}

export function launcherEntry(spec: LauncherSpec): string {
  const { container } = spec;
  const distroName = spec.distro ? spec.distro.charAt(0).toUpperCase() + spec.distro.slice(1) : undefined;
  const distro = [distroName, spec.release].filter(Boolean).join(' ');
  const open = execValueOf([...spec.launch, '--open', container]);
  const main: DesktopGroup = {
    name: 'Desktop Entry',
    entries: [
      ['Type', 'Application'],
      ['Version', '1.4'],
      ['Name', escapeString(container)],
      ['GenericName', 'Toolbox'],
      ['Comment', escapeString(`A terminal in the toolbox ${container}${distro ? ` (${distro})` : ''}, in Toolshed`)],
      ['Exec', open],
      ['Icon', escapeString(spec.icon)],
      ['Terminal', 'false'],
      ['Categories', 'System;'],
      ['Keywords', escapeList(['toolbox', 'toolbx', 'container', ...(spec.distro ? [spec.distro] : [])])],
      ['Actions', 'open-terminal;stop;'],
      ...ownershipPairs({ kind: 'launcher', container, ...(spec.containerId ? { containerId: spec.containerId } : {}), icon: spec.icon }).map(
        ([key, value]): [string, string] => [key, escapeString(value)],
      ),
    ],
  };
  const openTerminal: DesktopGroup = {
    name: 'Desktop Action open-terminal',
    entries: [
      ['Name', 'Open a terminal'],
      ['Exec', open],
    ],
  };
  const stop: DesktopGroup = {
    name: 'Desktop Action stop',
    entries: [
      ['Name', escapeString(`Stop ${container}`)],
      ['Exec', execValueOf(['podman', 'stop', '--', container])],
    ],
  };
  return serializeDesktopFile({ groups: [main, openTerminal, stop] }, headerComment(container));
}

/**
 * Whether a menu entry's text starts Toolshed with another command than `launch`
 * (an AppImage updated under a new file name, an install moved): its Exec lines
 * then name something that may no longer exist.
 */
export function startsOtherLaunch(entryText: string, launch: readonly string[]): boolean {
  const exec = /^Exec=(.*)$/m.exec(entryText)?.[1];
  if (exec === undefined) return false;
  try {
    const words = parseExec(exec);
    return launch.some((word, i) => words[i] !== word);
  } catch {
    return true;
  }
}
