// What a blueprint asks of a toolbox once it is made: as root inside it, its
// pre-init hooks, its packages (the image's own package manager), its init
// hooks; then its apps and programs exported and its host programs shimmed.
// A move to a new release furnishes the same way, installing only the
// packages the new release has and saying which it has not.
import path from 'node:path';
import type { Api, ContainerSummary } from '../../../shared/contract.js';
import type { BlueprintToolbox } from '../../../shared/domain/blueprint.js';
import { AVAILABLE_PACKAGES_SCRIPT, parsePackageList } from '../../../shared/domain/packageLists.js';
import { installCommand } from '../../../shared/domain/packageUpdates.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engineContext.js';
import type { Progress } from '../operations.js';
import { detectManager } from '../updates/updateCheck.js';

/** A hook or an install may take long (a big package set): half an hour, then it is a failure. */
const STEP_TIMEOUT_MS = 30 * 60_000;

export type FurnishContext = Pick<EngineContext, 'podman'>;

/** Runs `argv` as root in the toolbox; a failure carries the command's output. Resolves with its stdout. */
async function asRoot(ctx: FurnishContext, container: ContainerSummary, argv: string[], what: string, env: Record<string, string> = {}): Promise<string> {
  const result = await ctx.podman.execForExit(container.id, argv, { user: 'root', env, timeoutMs: STEP_TIMEOUT_MS });
  if (result.exitCode !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new ToolshedError('INIT_FAILED', `${what} failed in ${container.name} (exit status ${result.exitCode}).`, output || 'It printed nothing.');
  }
  return result.stdout;
}

/**
 * Furnishes a running toolbox as `toolbox` says. `onlyAvailable` (a move to a
 * new release): packages its repositories do not have, and apps and programs
 * it does not have, are skipped and returned instead of failing.
 */
export async function furnish(
  ctx: FurnishContext,
  api: () => Api,
  toolbox: Pick<BlueprintToolbox, 'name' | 'preInitHooks' | 'packages' | 'initHooks' | 'exportedApps' | 'exportedBins' | 'hostPrograms'>,
  container: ContainerSummary,
  progress: Progress,
  { onlyAvailable = false }: { onlyAvailable?: boolean } = {},
): Promise<{ missing: string[] }> {
  for (const hook of toolbox.preInitHooks) {
    progress('hook', `${toolbox.name}: ${hook}`);
    await asRoot(ctx, container, ['sh', '-c', hook], `The pre-init hook "${hook}"`);
  }
  let missing: string[] = [];
  if (toolbox.packages.length > 0) {
    const manager = await detectManager(ctx.podman, container.id);
    if (!manager) throw new ToolshedError('NOT_FOUND', `${toolbox.name} has no package manager Toolshed knows (apt, dnf, pacman, zypper, apk).`);
    let packages = toolbox.packages;
    if (onlyAvailable) {
      progress('packages', `${toolbox.name}: which of ${packages.length} packages its repositories have (${manager})…`);
      const found = new Set(
        parsePackageList(
          await asRoot(ctx, container, ['sh', '-c', AVAILABLE_PACKAGES_SCRIPT[manager], 'sh', ...packages], 'Reading the package lists'),
          manager,
        ),
      );
      missing = packages.filter((name) => !found.has(name));
      packages = packages.filter((name) => found.has(name));
    }
    if (packages.length > 0) {
      progress('packages', `${toolbox.name}: installing ${packages.join(' ')} (${manager})…`);
      const install = installCommand(manager, packages);
      await asRoot(ctx, container, install.argv, `Installing ${packages.join(' ')}`, install.env);
    }
  }
  for (const hook of toolbox.initHooks) {
    progress('hook', `${toolbox.name}: ${hook}`);
    await asRoot(ctx, container, ['sh', '-c', hook], `The init hook "${hook}"`);
  }
  if (toolbox.exportedApps.length > 0) {
    const apps = await api().listContainerApps({ container: toolbox.name });
    for (const wanted of toolbox.exportedApps) {
      const app = apps.find((a) => a.desktopFile === wanted || a.desktopFile === `${wanted}.desktop` || a.name === wanted);
      if (!app && onlyAvailable) missing.push(`the app ${wanted}`);
      else if (!app)
        throw new ToolshedError(
          'NOT_FOUND',
          `${toolbox.name} has no app "${wanted}" to export (its .desktop files: ${apps.map((a) => a.desktopFile).join(', ') || 'none'}).`,
        );
      else {
        progress('export', `${toolbox.name}: ${app.name} in the host's menu`);
        await api().exportApp({ container: toolbox.name, desktopFile: app.desktopFile });
      }
    }
  }
  for (const bin of toolbox.exportedBins) {
    progress('export', `${toolbox.name}: ${bin} on the host's PATH`);
    try {
      await api().exportProgram({ container: toolbox.name, program: path.basename(bin) });
    } catch (error) {
      if (!onlyAvailable || !(error instanceof ToolshedError) || error.code !== 'NOT_FOUND') throw error;
      missing.push(`the program ${bin}`);
    }
  }
  for (const program of toolbox.hostPrograms) {
    progress('export', `${toolbox.name}: the host's ${program} inside`);
    await api().addShim({ container: toolbox.name, program });
  }
  return { missing };
}
