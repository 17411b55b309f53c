// Host commands as the windows see them: the agent's state and recent
// commands, the systemd unit, host shims inside a toolbox, and a toolbox's
// programs exported to ~/.local/bin (which follow a rename and go with the
// toolbox, as its desktop entries do).
import { existsSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import path from 'node:path';
import type { Api, ContainerSummary } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext, ReadinessContext } from '../engineContext.js';
import { desktopPaths } from '../desktop/desktopPaths.js';
import { installRunner } from '../desktop/runnerScript.js';
import { ensureReady } from '../toolbox/readiness.js';
import { HostAgent } from './hostAgent.js';
import { hostCommandPaths } from './hostCommandPaths.js';
import { recentHostCommands } from './hostCommandLog.js';
import { hostServiceState, installHostService, removeHostService } from './systemdUnits.js';
import {
  ADD_SHIM_SCRIPT,
  addShimOutcome,
  clientScript,
  LIST_SHIMS_SCRIPT,
  parseShimList,
  PLACE_CLIENT_SCRIPT,
  REMOVE_SHIM_SCRIPT,
  shimScript,
} from './shims.js';
import { removeExport, SAFE_TARGET, scanExports, writeExport } from './programExport.js';
import { canUse } from '../../../shared/domain/containerKinds.js';

type HostCalls =
  'describeHostCommands' | 'setHostService' | 'listShims' | 'addShim' | 'removeShim' | 'listExportedPrograms' | 'exportProgram' | 'unexportProgram';
type HostContext = ReadinessContext & Pick<EngineContext, 'hostAgent' | 'subscribe' | 'disposables'>;

const EXEC_TIMEOUT_MS = 30_000;
/** Prints the program's path as the container's login PATH finds it. */
const FIND_PROGRAM_SCRIPT = 'command -v -- "$1" || true';

