// Pending package updates inside a toolbox, by the container's package manager:
// which manager a container has, the commands that refresh its metadata and list
// what is pending (run non-interactively as root: `podman exec --user root`), the
// command a terminal tab runs to upgrade everything, and strict readers of what
// those commands print. Every reader is replayed against real output in
// test/recorded/updates/ (its README says where each file comes from).
//
// Contract for running a check (evaluateCheck() applies it):
//   - run the steps of `check` in order, each as its own process (argv, no
//     shell), as root, with `env` added to the environment;
//   - after each step, checkFailure(manager, exitCode, stdout, stderr, stepIndex)
//     says whether that step failed; stop at the first failure and show its text;
//   - parsePendingUpdates(manager, stdout of the last step) is the list.
// A failed step never reads as "0 pending": an unreachable repository makes the
// list stale, so it is a failure even where the tool itself exits 0.
import type { OsRelease } from './osRelease.js';

export type PackageManager = 'apt' | 'dnf' | 'pacman' | 'zypper' | 'apk';

export const PACKAGE_MANAGERS: readonly PackageManager[] = ['apt', 'dnf', 'pacman', 'zypper', 'apk'];

/** The program each manager's commands run: look for these on the container's PATH. */
export const PACKAGE_MANAGER_BINARIES: Readonly<Record<PackageManager, string>> = {
  apt: 'apt-get',
  dnf: 'dnf',
  pacman: 'pacman',
  zypper: 'zypper',
  apk: 'apk',
};

export interface PendingUpdate {
  name: string;
  /** The installed version (dnf's check-update does not print it). */
  from?: string;
  to: string;
  arch?: string;
  repository?: string;
}

export interface UpdateCommands {
  /** Steps run in order as root, non-interactively; the last one lists the pending updates. */
  check: string[][];
  /** Exit codes of the last step that are not a failure (every earlier step must exit 0). */
  checkExitCodesOk: number[];
  /** What a terminal tab runs (as root) to upgrade everything from fresh package lists, asking before it changes anything. */
  upgrade: string[];
  /** Added to the environment of the check steps: untranslated messages, as the readers expect. */
  env: Readonly<Record<string, string>>;
}

const C_LOCALE = { LC_ALL: 'C' } as const;

// pacman: the sync databases are refreshed into a scratch dbpath whose local/
// is the real one (what pacman-contrib's checkupdates does), not with a bare
// `pacman -Sy`: that would leave the real sync db newer than the installed
// packages, and a later `pacman -S foo` would then be a partial upgrade, which
// Arch does not support. checkupdates itself may be absent (pacman-contrib).
const PACMAN_SCRATCH_DB = '/var/tmp/toolshed-pacman-db';

// apt: the check keeps its own package lists, apart from the user's
// (/var/lib/apt/lists): its lock never blocks the user's apt nor theirs it, and
// it writes ~20 MB, compressed, no translations and no binary caches, instead
// of the ~165 MB a plain `apt-get update` leaves in the toolbox (measured on
// Debian 12 with its updates and security suites).
const APT_SCRATCH_LISTS = '/var/tmp/toolshed-apt-lists';
const APT_SCRATCH_OPTIONS = [
  '-o',
  `Dir::State::Lists=${APT_SCRATCH_LISTS}`,
  '-o',
  'Dir::Cache::pkgcache=',
  '-o',
  'Dir::Cache::srcpkgcache=',
  '-o',
  'Acquire::Languages=none',
  '-o',
  'Acquire::GzipIndexes=true',
];

/** What the checks write in a toolbox, all of it scratch: removed before Toolshed commits a toolbox, so no snapshot, clone or backup carries it. */
export const CHECK_SCRATCH_PATHS: readonly string[] = [APT_SCRATCH_LISTS, PACMAN_SCRATCH_DB];

