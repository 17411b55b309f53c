// What a toolbox's user installed, and what a release offers: the commands
// that list the packages installed on purpose (not as dependencies), run in the
// toolbox and in a throwaway container of its image (the difference is the
// user's), and the script that says which of a list a toolbox's repositories
// have (a move to a new release installs those and lists the others).
import type { PackageManager } from './packageUpdates.js';

/**
 * Prints one package installed on purpose per line. zypper keeps no such mark
 * that its command line shows, so for it every installed package is listed:
 * the difference with the image is then what was added, dependencies included.
 */
export const EXPLICIT_PACKAGES_COMMAND: Readonly<Record<PackageManager, readonly string[]>> = {
  apt: ['apt-mark', 'showmanual'],
  // dnf 4 and dnf 5 both read --qf with an explicit newline (dnf 4 adds one more: blank lines are skipped)
  dnf: ['dnf', '--quiet', 'repoquery', '--userinstalled', '--qf', '%{name}\n'],
  pacman: ['pacman', '-Qqe'],
  zypper: ['rpm', '-qa', '--qf', '%{NAME}\n'],
  apk: ['cat', '/etc/apk/world'],
};

/** The names a listing printed: one per line, sorted, each once (apk's world may pin versions: "foo=1.2" is foo). */
export function parsePackageList(stdout: string, manager: PackageManager): string[] {
  const names = stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => (manager === 'apk' ? line.split(/[<>=~]/)[0]! : line));
  return [...new Set(names)].sort();
}

/** Installed on purpose in the toolbox and not in its image: what its user added. */
export function userAddedPackages(inToolbox: readonly string[], inImage: readonly string[]): string[] {
  const image = new Set(inImage);
  return inToolbox.filter((name) => !image.has(name));
}

/**
 * A POSIX sh script run as root with the package names as "$@": it refreshes
 * the repositories' lists, then prints each name they have, one per line.
 * It exits non-zero only when the lists cannot be refreshed.
 */
export const AVAILABLE_PACKAGES_SCRIPT: Readonly<Record<PackageManager, string>> = {
  apt: 'apt-get update -qq >/dev/null || exit 1; for p; do apt-cache show --no-all-versions -- "$p" >/dev/null 2>&1 && echo "$p"; done; exit 0',
  dnf: 'exec dnf --quiet repoquery --available --qf "%{name}\\n" -- "$@"',
  // the install that follows is -Syu, so a refreshed sync db here is no partial upgrade
  pacman: 'pacman -Sy >/dev/null || exit 1; for p; do pacman -Si -- "$p" >/dev/null 2>&1 && echo "$p"; done; exit 0',
  zypper:
    'zypper --non-interactive --quiet refresh >/dev/null || exit 1; for p; do zypper --non-interactive --quiet search --match-exact -- "$p" >/dev/null 2>&1 && echo "$p"; done; exit 0',
  apk: 'apk update -q >/dev/null || exit 1; for p; do [ -n "$(apk search -q -x -- "$p")" ] && echo "$p"; done; exit 0',
};
