// Getting a container ready for a tab and choosing what the tab runs: a
// stopped Toolbx container is started and its init stamp awaited first (as
// `toolbox enter` does); then the host's own `toolbox run` opens the shell
// where there is one (Settings: tabsThroughToolbox), else Toolshed's `podman
// exec` as `toolbox enter` runs it; distrobox containers go through
// `distrobox enter`, which starts and sets them up itself; no container means
// the host's shell.
import os from 'node:os';
import type { ContainerSummary } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { ReadinessContext } from '../engineContext.js';
import { hostAccount } from '../hostAccount.js';
import { beforeToolboxStarts, ensureReady, hostToolboxBehaviour } from '../toolbox/readiness.js';
import {
  SESSION_MARK_VAR,
  distroboxCommand,
  hostShellCommand,
  toolboxEnterArgs,
  toolboxRunCommand,
  localEnvironment,
  upgradeExecArgs,
  type Command,
  type HostUser,
} from './enterArgs.js';
import { detectManager } from '../updates/updateCheck.js';
import { updateCommands } from '../../../shared/domain/packageUpdates.js';

export type Launch =
  /** A program on the host: the host's shell, or `distrobox enter`. */
  | { kind: 'local'; command: Command; title: string; container?: ContainerSummary; shellIsPtyProcess: boolean }
  /** A toolbox tab: `podman exec` with these arguments, through the engine's podman client. */
  | { kind: 'podman-exec'; execArgs: string[]; env: Record<string, string>; cwd: string; title: string; container: ContainerSummary; shellIsPtyProcess: false };

/** Who the tab's shell runs as (hostAccount), with the engine's environment. */
export function hostUser(env: NodeJS.ProcessEnv): HostUser {
  const { user, home, shell } = hostAccount(env);
  return { user, home, shell, env };
}

/** What a new tab runs; `mark` tags its processes (SESSION_MARK_VAR); `upgrade`: the toolbox's upgrade as root instead of a shell. */
/** `folder`: where a toolbox shell starts (a tab following its toolbox to a new container), else the home. */
export async function prepareLaunch(ctx: ReadinessContext, containerRef: string | undefined, mark: string, upgrade = false, folder?: string): Promise<Launch> {
  const host = hostUser(ctx.env);
  const markEnv = { [SESSION_MARK_VAR]: mark };
  if (upgrade) {
    if (containerRef === undefined) throw new ToolshedError('INVALID_ARGUMENT', 'An upgrade tab needs a toolbox.');
    return prepareUpgrade(ctx, await ctx.containers.resolveToolbox(containerRef, 'updates'), host, markEnv);
  }
  if (containerRef === undefined) {
    return { kind: 'local', command: hostShellCommand(host, markEnv), title: os.hostname(), shellIsPtyProcess: true };
  }
  const container = await ctx.containers.resolveToolbox(containerRef, 'terminal');
  if (container.manager === 'distrobox') {
    return { kind: 'local', command: distroboxCommand(container.name, host, markEnv), title: container.name, container, shellIsPtyProcess: false };
  }
  await ensureReady(ctx, container);
  // through the host's toolbox where it has one (and Settings do not say otherwise)
  const { tabsThroughToolbox, toolboxBinary } = ctx.settings.get();
  // the binary Settings name for new toolboxes, else the one on PATH ("" only keeps it out of new toolboxes' entry point)
  const hostToolbox = tabsThroughToolbox ? await ctx.hostFacts.toolboxBinary(toolboxBinary === '' ? null : toolboxBinary).catch(() => undefined) : undefined;
  if (hostToolbox) {
    const command = toolboxRunCommand(hostToolbox.path, container.name, host, mark, folder);
    return { kind: 'local', command, title: container.name, container, shellIsPtyProcess: false };
  }
  // else the shell `toolbox enter` of the host's version would open: its variables, its p11-kit server
  const behaviour = await hostToolboxBehaviour(ctx);
  const p11Kit = await beforeToolboxStarts(ctx, behaviour);
  return {
    kind: 'podman-exec',
    execArgs: toolboxEnterArgs({
      container: container.id,
      host,
      preserved: behaviour.preservedVariables,
      extraEnv: { ...markEnv, ...p11Kit },
      ...(folder ? { workdir: folder } : {}),
    }),
    env: localEnvironment(host.env),
    cwd: host.home,
    title: container.name,
    container,
    shellIsPtyProcess: false,
  };
}

/** The toolbox's package manager upgrading everything, as root, asking the user (not a login shell: nothing to set up). */
async function prepareUpgrade(ctx: ReadinessContext, container: ContainerSummary, host: HostUser, markEnv: Record<string, string>): Promise<Launch> {
  await ensureReady(ctx, container);
  const manager = await detectManager(ctx.podman, container.id);
  if (!manager) throw new ToolshedError('NOT_FOUND', `${container.name} has no package manager Toolshed knows (apt, dnf, pacman, zypper, apk).`);
  return {
    kind: 'podman-exec',
    execArgs: upgradeExecArgs(container.id, updateCommands(manager).upgrade, markEnv),
    env: localEnvironment(host.env),
    cwd: host.home,
    title: `Upgrade ${container.name}`,
    container,
    shellIsPtyProcess: false,
  };
}
