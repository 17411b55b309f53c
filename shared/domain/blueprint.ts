// Blueprints: toolboxes described in a file, in the INI format of distrobox's
// `distrobox assemble` (distrobox.ini), so that a file written for distrobox
// reads as it is. One section per toolbox; string keys may repeat and add up.
// Keys that mean nothing for a Toolbx container, or that Toolshed cannot
// honour, are listed as not applied with the reason, never dropped silently;
// bad values are refused with their line. docs/BLUEPRINTS.md has every key.
import { envVarSchema, hostnameSchema, imageRefSchema, programNameSchema, volumeSchema } from '../contract/fields.js';
import { defaultImageFor } from './defaultToolbox.js';
import { parseImageReference } from './imageRef.js';
import { containerNameProblem } from './names.js';

export interface BlueprintVolume {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface BlueprintToolbox {
  name: string;
  image: string | undefined;
  /** Installed with the image's package manager, in the order given. */
  packages: string[];
  /** Run once, as root, inside the new toolbox before the packages are installed, and after. */
  preInitHooks: string[];
  initHooks: string[];
  volumes: BlueprintVolume[];
  env: { name: string; value: string }[];
  hostname: string | undefined;
  ulimitHost: boolean | undefined;
  /** Apps (by name or .desktop file) put in the host's menu, and programs (paths inside) on the host's PATH. */
  exportedApps: string[];
  exportedBins: string[];
  /** Host programs shimmed into the toolbox (toolshed-host). */
  hostPrograms: string[];
  pull: boolean;
  replace: boolean;
  startNow: boolean;
  /** Keys read but not applied, each with why. */
  notApplied: { line: number; key: string; why: string }[];
}

export interface BlueprintReading {
  toolboxes: BlueprintToolbox[];
  /** Lines refused, and why: nothing is made from a blueprint with problems. */
  problems: { line: number; message: string }[];
}

const STRING_KEYS = [
  'image',
  'additional_packages',
  'init_hooks',
  'pre_init_hooks',
  'volume',
  'hostname',
  'exported_apps',
  'exported_bins',
  'env',
  'host_programs',
  'include',
  'distro',
  'release',
] as const;
const BOOLEAN_KEYS = ['pull', 'replace', 'start_now', 'ulimit_host'] as const;

/** distrobox keys Toolshed reads and does not apply, and why. */
const NOT_APPLIED: Record<string, string> = {
  init: 'a Toolbx container runs toolbox init-container as its entry point, not an init system',
  root: 'Toolshed makes toolboxes as the user it runs as (a rootful toolbox: run Toolshed as root)',
  home: 'a Toolbx container shares your home with the host',
  entry: "a menu entry for a toolbox is Toolshed's launcher (turn it on in the toolbox's details)",
  additional_flags: 'raw podman flags would make a container Toolbx does not know; the setup keys say what a toolbox gets',
  nvidia: 'NVIDIA for Toolbx goes through CDI, which Toolshed does not set up yet',
  exported_bins_path: 'exported programs go to ~/.local/bin',
  clone: 'copying a toolbox is Clone in its details',
  unshare_ipc: 'a Toolbx container shares the host IPC namespace; Toolbx cannot unshare it',
  unshare_netns: 'a Toolbx container shares the host network; Toolbx cannot unshare it',
  unshare_process: 'a Toolbx container shares the host PID namespace; Toolbx cannot unshare it',
  unshare_devsys: 'a Toolbx container shares /dev and /sys with the host; Toolbx cannot unshare them',
  unshare_groups: 'a Toolbx container keeps your groups; Toolbx cannot unshare them',
  unshare_all: 'a Toolbx container shares namespaces with the host; Toolbx cannot unshare them',
};

interface RawEntry {
  key: string;
  value: string;
  line: number;
}

/** A value as distrobox reads it: an inline comment after the value goes, one pair of surrounding double quotes too. */
function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1);
  return value.replace(/\s+#.*$/, '');
}

/** The sections of an INI text: name, first line, entries in order; what is not INI is a problem. */
function sections(text: string, problems: BlueprintReading['problems']): { name: string; line: number; entries: RawEntry[] }[] {
  const found: { name: string; line: number; entries: RawEntry[] }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const header = /^\[([^\]]*)\]\s*(#.*)?$/.exec(trimmed);
    if (header) {
      found.push({ name: header[1]!.trim(), line, entries: [] });
      return;
    }
    const pair = /^([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(trimmed);
    if (!pair) return void problems.push({ line, message: 'not "key=value", a [section] or a # comment' });
    const current = found.at(-1);
    if (!current) return void problems.push({ line, message: `${pair[1]} is outside any [section]` });
    current.entries.push({ key: pair[1]!, value: unquote(pair[2]!), line });
  });
  return found;
}