const COMMANDS: Readonly<Record<PackageManager, UpdateCommands>> = {
  // apt-get, not apt: apt warns that its CLI is not stable for scripts. The
  // simulation of the very upgrade the terminal tab runs (dist-upgrade) prints
  // one "Inst name [old] (new release [arch])" line per upgraded package, in C
  // code that is not translated. Debug::NoLocking lets the simulation run while
  // another apt holds the dpkg lock. APT::Update::Error-Mode=any (what
  // --error-on=any sets, apt >= 2.1.16) turns a failed fetch into an error and
  // exit 100; older apt ignores the unknown option and exits 0 with
  // "W: Failed to fetch", which checkFailure reads as a failure too.
  // The upgrade refreshes the lists first, in the tab: lists from a check days
  // ago name versions the mirrors may have dropped (404s; and the check's lists
  // are its own). apt-get has no option for that, hence a fixed two-step
  // script (no input goes into it).
  apt: {
    check: [
      ['mkdir', '-p', `${APT_SCRATCH_LISTS}/partial`],
      ['apt-get', 'update', '-qq', '-o', 'APT::Update::Error-Mode=any', ...APT_SCRATCH_OPTIONS],
      ['apt-get', '-s', '-o', 'Debug::NoLocking=1', ...APT_SCRATCH_OPTIONS, 'dist-upgrade'],
    ],
    checkExitCodesOk: [0],
    upgrade: ['sh', '-c', 'apt-get update && exec apt-get dist-upgrade'],
    env: C_LOCALE,
  },
  // check-update (an alias of check-upgrade in dnf5) exits 100 when updates
  // exist, 0 when none, 1 on error, in dnf4 and dnf5 alike; its "name.arch evr
  // repo" rows are the same in both (dnf5 >= 5.4 adds an "Upgrades" heading).
  // dnf5's --json (5.4+) is not in dnf4 or older dnf5, so the text is read.
  // --refresh: metadata as fresh as apt's update; --assumeno: never a prompt.
  dnf: {
    check: [['dnf', 'check-update', '--refresh', '--assumeno']],
    checkExitCodesOk: [0, 100],
    upgrade: ['dnf', 'upgrade', '--refresh'],
    env: C_LOCALE,
  },
  // pacman -Qu prints "name old -> new" (plus " [ignored]"), exits 1 when nothing matches.
  pacman: {
    check: [
      ['mkdir', '-p', PACMAN_SCRATCH_DB],
      ['ln', '-sfn', '/var/lib/pacman/local', `${PACMAN_SCRATCH_DB}/local`],
      ['pacman', '-Sy', '--dbpath', PACMAN_SCRATCH_DB, '--logfile', '/dev/null', '--color', 'never', '--noprogressbar'],
      ['pacman', '-Qu', '--dbpath', PACMAN_SCRATCH_DB, '--color', 'never'],
    ],
    checkExitCodesOk: [0, 1],
    upgrade: ['pacman', '-Syu'],
    env: C_LOCALE,
  },
  // zypper's --xmlout is its documented machine-readable output; errors come as
  // <message type="error"> in it. --non-interactive answers every prompt with
  // its default (an unknown repository key is rejected, so the refresh fails).
  // Upgrade: `zypper update` (Leap; it refreshes autorefresh repositories
  // itself); Tumbleweed recommends `zypper dup`.
  zypper: {
    check: [
      ['zypper', '--non-interactive', '--xmlout', 'refresh'],
      ['zypper', '--non-interactive', '--xmlout', '--no-refresh', 'list-updates'],
    ],
    checkExitCodesOk: [0],
    upgrade: ['zypper', 'update'],
    env: C_LOCALE,
  },
  // apk update exits with the number of unavailable/stale repositories. `apk
  // list -u` prints one "name-new arch {origin} (license) [upgradable from:
  // name-old]" line per upgradable package, in apk 2.10+ and apk 3 alike (the
  // long option is spelled differently in the two; -u is in both).
  apk: {
    check: [
      ['apk', 'update'],
      ['apk', 'list', '-u'],
    ],
    checkExitCodesOk: [0],
    upgrade: ['apk', 'upgrade', '--update-cache', '--interactive'],
    env: C_LOCALE,
  },
};

