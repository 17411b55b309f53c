// The systemd user units that serve toolshed-host while Toolshed is closed: a
// socket unit on the agent's socket, activating the installed program. Written
// to $XDG_CONFIG_HOME/systemd/user with a marker, enabled with systemctl; a
// failed install takes back what it wrote.
import { execFile } from 'node:child_process';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ToolshedError } from '../../../shared/errors.js';
import { SERVICE_UNIT, SOCKET_UNIT, type HostCommandPaths } from './hostCommandPaths.js';

const MARKER = '# Written by Toolshed (host commands); Toolshed removes it when you turn the service off.';

export function socketUnit(): string {
  return `${MARKER}
[Unit]
Description=Toolshed host commands (toolshed-host) socket

[Socket]
ListenStream=%t/toolshed/host.sock
SocketMode=0600
DirectoryMode=0700

[Install]
WantedBy=sockets.target
`;
}

/** systemd's own quoting for a path in ExecStart (spaces and specifiers). */
const execPath = (file: string) => `"${file.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;

export function serviceUnit(binary: string, logFile: string): string {
  return `${MARKER}
[Unit]
Description=Toolshed host commands (toolshed-host) agent
Requires=${SOCKET_UNIT}

[Service]
ExecStart=${execPath(binary)} --agent --log ${execPath(logFile)}
`;
}

function systemctl(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('systemctl', ['--user', ...args], { env, timeout: 20_000, encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      reject(new ToolshedError('UNAVAILABLE', `systemctl --user ${args.join(' ')} failed.`, stderr.trim() || error.message));
    });
  });
}

const ownedUnit = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).startsWith(MARKER);

export function serviceState(paths: HostCommandPaths): { available: boolean; installed: boolean } {
  return { available: existsSync(paths.systemdPrivateSocket), installed: existsSync(path.join(paths.unitDir, SOCKET_UNIT)) };
}

export async function installService(paths: HostCommandPaths, env: NodeJS.ProcessEnv): Promise<void> {
  if (!serviceState(paths).available) {
    throw new ToolshedError(
      'UNAVAILABLE',
      'There is no systemd user instance here, so host commands can be served only while Toolshed runs.',
      `Looked for ${paths.systemdPrivateSocket}.`,
    );
  }
  const files = { [SOCKET_UNIT]: socketUnit(), [SERVICE_UNIT]: serviceUnit(paths.installedBinary, paths.log) };
  await mkdir(paths.unitDir, { recursive: true });
  for (const name of Object.keys(files)) {
    const file = path.join(paths.unitDir, name);
    if (existsSync(file) && !(await ownedUnit(file))) {
      throw new ToolshedError('NAME_TAKEN', `${file} exists and is not Toolshed's: nothing was written.`);
    }
  }
  const written: string[] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(paths.unitDir, name);
      await writeFile(file, text, { mode: 0o644 });
      written.push(file);
    }
    await systemctl(['daemon-reload'], env);
    await systemctl(['enable', '--now', SOCKET_UNIT], env);
  } catch (error) {
    await Promise.all(written.map((file) => unlink(file).catch(() => undefined)));
    await systemctl(['daemon-reload'], env).catch(() => undefined);
    throw error;
  }
}

export async function removeService(paths: HostCommandPaths, env: NodeJS.ProcessEnv): Promise<void> {
  if (serviceState(paths).available) await systemctl(['disable', '--now', SOCKET_UNIT, SERVICE_UNIT], env).catch(() => undefined);
  for (const name of [SOCKET_UNIT, SERVICE_UNIT]) {
    const file = path.join(paths.unitDir, name);
    if (await ownedUnit(file)) await unlink(file);
  }
  if (serviceState(paths).available) await systemctl(['daemon-reload'], env).catch(() => undefined);
}