const words = (value: string) => value.split(/\s+/).filter(Boolean);

function booleanOf(entry: RawEntry, problems: BlueprintReading['problems']): boolean | undefined {
  if (/^(true|1|yes)$/i.test(entry.value)) return true;
  if (/^(false|0|no)$/i.test(entry.value)) return false;
  problems.push({ line: entry.line, message: `${entry.key} is true or false, not "${entry.value}"` });
  return undefined;
}

/** The entries of a section with those of the sections it includes first (include=NAME, repeatable). */
function withIncludes(
  name: string,
  bySection: Map<string, { line: number; entries: RawEntry[] }>,
  problems: BlueprintReading['problems'],
  seen: string[] = [],
): RawEntry[] {
  const section = bySection.get(name)!;
  const entries: RawEntry[] = [];
  for (const entry of section.entries) {
    if (entry.key !== 'include') {
      entries.push(entry);
      continue;
    }
    for (const included of words(entry.value)) {
      if (!bySection.has(included)) problems.push({ line: entry.line, message: `include names no section: [${included}]` });
      else if ([...seen, name].includes(included))
        problems.push({ line: entry.line, message: `include goes round in a circle: ${[...seen, name, included].join(' -> ')}` });
      else entries.push(...withIncludes(included, bySection, problems, [...seen, name]));
    }
  }
  return entries;
}

function toolboxOf(name: string, line: number, entries: RawEntry[], problems: BlueprintReading['problems']): BlueprintToolbox {
  const toolbox: BlueprintToolbox = {
    name,
    image: undefined,
    packages: [],
    preInitHooks: [],
    initHooks: [],
    volumes: [],
    env: [],
    hostname: undefined,
    ulimitHost: undefined,
    exportedApps: [],
    exportedBins: [],
    hostPrograms: [],
    pull: false,
    replace: false,
    startNow: false,
    notApplied: [],
  };
  let distro: RawEntry | undefined;
  let release: RawEntry | undefined;
  const refuse = (entry: RawEntry, message: string) => problems.push({ line: entry.line, message: `${entry.key}: ${message}` });
  for (const entry of entries) {
    const { key, value } = entry;
    if (key in NOT_APPLIED) {
      // a false boolean asks for nothing: no need to say it is not applied
      if (!/^(false|0|no)$/i.test(value)) toolbox.notApplied.push({ line: entry.line, key, why: NOT_APPLIED[key]! });
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      const flag = booleanOf(entry, problems);
      if (flag === undefined) continue;
      if (key === 'pull') toolbox.pull = flag;
      else if (key === 'replace') toolbox.replace = flag;
      else if (key === 'start_now') toolbox.startNow = flag;
      else toolbox.ulimitHost = flag;
    } else if (!(STRING_KEYS as readonly string[]).includes(key)) {
      toolbox.notApplied.push({ line: entry.line, key, why: 'not a blueprint key (docs/BLUEPRINTS.md lists them)' });
    } else if (key === 'image') {
      const parsed = imageRefSchema.safeParse(value);
      const reference = parseImageReference(value);
      if (!parsed.success) refuse(entry, parsed.error.issues[0]!.message);
      else if (!reference.ok) refuse(entry, reference.problem);
      else toolbox.image = value;
    } else if (key === 'distro') distro = entry;
    else if (key === 'release') release = entry;
    else if (key === 'additional_packages') toolbox.packages.push(...words(value));
    else if (key === 'init_hooks' || key === 'pre_init_hooks') {
      if (value.trim() === '') continue;
      (key === 'init_hooks' ? toolbox.initHooks : toolbox.preInitHooks).push(value.trim());
    } else if (key === 'volume') {
      for (const spec of words(value)) {
        const [hostPath = '', containerPath = hostPath, mode] = spec.split(':');
        const volume = { hostPath, containerPath, readOnly: mode === 'ro' };
        const checked = volumeSchema.safeParse(volume);
        if (mode !== undefined && mode !== 'ro' && mode !== 'rw') refuse(entry, `${spec}: the mode is ro or rw, not "${mode}"`);
        else if (!checked.success) refuse(entry, `${spec}: ${checked.error.issues[0]!.message}`);
        else toolbox.volumes.push(volume);
      }
    } else if (key === 'env') {
      const at = value.indexOf('=');
      const variable = { name: at < 0 ? value : value.slice(0, at), value: at < 0 ? '' : value.slice(at + 1) };
      const checked = envVarSchema.safeParse(variable);
      if (at < 0) refuse(entry, `"${value}" is not NAME=value`);
      else if (!checked.success) refuse(entry, checked.error.issues[0]!.message);
      else toolbox.env.push(variable);
    } else if (key === 'hostname') {
      const checked = hostnameSchema.safeParse(value);
      if (!checked.success) refuse(entry, checked.error.issues[0]!.message);
      else toolbox.hostname = value;
    } else if (key === 'host_programs') {
      for (const program of words(value)) {
        const checked = programNameSchema.safeParse(program);
        if (!checked.success) refuse(entry, `${program}: ${checked.error.issues[0]!.message}`);
        else toolbox.hostPrograms.push(program);
      }
    } else if (key === 'exported_apps') toolbox.exportedApps.push(...words(value));
    else if (key === 'exported_bins') {
      for (const bin of words(value)) {
        if (!bin.startsWith('/')) refuse(entry, `${bin}: an exported program is its absolute path inside the toolbox`);
        else toolbox.exportedBins.push(bin);
      }
    }
  }
  if (!toolbox.image && distro) {
    toolbox.image = defaultImageFor(distro.value, release?.value);
    if (!toolbox.image) refuse(distro, `no toolbox image is known for ${distro.value}${release ? ` ${release.value}` : ''}`);
  } else if (!toolbox.image) {
    problems.push({ line, message: `[${name}] says neither image nor distro: what should it be made from?` });
  }
  return toolbox;
}