/**
 * The command that installs `packages` as root without asking (fresh package lists first), with
 * its environment: what a blueprint's additional_packages runs. Names are arguments, never spliced
 * into a shell string (apt's is run by sh -c, with the names as "$@").
 */
export function installCommand(manager: PackageManager, packages: readonly string[]): { argv: string[]; env: Record<string, string> } {
  const argv: Record<PackageManager, string[]> = {
    apt: ['sh', '-c', 'apt-get update && exec apt-get install -y --no-install-recommends -- "$@"', 'sh'],
    dnf: ['dnf', 'install', '-y', '--'],
    // -Syu: pacman's lists and the system move together (a bare -Sy before -S is a partial upgrade)
    pacman: ['pacman', '-Syu', '--noconfirm', '--needed', '--'],
    zypper: ['zypper', '--non-interactive', 'install', '--'],
    apk: ['apk', 'add', '--update-cache', '--'],
  };
  return { argv: [...argv[manager], ...packages], env: manager === 'apt' ? { DEBIAN_FRONTEND: 'noninteractive' } : {} };
}

/** A known manager's name (for values read from elsewhere). */
export function isPackageManager(value: unknown): value is PackageManager {
  return typeof value === 'string' && (PACKAGE_MANAGERS as readonly string[]).includes(value);
}

/** The commands of a manager (fresh arrays: callers may not change the shared ones). */
export function updateCommands(manager: PackageManager): UpdateCommands {
  if (!isPackageManager(manager)) throw new Error(`unknown package manager: ${String(manager)}`);
  const commands = COMMANDS[manager];
  return {
    check: commands.check.map((argv) => [...argv]),
    checkExitCodesOk: [...commands.checkExitCodesOk],
    upgrade: [...commands.upgrade],
    env: { ...commands.env },
  };
}

// ---------------------------------------------------------------- detection

/** os-release ID and ID_LIKE -> manager (ID_LIKE names the parent distros, e.g. "rhel centos fedora"). */
const MANAGER_BY_OS_ID: Readonly<Record<string, PackageManager>> = {
  debian: 'apt',
  ubuntu: 'apt',
  linuxmint: 'apt',
  pop: 'apt',
  elementary: 'apt',
  kali: 'apt',
  raspbian: 'apt',
  devuan: 'apt',
  neon: 'apt',
  zorin: 'apt',
  pureos: 'apt',
  parrot: 'apt',
  deepin: 'apt',
  tuxedo: 'apt',
  fedora: 'dnf',
  rhel: 'dnf',
  centos: 'dnf',
  rocky: 'dnf',
  almalinux: 'dnf',
  ol: 'dnf',
  amzn: 'dnf',
  nobara: 'dnf',
  ultramarine: 'dnf',
  circle: 'dnf',
  eurolinux: 'dnf',
  arch: 'pacman',
  archarm: 'pacman',
  manjaro: 'pacman',
  endeavouros: 'pacman',
  garuda: 'pacman',
  artix: 'pacman',
  cachyos: 'pacman',
  archcraft: 'pacman',
  steamos: 'pacman',
  opensuse: 'zypper',
  suse: 'zypper',
  'opensuse-tumbleweed': 'zypper',
  'opensuse-leap': 'zypper',
  'opensuse-microos': 'zypper',
  'opensuse-slowroll': 'zypper',
  sles: 'zypper',
  sled: 'zypper',
  'sle-micro': 'zypper',
  alpine: 'apk',
  postmarketos: 'apk',
  wolfi: 'apk',
  chimera: 'apk',
  adelie: 'apk',
};

export interface OsIdentity {
  id?: string;
  idLike?: string[];
}

