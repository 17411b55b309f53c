// Where host commands live on the host (docs/HOST-COMMANDS.md): the agent's
// socket in the runtime directory Toolbx shares with its containers, its log,
// the copy of toolshed-host in the home every toolbox shares, the link on the
// PATH, and the systemd user units. From the engine's environment, so tests
// point them at temporary folders.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ToolshedError } from '../../../shared/errors.js';
import { findPackageRoot, moduleDir, outsideAsar } from '../packageFiles.js';
import { xdgConfigHome, xdgDataHome, xdgRuntimeDir, xdgStateHome } from '../xdgDirs.js';

export const CLIENT_NAME = 'toolshed-host';
export const SERVICE_UNIT = 'toolshed-host.service';
export const SOCKET_UNIT = 'toolshed-host.socket';

export interface HostCommandPaths {
  socket: string;
  log: string;
  /** The program's copy in the shared home (what toolboxes, shims and the systemd unit run). */
  installedBinary: string;
  /** ~/.local/bin/toolshed-host: a link to installedBinary, on the PATH of login shells. */
  clientLink: string;
  /** ~/.local/bin: where exported programs go too. */
  binDir: string;
  /** $XDG_CONFIG_HOME/systemd/user. */
  unitDir: string;
  /** Present while a systemd user instance runs. */
  systemdPrivateSocket: string;
}

export function hostCommandPaths(uid: number, env: NodeJS.ProcessEnv): HostCommandPaths {
  const runtime = xdgRuntimeDir(uid, env);
  const binDir = path.join(env.HOME || os.homedir(), '.local', 'bin');
  return {
    socket: path.join(runtime, 'toolshed', 'host.sock'),
    log: path.join(xdgStateHome(env), 'toolshed', 'host-commands.log'),
    installedBinary: path.join(xdgDataHome(env), 'toolshed', 'bin', CLIENT_NAME),
    clientLink: path.join(binDir, CLIENT_NAME),
    binDir,
    unitDir: path.join(xdgConfigHome(env), 'systemd', 'user'),
    systemdPrivateSocket: path.join(runtime, 'systemd', 'private'),
  };
}

/** The program `npm run build` made (dist/native/toolshed-host; unpacked from the asar in a package). */
export function builtBinary(env: NodeJS.ProcessEnv): string {
  const root = findPackageRoot(moduleDir());
  const binary = env.TOOLSHED_HOST_BINARY ? path.resolve(env.TOOLSHED_HOST_BINARY) : root && outsideAsar(path.join(root, 'dist', 'native', CLIENT_NAME));
  if (!binary || !existsSync(binary)) {
    throw new ToolshedError(
      'NOT_FOUND',
      `${CLIENT_NAME} is not built (looked for ${binary ?? 'dist/native/toolshed-host'}).`,
      'Run `npm run build` (it compiles native/), or reinstall Toolshed.',
    );
  }
  return binary;
}

/** The path of a host file as a toolbox sees it: every toolbox has the host's root at /run/host. */
export const inToolbox = (hostPath: string) => path.posix.join('/run/host', hostPath);
