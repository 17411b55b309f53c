// The XDG base directories the engine uses, read from its environment (which
// tests point at temporary folders), with the spec's defaults.
import os from 'node:os';
import path from 'node:path';

const home = (env: NodeJS.ProcessEnv) => env.HOME || os.homedir();

/** $XDG_CONFIG_HOME, or ~/.config. */
export function xdgConfigHome(env: NodeJS.ProcessEnv): string {
  return env.XDG_CONFIG_HOME || path.join(home(env), '.config');
}

/** $XDG_DATA_HOME, or ~/.local/share (a relative value is invalid per the spec, and ignored). */
export function xdgDataHome(env: NodeJS.ProcessEnv): string {
  const configured = env.XDG_DATA_HOME;
  return configured && path.isAbsolute(configured) ? configured : path.join(home(env), '.local', 'share');
}

/** $XDG_RUNTIME_DIR, or where systemd-logind makes it: /run/user/UID. */
export function xdgRuntimeDir(uid: number, env: NodeJS.ProcessEnv): string {
  return env.XDG_RUNTIME_DIR || `/run/user/${uid}`;
}

/** $XDG_STATE_HOME, or ~/.local/state (a relative value is invalid per the spec, and ignored). */
export function xdgStateHome(env: NodeJS.ProcessEnv): string {
  const configured = env.XDG_STATE_HOME;
  return configured && path.isAbsolute(configured) ? configured : path.join(home(env), '.local', 'state');
}