/** ID and ID_LIKE of parsed os-release fields (parseOsRelease), lower-cased. */
export function osIdentity(fields: OsRelease): OsIdentity {
  const id = fields.ID?.trim().toLowerCase();
  const idLike = (fields.ID_LIKE ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return { ...(id ? { id } : {}), ...(idLike.length ? { idLike } : {}) };
}

/**
 * The container's package manager: the one its os-release names (ID, then
 * ID_LIKE in order) when that manager's program is on PATH, else the first of
 * apt, dnf, pacman, zypper, apk whose program is. With no binaries known at
 * all, os-release alone decides. Null when neither says anything.
 */
export function detectPackageManager(osRelease: OsIdentity, binaries: readonly string[]): PackageManager | null {
  const found = new Set((Array.isArray(binaries) ? binaries : []).filter((b): b is string => typeof b === 'string').map((b) => b.split('/').at(-1)!));
  const has = (manager: PackageManager) => found.has(PACKAGE_MANAGER_BINARIES[manager]);
  const ids = [osRelease?.id, ...(Array.isArray(osRelease?.idLike) ? osRelease.idLike : [])]
    .filter((id): id is string => typeof id === 'string')
    .map((id) => id.trim().toLowerCase());
  const named = ids.map((id) => (Object.hasOwn(MANAGER_BY_OS_ID, id) ? MANAGER_BY_OS_ID[id] : undefined)).filter((m): m is PackageManager => m !== undefined);
  if (found.size === 0) return named[0] ?? null;
  return named.find(has) ?? PACKAGE_MANAGERS.find(has) ?? null;
}

// ------------------------------------------------------------------ readers

const MAX_LINE = 4096; // no package line is longer; a longer one is garbage

function linesOf(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  return text.split(/\r?\n/).filter((line) => line.length <= MAX_LINE);
}

/** The pending updates a check's last step printed: unknown lines ignored, never throws, one entry per name and arch, by name. */
export function parsePendingUpdates(manager: PackageManager, stdout: string): PendingUpdate[] {
  if (!isPackageManager(manager)) return [];
  const parse = PARSERS[manager];
  const found: PendingUpdate[] = [];
  try {
    parse(stdout, found);
  } catch {
    // keep what was read before the surprise
  }
  return tidy(found);
}

type Parser = (stdout: string, out: PendingUpdate[]) => void;

const PARSERS: Readonly<Record<PackageManager, Parser>> = {
  apt: parseApt,
  dnf: parseDnf,
  pacman: parsePacman,
  zypper: parseZypper,
  apk: parseApk,
};

const word = (value: string | undefined) => value !== undefined && value.length > 0 && !/\s/.test(value);

function add(
  out: PendingUpdate[],
  update: { name?: string | undefined; from?: string | undefined; to?: string | undefined; arch?: string | undefined; repository?: string | undefined },
) {
  const { name, from, to, arch, repository } = update;
  if (!word(name) || !word(to)) return;
  out.push({
    name: name!,
    ...(word(from) ? { from: from! } : {}),
    to: to!,
    ...(word(arch) ? { arch: arch! } : {}),
    ...(repository && repository.trim() ? { repository: repository.trim() } : {}),
  });
}

// apt-get -s: "Inst perl-base [5.36.0-7+deb12u3] (5.36.0-7+deb12u4 Debian-Security:12/oldstable-security [amd64])",
// possibly followed by " [pkg:arch on dep:arch] [pkg:arch ]" (packages it breaks for a moment).
// "Inst name (version …)" with no [old] is a new package pulled in, not an update: skipped.
// A foreign-architecture package is "name:arch".
const APT_INST = /^Inst (\S+) \[([^\]\s]+)\] \(([^()]*)\)/;

function parseApt(stdout: string, out: PendingUpdate[]) {
  for (const line of linesOf(stdout)) {
    const match = APT_INST.exec(line);
    if (!match) continue;
    const [, qualified, from, inner] = match;
    const candidate = /^(\S+)(?: (.*?))?(?: \[([^\]\s]+)\])?$/.exec(inner!.trim());
    if (!candidate) continue;
    const [, to, releases, arch] = candidate;
    const [name, nameArch] = qualified!.split(':');
    add(out, { name, from, to, arch: arch ?? nameArch, repository: releases });
  }
}

