// The engine as the user's background service (shared/contract/background.ts):
// its socket in the runtime folder, the systemd user units that start
// `toolshed engine` on the first connection, and the calls that say how this
// engine runs and set the service up or take it away.
import path from 'node:path';
import type { Api, BackgroundEngineStatus } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engineContext.js';
import { installService, removeService, serviceState, systemdWord, userSocketUnit, userUnitPlaces, type UserService } from '../systemdUser.js';
import { xdgRuntimeDir } from '../xdgDirs.js';

export const ENGINE_SOCKET_UNIT = 'toolshed-engine.socket';
export const ENGINE_SERVICE_UNIT = 'toolshed-engine.service';
const MARKER = '# Written by Toolshed (background sessions); Toolshed removes it when you turn background sessions off.';

/** Where the background engine listens: $XDG_RUNTIME_DIR/toolshed/engine.sock (a folder only the user can enter). */
export const engineSocketPath = (uid: number, env: NodeJS.ProcessEnv) => path.join(xdgRuntimeDir(uid, env), 'toolshed', 'engine.sock');

export const engineSocketUnit = () => userSocketUnit(MARKER, 'Toolshed background engine socket', 'engine.sock');

/** `command`: the words that run this Toolshed's command line (then `engine`). */
export function engineServiceUnit(command: string[]): string {
  // systemd takes spaces and "%" (doubled) in a program's path, never quotes, "$" or backslashes
  const program = command[0] ?? '';
  if (!path.isAbsolute(program) || /["'$\\]/.test(program) || [...program].some((c) => c < ' ')) {
    throw new ToolshedError(
      'UNAVAILABLE',
      `systemd cannot start Toolshed from ${JSON.stringify(program)}: move it to a folder whose path has no quotes, "$" or "\\".`,
    );
  }
  return `${MARKER}
[Unit]
Description=Toolshed background engine (terminal tabs, schedules, host commands)
Requires=${ENGINE_SOCKET_UNIT}

[Service]
ExecStart=${[...command, 'engine'].map(systemdWord).join(' ')}
`;
}

const engineService = (uid: number, env: NodeJS.ProcessEnv): UserService => ({
  ...userUnitPlaces(uid, env),
  marker: MARKER,
  socketUnit: ENGINE_SOCKET_UNIT,
  serviceUnit: ENGINE_SERVICE_UNIT,
});

export interface BackgroundOptions {
  /** This engine is `toolshed engine`, the background service. */
  inBackground: boolean;
  /** The words that run this Toolshed's command line, for the service unit; unset: it cannot be set up from here. */
  serviceCommand: string[] | undefined;
}

export function backgroundApi(
  ctx: Pick<EngineContext, 'uid' | 'env'>,
  options: BackgroundOptions,
): Pick<Api, 'backgroundEngineStatus' | 'setBackgroundEngine'> {
  const service = engineService(ctx.uid, ctx.env);
  const status = (): BackgroundEngineStatus => {
    const { available, installed } = serviceState(service);
    return { inBackground: options.inBackground, systemd: available, installed, socket: engineSocketPath(ctx.uid, ctx.env) };
  };
  return {
    async backgroundEngineStatus() {
      return status();
    },
    async setBackgroundEngine({ enabled }) {
      if (!enabled) {
        await removeService(service, ctx.env);
        return status();
      }
      if (!options.serviceCommand)
        throw new ToolshedError('UNAVAILABLE', 'This Toolshed does not know the command that starts it, so it cannot set up the service.');
      await installService(
        service,
        { socketText: engineSocketUnit(), serviceText: engineServiceUnit(options.serviceCommand) },
        ctx.env,
        "tabs can only run while Toolshed's window is open",
      );
      return status();
    },
  };
}
