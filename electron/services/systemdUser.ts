// Socket-activated systemd user services Toolshed sets up (the host commands
// agent, the background engine): two unit files in $XDG_CONFIG_HOME/systemd/user,
// each beginning with Toolshed's marker, so that only Toolshed's own are ever
// replaced or removed; enabled with systemctl, and a failed install takes back
// what it wrote.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolshedError } from '../../shared/errors.js';
import { xdgConfigHome, xdgRuntimeDir } from './xdgDirs.js';

export interface UserService {
  /** $XDG_CONFIG_HOME/systemd/user. */
  unitDir: string;
  /** Present while a systemd user instance runs. */
  systemdPrivateSocket: string;
  /** The first line of both units: what wrote them, and who removes them. */
  marker: string;
  socketUnit: string;
  serviceUnit: string;
}

export function userUnitPlaces(uid: number, env: NodeJS.ProcessEnv): Pick<UserService, 'unitDir' | 'systemdPrivateSocket'> {
  return { unitDir: path.join(xdgConfigHome(env), 'systemd', 'user'), systemdPrivateSocket: path.join(xdgRuntimeDir(uid, env), 'systemd', 'private') };
}

/** A socket unit on $XDG_RUNTIME_DIR/toolshed/FILE (0600, in a folder only the user enters), started with the user's sockets. */
export function userSocketUnit(marker: string, description: string, socketFile: string): string {
  return `${marker}
[Unit]
Description=${description}

[Socket]
ListenStream=%t/toolshed/${socketFile}
SocketMode=0600
DirectoryMode=0700

[Install]
WantedBy=sockets.target
`;
}

/** systemd's own quoting of one ExecStart word: C-style in double quotes, "%" and "$" doubled (specifiers, variables). */
export const systemdWord = (word: string) => `"${word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;

export function serviceState(service: UserService): { available: boolean; installed: boolean } {
  return { available: existsSync(service.systemdPrivateSocket), installed: existsSync(path.join(service.unitDir, service.socketUnit)) };
}

function systemctl(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('systemctl', ['--user', ...args], { env, timeout: 20_000, encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      reject(new ToolshedError('UNAVAILABLE', `systemctl --user ${args.join(' ')} failed.`, stderr.trim() || error.message));
    });
  });
}

const ownedUnit = async (file: string, marker: string) => (await readFile(file, 'utf8').catch(() => '')).startsWith(marker);

/** Writes both units (`socketText`, `serviceText` start with the marker) and enables the socket; `why` says what needs systemd. */
export async function installService(
  service: UserService,
  texts: { socketText: string; serviceText: string },
  env: NodeJS.ProcessEnv,
  why: string,
): Promise<void> {
  if (!serviceState(service).available) {
    throw new ToolshedError('UNAVAILABLE', `There is no systemd user instance here, so ${why}.`, `Looked for ${service.systemdPrivateSocket}.`);
  }
  const files = { [service.socketUnit]: texts.socketText, [service.serviceUnit]: texts.serviceText };
  await mkdir(service.unitDir, { recursive: true });
  for (const name of Object.keys(files)) {
    const file = path.join(service.unitDir, name);
    if (existsSync(file) && !(await ownedUnit(file, service.marker))) {
      throw new ToolshedError('NAME_TAKEN', `${file} exists and is not Toolshed's: nothing was written.`);
    }
  }
  const written: string[] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(service.unitDir, name);
      await writeFile(file, text, { mode: 0o644 });
      written.push(file);
    }
    await systemctl(['daemon-reload'], env);
    await systemctl(['enable', '--now', service.socketUnit], env);
  } catch (error) {
    await Promise.all(written.map((file) => unlink(file).catch(() => undefined)));
    await systemctl(['daemon-reload'], env).catch(() => undefined);
    throw error;
  }
}

/** Disables both units and removes those that are Toolshed's. */
export async function removeService(service: UserService, env: NodeJS.ProcessEnv): Promise<void> {
  const { available } = serviceState(service);
  if (available) await systemctl(['disable', '--now', service.socketUnit, service.serviceUnit], env).catch(() => undefined);
  for (const name of [service.socketUnit, service.serviceUnit]) {
    const file = path.join(service.unitDir, name);
    if (await ownedUnit(file, service.marker)) await unlink(file);
  }
  if (available) await systemctl(['daemon-reload'], env).catch(() => undefined);
}