// dnf4: rows "name.arch  [epoch:]version-release  repo", a blank line first, then
// possibly "Obsoleting Packages" with each obsoleting row followed by the
// obsoleted installed package indented by four spaces; a name too long for its
// column is wrapped (on a terminal): "name.arch" alone, the rest on the next,
// indented line. dnf5: the same rows (table of libsmartcols), headed "Upgrades"
// since 5.4, and an "Obsoleting packages" section. Everything else ("Last
// metadata expiration check: …", "Security: …") does not have the row's shape.
const DNF_NAME_ARCH = /^(\S+)\.([A-Za-z0-9_]+)$/;
const DNF_EVR = /^(?:\d+:)?[^\s:-][^\s:]*-[^\s:-]+$/;

function parseDnf(stdout: string, out: PendingUpdate[]) {
  const lines = linesOf(stdout);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let fields = line.trim().split(/\s+/);
    // a wrapped row: "name.arch" alone, then an indented "evr repo"
    const next = lines[i + 1];
    if (fields.length === 1 && DNF_NAME_ARCH.test(fields[0]!) && next !== undefined && /^\s/.test(next)) {
      const rest = next.trim().split(/\s+/);
      if (rest.length === 2 && DNF_EVR.test(rest[0]!)) {
        fields = [fields[0]!, ...rest];
        i++;
      }
    }
    // an indented row is an installed package being obsoleted: not an update itself
    if (fields.length !== 3 || /^\s/.test(line)) continue;
    const [nameArch, evr, repo] = fields as [string, string, string];
    const na = DNF_NAME_ARCH.exec(nameArch);
    if (!na || !DNF_EVR.test(evr) || repo.startsWith('@') || repo.startsWith('<')) continue;
    add(out, { name: na[1], to: evr, arch: na[2], repository: repo });
  }
}

// pacman -Qu: "name old -> new", " [ignored]" appended for IgnorePkg and for
// repositories not used for upgrades: those are not what -Syu will do, skipped.
const PACMAN_ROW = /^(\S+) (\S+) -> (\S+)( \[ignored\])?$/;

function parsePacman(stdout: string, out: PendingUpdate[]) {
  for (const line of linesOf(stdout)) {
    const match = PACMAN_ROW.exec(line.trim());
    if (!match || match[4]) continue;
    add(out, { name: match[1], from: match[2], to: match[3] });
  }
}

// zypper --xmlout list-updates: <update-list> holds one
// <update kind="package" name=… edition=… edition-old=… arch=…> per package,
// with a <source url=… alias=…/> inside; <blocked-update-list> (updates that
// `zypper update` will not install) is left out, as are patches and other kinds.
function parseZypper(stdout: string, out: PendingUpdate[]) {
  if (typeof stdout !== 'string') return;
  const open = /<update-list\b[^>]*>/.exec(stdout);
  if (!open || open[0].endsWith('/>')) return;
  const start = open.index + open[0].length;
  const end = stdout.indexOf('</update-list>', start);
  if (end < 0) return; // cut short: nothing is trusted
  for (const element of elements(stdout.slice(start, end), 'update')) {
    const attributes = xmlAttributes(element.attributes);
    if ((attributes.kind ?? 'package') !== 'package') continue;
    const source = elements(element.body, 'source')[0];
    const sourceAttributes = source ? xmlAttributes(source.attributes) : {};
    add(out, {
      name: attributes.name,
      from: attributes['edition-old'],
      to: attributes.edition,
      arch: attributes.arch,
      repository: sourceAttributes.alias ?? sourceAttributes.url,
    });
  }
}

