// Listing, inspecting, starting, stopping, renaming and removing containers.
import type { Api, ContainerStats, ContainerSummary, EngineStatus } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import { parseHumanSize, plural } from '../../../shared/domain/units.js';
import type { EngineContext, ReadinessContext } from '../engineContext.js';
import { STARTING } from '../operations.js';
import { findByRef } from './containerList.js';
import { containerInspection } from './details.js';
import { ensureReady } from './readiness.js';
import { deleteSnapshots, snapshotsOf } from './snapshots.js';
import { canUse } from '../../../shared/domain/containerKinds.js';

type LifecycleCalls =
  | 'getStatus'
  | 'listContainers'
  | 'inspectContainer'
  | 'containerStats'
  | 'startContainer'
  | 'stopContainer'
  | 'restartContainer'
  | 'stopAll'
  | 'renameContainer'
  | 'removeContainer';

type LifecycleContext = ReadinessContext & Pick<EngineContext, 'hostShell' | 'recovered' | 'operations'>;

export function containersApi(ctx: LifecycleContext): Pick<Api, LifecycleCalls> {
  const { podman, containers: store } = ctx;

  /** The container as podman sees it now (after an action), refreshed in the shared list. */
  async function current(container: string): Promise<ContainerSummary> {
    const list = await store.refresh();
    const found = findByRef(list, container);
    if (!found) throw new ToolshedError('NOT_FOUND', `No container named "${container}".`);
    return found;
  }

  const known = async (container: string) => store.find(container) ?? current(container);

  const progress = (operation: string, container: string, message: string, done?: boolean) =>
    ctx.emit('progress', { operation, container, message, ...(done ? { done } : {}) });

  async function startAndWait(container: string): Promise<ContainerSummary> {
    const target = await known(container);
    await ensureReady(ctx, target);
    return current(target.id);
  }

  return {
    async getStatus(): Promise<EngineStatus> {
      try {
        const version = await podman.version();
        return { available: true, version, rootless: ctx.uid !== 0, listLive: store.live, hostShell: ctx.hostShell, recovered: ctx.recovered };
      } catch (error) {
        if (error instanceof ToolshedError) {
          return {
            available: false,
            problem: { code: error.code, message: error.message, hint: error.detail ?? '' },
            hostShell: ctx.hostShell,
            recovered: ctx.recovered,
          };
        }
        throw error;
      }
    },

    async listContainers({ all }) {
      const list = await store.list();
      return all ? list : list.filter((c) => canUse(c, 'listed'));
    },

    async inspectContainer({ container }) {
      return containerInspection(await podman.inspect(container), await known(container));
    },

    async containerStats({ container }): Promise<ContainerStats> {
      const [stats, inspect] = await Promise.all([podman.stats(container), podman.inspect(container, { size: true })]);
      const [used = '', limit = ''] = stats.mem_usage.split('/');
      const result: ContainerStats = {
        cpuPercent: Number.parseFloat(stats.cpu_percent) || 0,
        memoryBytes: parseHumanSize(used) || 0,
        memoryLimitBytes: parseHumanSize(limit) || 0,
        pids: Number.parseInt(stats.pids, 10) || 0,
      };
      if (typeof inspect.SizeRw === 'number') result.sizeBytes = inspect.SizeRw;
      return result;
    },

    async startContainer({ container }) {
      ctx.operations.checkFree(container);
      const target = await known(container);
      return ctx.operations.exclusive(target, STARTING, () => startAndWait(target.id));
    },

    async stopContainer({ container }) {
      ctx.operations.checkFree(container);
      const target = await known(container);
      return ctx.operations.exclusive(target, 'a stop', async () => {
        progress('stop', target.name, `Stopping ${target.name}…`);
        await store.beforeStop([target.id]);
        await podman.stop(target.id);
        progress('stop', target.name, `${target.name} stopped.`, true);
        return current(target.id);
      });
    },

    async restartContainer({ container }) {
      ctx.operations.checkFree(container);
      const target = await known(container);
      return ctx.operations.exclusive(target, 'a restart', async () => {
        progress('restart', target.name, `Stopping ${target.name}…`);
        await store.beforeStop([target.id]);
        await podman.stop(target.id);
        return startAndWait(target.id);
      });
    },

    async stopAll() {
      const running = (await store.refresh()).filter((c) => c.state === 'running' && canUse(c, 'listed'));
      if (running.length === 0) return { stopped: [] };
      progress('stopAll', '', `Stopping ${plural(running.length, 'container')}…`);
      await store.beforeStop(running.map((c) => c.id));
      await podman.stop(running.map((c) => c.id));
      progress('stopAll', '', 'All stopped.', true);
      await store.refresh();
      return { stopped: running.map((c) => c.name) };
    },

    async renameContainer({ container, newName }) {
      ctx.operations.checkFree(container);
      // one fresh list answers both questions: which container, and is the name free
      const list = await store.refresh();
      const target = findByRef(list, container);
      if (!target) throw new ToolshedError('NOT_FOUND', `No container named "${container}".`);
      if (list.some((c) => c.name === newName)) {
        throw new ToolshedError('NAME_TAKEN', `The name "${newName}" is already taken.`);
      }
      await ctx.operations.exclusive(target, 'a rename', () => podman.rename(target.id, newName));
      return current(target.id);
    },

    async removeContainer({ id, name, force, removeSnapshots }) {
      ctx.operations.checkFree(id);
      ctx.operations.checkFree(name);
      // Remove exactly the container the user confirmed: same id, still the same name.
      const inspect = await podman.inspect(id);
      if (inspect.Name !== name) {
        throw new ToolshedError('INVALID_ARGUMENT', `Container ${id.slice(0, 12)} is now named "${inspect.Name}", not "${name}"; nothing was removed.`);
      }
      if (inspect.State.Running && !force) {
        throw new ToolshedError('CONTAINER_RUNNING', `"${name}" is running. Stop it first, or remove it with force.`);
      }
      await ctx.operations.exclusive({ id: inspect.Id, name }, 'the removal', () => podman.remove(inspect.Id, Boolean(force)));
      await store.refresh();
      if (!removeSnapshots) return { removed: name, snapshotsRemoved: 0, snapshotsKept: [] };
      const { deleted, kept } = await deleteSnapshots(podman, snapshotsOf(await podman.images(), name), () => store.refresh(), ctx.log);
      return { removed: name, snapshotsRemoved: deleted.length, snapshotsKept: kept };
    },
  };
}
