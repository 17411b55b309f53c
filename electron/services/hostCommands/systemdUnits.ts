// The systemd user units that serve toolshed-host while Toolshed is closed: a
// socket unit on the agent's socket, activating the installed program
// (installed and removed by ../systemdUser.ts).
import { SERVICE_UNIT, SOCKET_UNIT, type HostCommandPaths } from './hostCommandPaths.js';
import { installService, removeService, serviceState, systemdWord, userSocketUnit, type UserService } from '../systemdUser.js';

const MARKER = '# Written by Toolshed (host commands); Toolshed removes it when you turn the service off.';

export const socketUnit = () => userSocketUnit(MARKER, 'Toolshed host commands (toolshed-host) socket', 'host.sock');

export function serviceUnit(binary: string, logFile: string): string {
  return `${MARKER}
[Unit]
Description=Toolshed host commands (toolshed-host) agent
Requires=${SOCKET_UNIT}

[Service]
ExecStart=${systemdWord(binary)} --agent --log ${systemdWord(logFile)}
`;
}

const hostService = (paths: HostCommandPaths): UserService => ({
  unitDir: paths.unitDir,
  systemdPrivateSocket: paths.systemdPrivateSocket,
  marker: MARKER,
  socketUnit: SOCKET_UNIT,
  serviceUnit: SERVICE_UNIT,
});

export const hostServiceState = (paths: HostCommandPaths) => serviceState(hostService(paths));

export const installHostService = (paths: HostCommandPaths, env: NodeJS.ProcessEnv) =>
  installService(
    hostService(paths),
    { socketText: socketUnit(), serviceText: serviceUnit(paths.installedBinary, paths.log) },
    env,
    'host commands can be served only while Toolshed runs',
  );

export const removeHostService = (paths: HostCommandPaths, env: NodeJS.ProcessEnv) => removeService(hostService(paths), env);
