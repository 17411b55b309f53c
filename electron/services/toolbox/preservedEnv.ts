// The host variables carried into a toolbox, as `toolbox enter` and `toolbox
// run` do (Toolbx's preservedEnvironmentVariables), for terminal tabs and for
// exported apps alike. Locale variables (LC_*, LANGUAGE) are carried too.

export const TOOLBOX_PRESERVED_ENV = [
  'COLORTERM',
  'CONTAINERS_STORAGE_CONF',
  'DBUS_SESSION_BUS_ADDRESS',
  'DBUS_SYSTEM_BUS_ADDRESS',
  'DESKTOP_SESSION',
  'DISPLAY',
  'HISTCONTROL',
  'HISTFILE',
  'HISTFILESIZE',
  'HISTIGNORE',
  'HISTSIZE',
  'HISTTIMEFORMAT',
  'HOME',
  'KDE_FULL_SESSION',
  'KDE_SESSION_VERSION',
  'KONSOLE_DBUS_SESSION',
  'KONSOLE_DBUS_WINDOW',
  'KONSOLE_PROFILE_NAME',
  'KONSOLE_VERSION',
  'LANG',
  'LANGUAGE',
  'SHELL',
  'SSH_AUTH_SOCK',
  'TERM',
  'TOOLBOX_PATH',
  'USER',
  'VTE_VERSION',
  'WAYLAND_DISPLAY',
  'XAUTHORITY',
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
  'XDG_CURRENT_DESKTOP',
  'XDG_DATA_DIRS',
  'XDG_DATA_HOME',
  'XDG_MENU_PREFIX',
  'XDG_RUNTIME_DIR',
  'XDG_SEAT',
  'XDG_SESSION_CLASS',
  'XDG_SESSION_DESKTOP',
  'XDG_SESSION_ID',
  'XDG_SESSION_TYPE',
  'XDG_STATE_HOME',
  'XDG_VTNR',
  'XTERM_VERSION',
] as const;

const PRESERVED = new Set<string>(TOOLBOX_PRESERVED_ENV);

export function isPreservedVariable(name: string): boolean {
  return PRESERVED.has(name) || name.startsWith('LC_');
}
