// Getting a container ready for a tab and choosing what the tab runs: a
// stopped Toolbx container is started and its init stamp awaited first (as
// `toolbox enter` does); distrobox containers go through `distrobox enter`,
// which starts and sets them up itself; no container means the host's shell.
import os from 'node:os';
import type { ContainerSummary } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engine.js';
import { awaitToolboxInit } from '../toolbox/readiness.js';
import { SESSION_MARK_VAR, distroboxCommand, hostShellCommand, toolboxCommand, type Command, type HostUser } from './enterArgs.js';

export interface Launch {
  command: Command;
  title: string;
  container?: ContainerSummary;
  shellIsPtyProcess: boolean;
  /** The command is podman itself (a toolbox tab): it then runs through the engine's podman runner. */
  viaPodman: boolean;
}

/** Who the tab's shell runs as: like Toolbx, the name and home from the passwd entry, the shell from $SHELL. */
export function hostUser(env: NodeJS.ProcessEnv): HostUser {
  const account = os.userInfo();
  return { user: account.username, home: account.homedir, shell: env.SHELL || account.shell || '/bin/bash', env };
}

/** Starts a Toolbx container if needed and waits until its init is done. */
async function readyToolbox(ctx: EngineContext, container: ContainerSummary): Promise<void> {
  const progress = (message: string, done?: boolean) =>
    ctx.emit('progress', { operation: 'start', container: container.name, message, ...(done ? { done } : {}) });
  const wasRunning = container.state === 'running';
  if (!wasRunning) {
    progress(`Starting ${container.name}…`);
    await ctx.podman.start(container.id);
    progress('Waiting for the toolbox to finish its setup…');
  }
  // also when it runs: it may have been started a moment ago by someone else
  await awaitToolboxInit(ctx, container, progress);
  if (!wasRunning) {
    progress(`${container.name} is running.`, true);
    void ctx.containers.refresh().catch(() => undefined);
  }
}

/** What a new tab runs; `mark` tags its processes (SESSION_MARK_VAR). */
export async function prepareLaunch(ctx: EngineContext, containerRef: string | undefined, mark: string): Promise<Launch> {
  const host = hostUser(ctx.env);
  const markEnv = { [SESSION_MARK_VAR]: mark };
  if (containerRef === undefined) {
    return { command: hostShellCommand(host, markEnv), title: os.hostname(), shellIsPtyProcess: true, viaPodman: false };
  }
  // resolving also keeps the store following podman's events, which tell open tabs when their container stops
  const container = await ctx.containers.resolve(containerRef);
  if (container.manager === 'distrobox') {
    return { command: distroboxCommand(container.name, host, markEnv), title: container.name, container, shellIsPtyProcess: false, viaPodman: false };
  }
  if (container.manager !== 'toolbox') {
    throw new ToolshedError('INVALID_ARGUMENT', `"${container.name}" is neither a Toolbx nor a distrobox container; Toolshed opens terminals in those only.`);
  }
  await readyToolbox(ctx, container);
  const command = toolboxCommand(ctx.podman.runner.binary, { container: container.id, host, extraEnv: markEnv });
  return { command, title: container.name, container, shellIsPtyProcess: false, viaPodman: true };
}
