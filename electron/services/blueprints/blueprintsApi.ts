// Toolboxes made from a blueprint (shared/domain/blueprint.ts), all or
// nothing: each is created as Toolshed creates any toolbox (its folders,
// variables, hostname), then, as root inside it, its pre-init hooks, its
// packages (the image's own package manager), its init hooks; then its apps
// and programs are exported and its host programs shimmed. A failure anywhere
// removes every toolbox this blueprint made, and says what failed with the
// command's own output. Hooks run once, here: never again at a start.
import path from 'node:path';
import type { Api, ContainerSummary } from '../../../shared/contract.js';
import { readBlueprint, type BlueprintToolbox } from '../../../shared/domain/blueprint.js';
import { installCommand } from '../../../shared/domain/packageUpdates.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engineContext.js';
import { runReported, type Progress } from '../operations.js';
import { detectManager } from '../updates/updateCheck.js';

/** A hook or an install may take long (a big package set): half an hour, then it is a failure. */
const STEP_TIMEOUT_MS = 30 * 60_000;

type BlueprintContext = Pick<EngineContext, 'podman' | 'operations' | 'emit' | 'log'>;

export function blueprintsApi(ctx: BlueprintContext, api: () => Api): Pick<Api, 'readBlueprint' | 'applyBlueprint'> {
  /** Runs `argv` as root in the toolbox; a failure carries the command's output. */
  async function asRoot(container: ContainerSummary, argv: string[], what: string, env: Record<string, string> = {}): Promise<void> {
    const result = await ctx.podman.execForExit(container.id, argv, { user: 'root', env, timeoutMs: STEP_TIMEOUT_MS });
    if (result.exitCode !== 0) {
      const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-40).join('\n');
      throw new ToolshedError('INIT_FAILED', `${what} failed in ${container.name} (exit status ${result.exitCode}).`, output || 'It printed nothing.');
    }
  }

  async function furnish(toolbox: BlueprintToolbox, container: ContainerSummary, progress: Progress): Promise<void> {
    for (const hook of toolbox.preInitHooks) {
      progress('hook', `${toolbox.name}: ${hook}`);
      await asRoot(container, ['sh', '-c', hook], `The pre-init hook "${hook}"`);
    }
    if (toolbox.packages.length > 0) {
      const manager = await detectManager(ctx.podman, container.id);
      if (!manager) throw new ToolshedError('NOT_FOUND', `${toolbox.name} has no package manager Toolshed knows (apt, dnf, pacman, zypper, apk).`);
      progress('packages', `${toolbox.name}: installing ${toolbox.packages.join(' ')} (${manager})…`);
      const install = installCommand(manager, toolbox.packages);
      await asRoot(container, install.argv, `Installing ${toolbox.packages.join(' ')}`, install.env);
    }
    for (const hook of toolbox.initHooks) {
      progress('hook', `${toolbox.name}: ${hook}`);
      await asRoot(container, ['sh', '-c', hook], `The init hook "${hook}"`);
    }
    if (toolbox.exportedApps.length > 0) {
      const apps = await api().listContainerApps({ container: toolbox.name });
      for (const wanted of toolbox.exportedApps) {
        const app = apps.find((a) => a.desktopFile === wanted || a.desktopFile === `${wanted}.desktop` || a.name === wanted);
        if (!app)
          throw new ToolshedError(
            'NOT_FOUND',
            `${toolbox.name} has no app "${wanted}" to export (its .desktop files: ${apps.map((a) => a.desktopFile).join(', ') || 'none'}).`,
          );
        progress('export', `${toolbox.name}: ${app.name} in the host's menu`);
        await api().exportApp({ container: toolbox.name, desktopFile: app.desktopFile });
      }
    }
    for (const bin of toolbox.exportedBins) {
      progress('export', `${toolbox.name}: ${bin} on the host's PATH`);
      await api().exportProgram({ container: toolbox.name, program: path.basename(bin) });
    }
    for (const program of toolbox.hostPrograms) {
      progress('export', `${toolbox.name}: the host's ${program} inside`);
      await api().addShim({ container: toolbox.name, program });
    }
    if (!toolbox.startNow) await api().stopContainer({ container: container.id });
  }

  return {
    async readBlueprint({ text }) {
      return readBlueprint(text);
    },

    applyBlueprint: ({ text, operationId }) =>
      runReported(ctx, operationId, async (signal, progress) => {
        const { toolboxes, problems } = readBlueprint(text);
        if (problems.length > 0) {
          throw new ToolshedError(
            'INVALID_ARGUMENT',
            `The blueprint has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: nothing was made.`,
            problems.map((p) => `line ${p.line}: ${p.message}`).join('\n'),
          );
        }
        const replacing = toolboxes.filter((t) => t.replace).map((t) => t.name);
        if (replacing.length > 0) {
          throw new ToolshedError(
            'INVALID_ARGUMENT',
            `replace=true (${replacing.join(', ')}) is not applied yet: remove the toolbox first, or leave the key out.`,
          );
        }
        const made: ContainerSummary[] = [];
        try {
          for (const [index, toolbox] of toolboxes.entries()) {
            if (signal.aborted) throw new ToolshedError('CANCELLED', 'Making the blueprint was cancelled.');
            progress('create', `Making ${toolbox.name} (${index + 1} of ${toolboxes.length}) from ${toolbox.image}…`);
            // made as any toolbox is (its own operation: the blueprint's id and "-N")
            const container = await api().createToolbox({
              name: toolbox.name,
              image: toolbox.image!,
              options: { volumes: toolbox.volumes, env: toolbox.env, ...(toolbox.ulimitHost !== undefined ? { ulimitHost: toolbox.ulimitHost } : {}) },
              ...(toolbox.hostname ? { hostname: toolbox.hostname } : {}),
              pull: toolbox.pull,
              operationId: `${operationId}-${index + 1}`,
            });
            made.push(container);
            await furnish(toolbox, container, progress);
          }
        } catch (error) {
          // all or nothing: what this blueprint made goes (its menu entries and exported programs with it)
          for (const container of made.reverse()) {
            await api()
              .removeContainer({ id: container.id, name: container.name, force: true })
              .catch((removeError: unknown) => ctx.log(`could not remove ${container.name} after a failed blueprint: ${String(removeError)}`));
          }
          const failure = error instanceof ToolshedError ? error : new ToolshedError('INTERNAL', String(error));
          const undone = made.length ? `Removed again: ${made.map((c) => c.name).join(', ')}.` : undefined;
          throw new ToolshedError(failure.code, failure.message, [failure.detail, undone].filter(Boolean).join('\n\n'));
        }
        progress('done', `Made ${made.map((c) => c.name).join(', ')}.`);
        // as they are now (stopped again unless start_now)
        const now = await api().listContainers({ all: true });
        return { made: made.map((c) => now.find((listed) => listed.id === c.id) ?? c) };
      }),
  };
}