/** Reads a blueprint (or a distrobox.ini): the toolboxes it describes, what is not applied, and its problems. */
export function readBlueprint(text: string): BlueprintReading {
  const problems: BlueprintReading['problems'] = [];
  const found = sections(text, problems);
  const bySection = new Map<string, { line: number; entries: RawEntry[] }>();
  for (const section of found) {
    const problem = containerNameProblem(section.name);
    if (problem) problems.push({ line: section.line, message: `[${section.name}]: ${problem}` });
    else if (bySection.has(section.name)) problems.push({ line: section.line, message: `[${section.name}] is described twice` });
    else bySection.set(section.name, section);
  }
  if (found.length === 0 && problems.length === 0) problems.push({ line: 1, message: 'no [section]: a blueprint describes one toolbox per [name]' });
  const toolboxes = [...bySection].map(([name, section]) => toolboxOf(name, section.line, withIncludes(name, bySection, problems), problems));
  problems.sort((a, b) => a.line - b.line);
  return { toolboxes, problems };
}

/** What a blueprint can say of an existing toolbox (an export): no hooks, they are what its user did since. */
export type BlueprintExport = Pick<
  BlueprintToolbox,
  'name' | 'image' | 'packages' | 'volumes' | 'env' | 'hostname' | 'ulimitHost' | 'exportedApps' | 'exportedBins' | 'hostPrograms'
>;

/** A value as readBlueprint reads it back: quoted unless it is one plain word (a quoted value keeps its inner quotes). */
function quoted(value: string): string {
  return /^[A-Za-z0-9._/:@+,=-]+$/.test(value) ? value : `"${value}"`;
}

/**
 * The blueprint text of toolboxes, which readBlueprint reads back to the same
 * toolboxes. What the format cannot carry (a path with a space, in a list
 * separated by spaces) is left out and said in `omitted`, never changed.
 */
export function writeBlueprint(toolboxes: readonly BlueprintExport[], header: readonly string[] = []): { text: string; omitted: string[] } {
  const omitted: string[] = [];
  const lines = header.map((line) => `# ${line}`);
  for (const toolbox of toolboxes) {
    const plain = (what: string, items: readonly string[]) =>
      items.filter((item) => {
        if (!/\s/.test(item)) return true;
        omitted.push(`${toolbox.name}: ${what} "${item}" (a blueprint's lists are separated by spaces)`);
        return false;
      });
    const list = (key: string, items: readonly string[]) => (items.length ? [`${key}=${quoted(items.join(' '))}`] : []);
    if (lines.length) lines.push('');
    lines.push(
      `[${toolbox.name}]`,
      ...(toolbox.image ? [`image=${toolbox.image}`] : []),
      ...list('additional_packages', toolbox.packages),
      ...plain(
        'the folder',
        toolbox.volumes.map((v) => `${v.hostPath}:${v.containerPath}${v.readOnly ? ':ro' : ''}`),
      ).map((spec) => `volume=${quoted(spec)}`),
      ...toolbox.env.map((variable) => `env=${quoted(`${variable.name}=${variable.value}`)}`),
      ...(toolbox.hostname ? [`hostname=${toolbox.hostname}`] : []),
      ...(toolbox.ulimitHost !== undefined ? [`ulimit_host=${toolbox.ulimitHost}`] : []),
      ...list('exported_apps', plain('the app', toolbox.exportedApps)),
      ...list('exported_bins', plain('the program', toolbox.exportedBins)),
      ...list('host_programs', toolbox.hostPrograms),
    );
  }
  return { text: `${lines.join('\n')}\n`, omitted };
}
