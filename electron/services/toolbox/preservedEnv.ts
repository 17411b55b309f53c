// The host variables carried into a toolbox by `toolbox enter` and `toolbox
// run` (preservedEnvironmentVariables in src/pkg/utils/utils.go of
// containers/toolbox), which grew from release to release; a tab carries the
// list of the host's toolbox version. Exported apps (toolshed-run) carry the
// newest list, and locale variables (LC_*, LANGUAGE) too.

/** 0.0.99.3 (and Debian 12's snapshot of it). */
const SINCE_0_0_99_3 = [
  'COLORTERM',
  'DBUS_SESSION_BUS_ADDRESS',
  'DBUS_SYSTEM_BUS_ADDRESS',
  'DESKTOP_SESSION',
  'DISPLAY',
  'LANG',
  'SHELL',
  'SSH_AUTH_SOCK',
  'TERM',
  'TOOLBOX_PATH',
  'USER',
  'VTE_VERSION',
  'WAYLAND_DISPLAY',
  'XAUTHORITY',
  'XDG_CURRENT_DESKTOP',
  'XDG_DATA_DIRS',
  'XDG_MENU_PREFIX',
  'XDG_RUNTIME_DIR',
  'XDG_SEAT',
  'XDG_SESSION_DESKTOP',
  'XDG_SESSION_ID',
  'XDG_SESSION_TYPE',
  'XDG_VTNR',
];
/** What later releases added, by the release that added it. */
const ADDED: [string, string[]][] = [
  ['0.0.99.4', ['XDG_SESSION_CLASS']],
  ['0.0.99.5', ['HISTCONTROL', 'HISTFILE', 'HISTFILESIZE', 'HISTIGNORE', 'HISTSIZE', 'HISTTIMEFORMAT']],
  ['0.0.99.6', ['CONTAINERS_STORAGE_CONF', 'KONSOLE_VERSION', 'XTERM_VERSION']],
  [
    '0.2',
    [
      'HOME',
      'KDE_FULL_SESSION',
      'KDE_SESSION_VERSION',
      'KONSOLE_DBUS_SESSION',
      'KONSOLE_DBUS_WINDOW',
      'KONSOLE_PROFILE_NAME',
      'XDG_CACHE_HOME',
      'XDG_CONFIG_HOME',
      'XDG_DATA_HOME',
      'XDG_STATE_HOME',
    ],
  ],
];

/** The variables `toolbox enter` of this release carries in; `isAtLeast` compares it with a release. */
export function preservedVariables(isAtLeast: (release: string) => boolean): string[] {
  return [...SINCE_0_0_99_3, ...ADDED.filter(([release]) => isAtLeast(release)).flatMap(([, names]) => names)].sort();
}

/** The locale variables glibc reads (locale(7)), beyond LANG: a menu entry's app speaks the session's language. */
const LOCALE_VARIABLES = [
  'LANGUAGE',
  'LC_ADDRESS',
  'LC_ALL',
  'LC_COLLATE',
  'LC_CTYPE',
  'LC_IDENTIFICATION',
  'LC_MEASUREMENT',
  'LC_MESSAGES',
  'LC_MONETARY',
  'LC_NAME',
  'LC_NUMERIC',
  'LC_PAPER',
  'LC_TELEPHONE',
  'LC_TIME',
];

/** What exported apps (toolshed-run) carry in: the newest release's list, and the locale variables. */
export const RUNNER_PRESERVED_ENV: readonly string[] = [...preservedVariables(() => true), ...LOCALE_VARIABLES].sort();