/** The <tag …>…</tag> and <tag …/> elements of `xml` (not nested in one another), found in one pass. */
function elements(xml: string, tag: string): { attributes: string; body: string }[] {
  const found: { attributes: string; body: string }[] = [];
  const opening = `<${tag}`;
  const closing = `</${tag}>`;
  let at = 0;
  for (;;) {
    const begin = xml.indexOf(opening, at);
    if (begin < 0) break;
    const after = xml[begin + opening.length];
    const tagEnd = xml.indexOf('>', begin);
    if (tagEnd < 0) break;
    if (after !== undefined && !/[\s/>]/.test(after)) {
      at = begin + opening.length; // <update-list> is not <update>
      continue;
    }
    const selfClosing = xml[tagEnd - 1] === '/';
    const attributes = xml.slice(begin + opening.length, selfClosing ? tagEnd - 1 : tagEnd);
    if (selfClosing) {
      found.push({ attributes, body: '' });
      at = tagEnd + 1;
      continue;
    }
    const close = xml.indexOf(closing, tagEnd + 1);
    if (close < 0) break;
    found.push({ attributes, body: xml.slice(tagEnd + 1, close) });
    at = close + closing.length;
  }
  return found;
}

function xmlAttributes(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes[match[1]!] = xmlText(match[2] ?? match[3] ?? '');
  }
  return attributes;
}

function xmlText(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (entity, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[body] ?? entity;
  });
}

// apk list -u: "busybox-1.36.1-r19 x86_64 {busybox} (GPL-2.0-only) [upgradable from: busybox-1.36.1-r15]".
// Alpine versions end in "-r<pkgrel>", which is how name and version come apart.
const APK_ROW = /^(\S+) (\S+) \{[^}]*\} \(.*\) \[upgradable from: (\S+)\]$/;
const APK_NAME_VERSION = /^(.+)-(\d[^-\s]*-r\d+)$/;

function parseApk(stdout: string, out: PendingUpdate[]) {
  for (const line of linesOf(stdout)) {
    const match = APK_ROW.exec(line.trim());
    if (!match) continue;
    const next = APK_NAME_VERSION.exec(match[1]!);
    const installed = APK_NAME_VERSION.exec(match[3]!);
    if (!next || !installed || next[1] !== installed[1]) continue;
    add(out, { name: next[1], from: installed[2], to: next[2], arch: match[2] });
  }
}

/** One entry per name and arch (the newest `to` when a tool lists several), sorted by name, then arch. */
function tidy(updates: PendingUpdate[]): PendingUpdate[] {
  const byKey = new Map<string, PendingUpdate>();
  for (const update of updates) {
    const key = `${update.name}\u0000${update.arch ?? ''}`;
    const seen = byKey.get(key);
    if (!seen || compareVersions(update.to, seen.to) > 0) byKey.set(key, update);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...byKey.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.arch ?? '', b.arch ?? ''));
}

/** A rough version order (runs of digits numerically, other runs as text): only to pick one of two listed candidates. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.match(/\d+|[A-Za-z]+|[~^]/g) ?? [];
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return y === '~' ? 1 : -1;
    if (y === undefined) return x === '~' ? -1 : 1;
    if (x === '~' || y === '~') return x === '~' ? -1 : 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
      continue; // "01" = "1"
    }
    if (xn !== yn) return xn ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

// ----------------------------------------------------------------- failures

/**
 * The error to show when step `stepIndex` of the check (default: the last one)
 * failed, or null when it did not. Exit codes that mean "updates available"
 * (dnf's 100, pacman -Qu's 1) are not failures; a refresh that could not reach
 * a repository is one, even when the tool exits 0 (the list would be stale).
 */
export function checkFailure(manager: PackageManager, exitCode: number, stdout: string, stderr: string, stepIndex?: number): string | null {
  if (!isPackageManager(manager)) return `unknown package manager: ${String(manager)}`;
  const commands = COMMANDS[manager];
  const last = commands.check.length - 1;
  const step = stepIndex === undefined ? last : stepIndex;
  if (!Number.isInteger(step) || step < 0 || step > last) return `no check step ${String(stepIndex)} for ${manager}`;
  const argv = commands.check[step]!;
  const okCodes = step === last ? commands.checkExitCodesOk : [0];
  const out = typeof stdout === 'string' ? stdout : '';
  const err = typeof stderr === 'string' ? stderr : '';
  const exited = Number.isInteger(exitCode) ? exitCode : -1;
  const found = FAILURE_READERS[manager]({ step, last, exitCode: exited, ok: okCodes.includes(exited), stdout: out, stderr: err });
  if (found === null) return null;
  return found || `${argv.join(' ')} failed (exit code ${exited})`;
}