export function hostCommandsApi(ctx: HostContext): Pick<Api, HostCalls> {
  const paths = hostCommandPaths(ctx.uid, ctx.env);
  const runner = desktopPaths(ctx.env).runner;
  const agent = ctx.disposables.add(
    new HostAgent({ paths, env: ctx.env, log: ctx.log, onState: (state, message) => ctx.emit('hostCommandsChanged', { agent: state, message }) }),
  );
  if (ctx.hostAgent) {
    void agent.apply(ctx.settings.get().hostCommands);
    ctx.disposables.add(ctx.settings.onChange((settings) => void agent.apply(settings.hostCommands)));
  }

  /** A running toolbox (started when it is stopped): shims and exports need its files. */
  async function readyToolbox(ref: string): Promise<ContainerSummary> {
    const container = await ctx.containers.resolveToolbox(ref, 'hostPrograms');
    await ensureReady(ctx, container);
    return container;
  }
  const run = (container: ContainerSummary, script: string, args: string[]) =>
    ctx.podman.execScript(container.id, script, args, { timeoutMs: EXEC_TIMEOUT_MS });

  async function clientState() {
    const installed = await readlink(paths.clientLink).then(
      (target) => target === paths.installedBinary,
      () => false,
    );
    const problem = agent.status.clientProblem;
    return { path: paths.clientLink, installed, ...(problem ? { problem } : {}) };
  }

  async function describe() {
    const { agent: state, message } = ctx.hostAgent
      ? agent.status
      : { agent: 'off' as const, message: 'This Toolshed was started without its host-command agent.' };
    return {
      enabled: ctx.settings.get().hostCommands,
      agent: state,
      message,
      socket: paths.socket,
      client: await clientState(),
      service: hostServiceState(paths),
      recent: await recentHostCommands(paths.log),
    };
  }

  // exported programs follow the container list: gone with their toolbox, renamed with it
  let known: Set<string> | undefined;
  async function followContainers(list: readonly ContainerSummary[]): Promise<void> {
    const now = new Set(list.map((c) => c.name));
    const gone = !known || [...known].some((name) => !now.has(name));
    known = now;
    if (!gone) return;
    for (const owned of await scanExports(paths.binDir)) {
      if (now.has(owned.container) || (await ctx.podman.exists(owned.container))) continue;
      const renamed = list.find((c) => c.id === owned.containerId);
      if (renamed) {
        ctx.log(`${owned.file} follows its toolbox's new name ${renamed.name}`);
        await writeExport(paths.binDir, { ...owned, container: renamed.name, runner, client: paths.installedBinary });
      } else {
        ctx.log(`removing ${owned.file}: its toolbox ${owned.container} is gone`);
        await removeExport(owned.file, (o) => o.containerId === owned.containerId);
      }
    }
  }
  let following: Promise<void> = Promise.resolve();
  ctx.disposables.add(
    ctx.subscribe((message) => {
      if (message.event !== 'containersChanged') return;
      const list = message.payload.containers;
      following = following
        .then(() => followContainers(list))
        .catch((error: unknown) => ctx.log(`exported programs did not follow the container list: ${String(error)}`));
    }),
  );

  // toolshed-host on the PATH of every shell of a toolbox a tab opens in: once per container and engine
  const clientPlaced = new Set<string>();
  async function placeClient(containerId: string): Promise<void> {
    const container = ctx.containers.find(containerId);
    if (!container || !canUse(container, 'hostPrograms') || !ctx.settings.get().hostCommands || !existsSync(paths.installedBinary)) return;
    clientPlaced.add(containerId);
    const outcome = (await run(container, PLACE_CLIENT_SCRIPT, [clientScript(paths.installedBinary, paths.socket)])).trim();
    if (outcome.startsWith('taken '))
      ctx.log(`${outcome.slice(6)} in ${container.name} is not Toolshed's: toolshed-host is not put there (it is at /run/host${paths.installedBinary})`);
  }
  ctx.disposables.add(
    ctx.subscribe((message) => {
      if (message.event !== 'terminalChanged') return;
      const { info } = message.payload;
      if (!info.containerId || info.upgrade || info.exitCode !== undefined || clientPlaced.has(info.containerId)) return;
      void placeClient(info.containerId).catch((error: unknown) =>
        ctx.log(`toolshed-host could not be put in ${info.container ?? info.containerId}: ${String(error)}`),
      );
    }),
  );

  return {
    describeHostCommands: describe,

    async setHostService({ installed }) {
      if (installed) {
        await agent.install();
        await agent.pause();
        try {
          await installHostService(paths, ctx.env);
        } finally {
          // a running unit serves the socket now (the agent then says so); a failed one leaves Toolshed's agent serving
          if (ctx.hostAgent) await agent.apply(ctx.settings.get().hostCommands);
        }
      } else {
        await removeHostService(paths, ctx.env);
        if (ctx.hostAgent) await agent.apply(ctx.settings.get().hostCommands);
      }
      return describe();
    },

    async listShims({ container }) {
      return parseShimList(await run(await readyToolbox(container), LIST_SHIMS_SCRIPT, []));
    },

    async addShim({ container, program, replace }) {
      if (!existsSync(paths.installedBinary)) {
        throw new ToolshedError('UNAVAILABLE', 'Turn on host commands (in Settings) first: a shim runs the host program through toolshed-host.');
      }
      const target = await readyToolbox(container);
      return addShimOutcome(
        target.name,
        program,
        await run(target, ADD_SHIM_SCRIPT, [program, shimScript(program, paths.installedBinary, paths.socket), replace ? '1' : '0']),
      );
    },

    async removeShim({ container, program }) {
      const target = await readyToolbox(container);
      const [word = '', rest = ''] = (await run(target, REMOVE_SHIM_SCRIPT, [program])).trim().split(/ (.*)/s);
      if (word === 'taken') throw new ToolshedError('NAME_TAKEN', `${rest} in ${target.name} is not a Toolshed shim: it was left alone.`);
      return { removed: word === 'removed' };
    },

    async listExportedPrograms({ container }) {
      const all = await scanExports(paths.binDir);
      return all.filter((owned) => !container || owned.container === container).map(({ containerId: _id, ...program }) => program);
    },

    async exportProgram({ container, program }) {
      const target = await readyToolbox(container);
      const found = (await run(target, FIND_PROGRAM_SCRIPT, [program])).trim();
      if (!found) throw new ToolshedError('NOT_FOUND', `${target.name} has no program named ${program} on its PATH.`);
      if (!SAFE_TARGET.test(found))
        throw new ToolshedError(
          'INVALID_ARGUMENT',
          `${program} in ${target.name} is not a program file (${found.slice(0, 200)}): only programs on the PATH can be exported.`,
        );
      await installRunner(runner);
      const file = await writeExport(paths.binDir, {
        container: target.name,
        containerId: target.id,
        program,
        target: found,
        runner,
        client: paths.installedBinary,
      });
      return { container: target.name, program, target: found, file };
    },

    async unexportProgram({ container, program }) {
      return { removed: await removeExport(path.join(paths.binDir, program), (owned) => owned.container === container) };
    },
  };
}
