// What a terminal tab runs, as argument arrays (never a shell string): the
// `podman exec` that `toolbox enter` runs, `distrobox enter`, or the host's
// own shell. Pure functions of the host's facts, so they are unit-tested.

/** The facts about the host user a session needs. */
export interface HostUser {
  user: string;
  home: string;
  /** The user's login shell on the host (used inside the container too, as Toolbx does). */
  shell: string;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** What a terminal says it is: xterm.js speaks xterm-256color and 24-bit colour. */
export const TERMINAL_ENV = { TERM: 'xterm-256color', COLORTERM: 'truecolor' } as const;

/** Marks every process of one session (the shell and its children) so the engine can find them in /proc. */
export const SESSION_MARK_VAR = 'TOOLSHED_TERMINAL';

/** The preserved variables (`names`) that are set, sorted by name, with the terminal's own TERM and COLORTERM. */
export function preservedEnvironment(env: NodeJS.ProcessEnv, names: readonly string[]): [string, string][] {
  const chosen = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && names.includes(name)) chosen.set(name, value);
  }
  for (const [name, value] of Object.entries(TERMINAL_ENV)) chosen.set(name, value);
  return [...chosen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// Runs the login shell the way `toolbox enter` does (capsh drops the
// capabilities podman --privileged gave), falling back to bash when the host's
// shell does not exist in the container. User data only ever arrives as "$@".
const ENTER_SCRIPT = 'command -v "$1" >/dev/null 2>&1 || set -- /bin/bash -l; exec "$@"';

export interface ToolboxEnterOptions {
  /** The container's id or name. */
  container: string;
  host: HostUser;
  /** The host variables to carry in: those the host's toolbox version carries (ToolboxBehaviour.preservedVariables). */
  preserved: readonly string[];
  /** Where the shell starts; the host's $HOME (mounted into every Toolbx container) by default. */
  workdir?: string;
  /** Extra variables for this session only (the session mark). */
  extraEnv?: Record<string, string>;
}

/** `podman exec … capsh … <shell> -l`: the arguments after `podman exec`. */
export function toolboxEnterArgs(options: ToolboxEnterOptions): string[] {
  // as `toolbox enter`: the variables that are set, and no others (a missing USER stays missing)
  const env = preservedEnvironment(options.host.env, options.preserved);
  const extra = Object.entries(options.extraEnv ?? {});
  return [
    '--detach-keys',
    '',
    '--interactive',
    '--tty',
    ...env.map(([name, value]) => `--env=${name}=${value}`),
    ...extra.map(([name, value]) => `--env=${name}=${value}`),
    '--user',
    options.host.user,
    '--workdir',
    options.workdir ?? options.host.home,
    '--',
    options.container,
    'capsh',
    '--caps=',
    '--',
    '-c',
    ENTER_SCRIPT,
    '/bin/sh',
    options.host.shell,
    '-l',
  ];
}

// Run by `toolbox run` as the user, in the container: the session mark set for
// the shell and all it starts, the folder (the home when it is not there), then
// the login shell as ENTER_SCRIPT picks it. User data only arrives as "$@".
const TOOLBOX_RUN_SCRIPT = `export ${SESSION_MARK_VAR}="$1"; cd -- "$2" 2>/dev/null || cd; shift 2; ${ENTER_SCRIPT}`;

/**
 * A tab through the host's own toolbox (`toolbox run`), as Toolbx asks terminals
 * to do (containers/toolbox#1675): whatever the host's version adds (CA
 * certificates through p11-kit, CDI for NVIDIA, its session counting) comes with it.
 */
export function toolboxRunCommand(toolbox: string, container: string, host: HostUser, mark: string, workdir = host.home): Command {
  return {
    file: toolbox,
    args: ['run', '--container', container, 'sh', '-c', TOOLBOX_RUN_SCRIPT, 'sh', mark, workdir, host.shell, '-l'],
    env: localEnvironment(host.env),
    // toolbox run starts the command in its own working folder: the home, which every toolbox has
    cwd: host.home,
  };
}

/** `podman exec` of a command as root on a terminal (an upgrade tab): the terminal's variables and the session mark only. */
export function upgradeExecArgs(container: string, command: readonly string[], extraEnv: Record<string, string>): string[] {
  const env = [...Object.entries(TERMINAL_ENV), ...Object.entries(extraEnv)].map(([name, value]) => `--env=${name}=${value}`);
  return ['--detach-keys', '', '--interactive', '--tty', ...env, '--user', 'root', '--', container, ...command];
}

/** The environment of the local process (podman, distrobox or the shell) a tab runs. */
export function localEnvironment(env: NodeJS.ProcessEnv, extraEnv: Record<string, string> = {}): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) result[name] = value;
  // the engine's own secrets stay out of every terminal
  delete result.TOOLSHED_TOKEN;
  return { ...result, ...TERMINAL_ENV, ...extraEnv };
}

/** distrobox carries the whole host environment in by itself (the session mark included). */
export function distroboxCommand(container: string, host: HostUser, extraEnv: Record<string, string> = {}): Command {
  return { file: 'distrobox', args: ['enter', '--name', container], env: localEnvironment(host.env, extraEnv), cwd: host.home };
}

export function hostShellCommand(host: HostUser, extraEnv: Record<string, string> = {}): Command {
  return { file: host.shell, args: ['-l'], env: localEnvironment(host.env, extraEnv), cwd: host.home };
}