interface StepOutcome {
  step: number;
  last: number;
  exitCode: number;
  /** The exit code is one of the step's success codes. */
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** null: no failure; a string: the failure's text ('' when there is none to quote). */
type FailureReader = (outcome: StepOutcome) => string | null;

const FAILURE_READERS: Readonly<Record<PackageManager, FailureReader>> = {
  apt: aptFailure,
  dnf: dnfFailure,
  pacman: pacmanFailure,
  zypper: zypperFailure,
  apk: apkFailure,
};

const MAX_FAILURE_LINES = 8;

/** Lines of `text` matching `pattern`, trimmed, each once, at most a few. */
function pick(text: string, pattern: RegExp): string {
  const seen = new Set<string>();
  for (const raw of linesOf(text)) {
    const line = raw.trim();
    if (line && pattern.test(line)) seen.add(line);
  }
  const lines = [...seen];
  return (lines.length > MAX_FAILURE_LINES ? [...lines.slice(0, MAX_FAILURE_LINES), `… and ${lines.length - MAX_FAILURE_LINES} more`] : lines).join('\n');
}

/** The last few non-empty lines: the fallback text of an unexplained failure. */
function tail(text: string, count = 3): string {
  return linesOf(text)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-count)
    .join('\n');
}

// apt: "E: …" is always an error. Of the warnings, the ones about fetching make
// the package lists stale ("W: Failed to fetch …", "W: Some index files failed
// to download …", "W: Failed to … Release file … expired"); others (legacy
// keyring, a duplicate source) are not failures.
const APT_FETCH_WARNING =
  /^W: (Failed to fetch|Some index files failed to download|.*(Could not resolve|Temporary failure resolving|Unable to connect|Could not connect|Connection failed|is not signed|NO_PUBKEY|EXPKEYSIG|expired|no longer has a Release file|does not have a Release file))/;

function aptFailure({ ok, stdout, stderr }: StepOutcome): string | null {
  const errors = pick(stderr, /^E: /);
  const fetchWarnings = pick(stderr, APT_FETCH_WARNING);
  if (ok && !errors && !fetchWarnings) return null;
  return [errors, fetchWarnings].filter(Boolean).join('\n') || tail(stderr) || tail(stdout);
}

// dnf: exit 1 with "Error: …" (dnf4) or the reason (dnf5) on stderr. With
// skip_if_unavailable a repository that could not be loaded is skipped and dnf
// still exits 0 or 100: dnf4 then says "Ignoring repositories: …", dnf5 only
// ">>> Usable URL not found" after the mirrors' curl errors. A curl error alone
// is no failure (dnf5 prints one for each mirror that failed, and a later
// mirror may still have served the metadata).
const DNF_STALE = /Failed to download metadata|Ignoring repositories:|Usable URL not found|All mirrors were tried|Cannot download repomd\.xml/;
const DNF_ERROR_LINE = /^(Error:|Errors during|>>> |- Curl error|Failed to download metadata|Ignoring repositories:|Problem|Cannot|Curl error)/;

function dnfFailure({ ok, stdout, stderr }: StepOutcome): string | null {
  if (ok && !DNF_STALE.test(stderr)) return null;
  return pick(stderr, DNF_ERROR_LINE) || tail(stderr) || tail(stdout);
}

// pacman: errors are "error: …" on stderr. -Sy exits 1 when a database could not
// be fetched; -Qu exits 1 both for "no upgrades" (nothing printed) and for an
// error (an "error:" line), so the stderr tells them apart. The scratch-db
// steps (mkdir, ln) only fail on a broken container.
function pacmanFailure({ step, last, exitCode, ok, stdout, stderr }: StepOutcome): string | null {
  const errors = pick(stderr, /^error: /);
  if (step === last) {
    if (ok && !errors) return null;
    if (exitCode === 1 && !errors) return null; // nothing to upgrade (a "warning:" is no error)
    return errors || tail(stderr) || tail(stdout);
  }
  if (ok && !errors) return null;
  return errors || tail(stderr) || tail(stdout);
}

// zypper --xmlout: messages are <message type="error|warning|info">text</message>
// on stdout. Exit 0 is success; 106 (ZYPPER_EXIT_INF_REPOS_SKIPPED) means a
// repository was skipped because it could not be refreshed, so the list would
// be incomplete: a failure like any other non-zero exit.
function zypperMessages(stdout: string, type: string): string {
  const texts = elements(stdout, 'message')
    .filter((m) => xmlAttributes(m.attributes).type === type)
    .map((m) =>
      linesOf(xmlText(m.body))
        .map((l) => l.trimEnd())
        .filter((l) => l.trim())
        .join('\n'),
    )
    .filter(Boolean);
  return [...new Set(texts)].join('\n');
}

function zypperFailure({ ok, stdout, stderr }: StepOutcome): string | null {
  const errors = zypperMessages(stdout, 'error');
  if (ok && !errors) return null;
  return errors || zypperMessages(stdout, 'warning') || tail(stderr) || tail(stdout.replace(/<[^>]*>/g, ''));
}

// apk: update exits with the number of unavailable and stale repositories, and
// warns "WARNING: fetching|updating|opening … : reason" for each; "ERROR: …" otherwise.
function apkFailure({ ok, stdout, stderr }: StepOutcome): string | null {
  const both = `${stderr}\n${stdout}`;
  const errors = pick(both, /^ERROR: /);
  const repoWarnings = pick(both, /^WARNING: .*(fetching|updating|opening|Ignoring)/i);
  const counted = pick(both, /^\d+ unavailable, \d+ stale;/);
  if (ok && !errors && !repoWarnings && !counted) return null;
  return [errors, repoWarnings].filter(Boolean).join('\n') || counted || tail(stderr) || tail(stdout);
}

// --------------------------------------------------------------- whole check

export interface StepResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type CheckOutcome = { ok: true; updates: PendingUpdate[] } | { ok: false; error: string; step: number };

/**
 * A check's outcome from the results of its steps, in order (as many as were
 * run: the runner stops at the first failure). Too few results with no failure
 * among them is a failure too: the listing step never ran.
 */
export function evaluateCheck(manager: PackageManager, results: readonly StepResult[]): CheckOutcome {
  const steps = isPackageManager(manager) ? COMMANDS[manager].check.length : 0;
  const list = Array.isArray(results) ? results : [];
  for (let step = 0; step < Math.min(list.length, steps); step++) {
    const result = list[step]!;
    const error = checkFailure(manager, result?.exitCode, result?.stdout, result?.stderr, step);
    if (error !== null) return { ok: false, error, step };
  }
  if (steps === 0 || list.length < steps) return { ok: false, error: 'the update check did not finish', step: Math.min(list.length, steps) };
  return { ok: true, updates: parsePendingUpdates(manager, list[steps - 1]!.stdout) };
}

// A step that failed only because another process holds the manager's lock (a
// check of the same toolbox by a second Toolshed, say) is worth running again
// a little later. apt: test/recorded/updates/apt-locked.json. The user's own
// apt never takes the check's lock: the check's lists are its own.
const LOCK_HELD: Partial<Record<PackageManager, RegExp>> = { apt: /^E: Could not get lock /m };

/** Whether a check step's failure (checkFailure's text) is only a lock held by another process. */
export function lockHeldElsewhere(manager: PackageManager, failure: string): boolean {
  return LOCK_HELD[manager]?.test(failure) ?? false;
}
