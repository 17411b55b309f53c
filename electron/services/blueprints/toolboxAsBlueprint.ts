// An existing toolbox said as a blueprint: the image it was made from (a
// snapshot's is followed back to the image under it), its setup as "Edit
// setup" shows it, the packages its user installed (those installed on purpose
// in it, minus those of a throwaway container of that image), its exported
// apps and programs and its host programs. Hooks are not in it: what they did
// is in the packages and the setup, or in the home, which is the host's.
import type { Api, ContainerSummary } from '../../../shared/contract.js';
import type { BlueprintExport } from '../../../shared/domain/blueprint.js';
import { TOOLSHED_SNAPSHOT_LABEL } from '../../../shared/domain/labels.js';
import { EXPLICIT_PACKAGES_COMMAND, parsePackageList, userAddedPackages } from '../../../shared/domain/packageLists.js';
import type { PackageManager } from '../../../shared/domain/packageUpdates.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { EngineContext } from '../engineContext.js';
import { detectManager } from '../updates/updateCheck.js';

/** Toolbx's own default hostnames (by version): not worth a line in a blueprint. */
const TOOLBX_HOSTNAMES = new Set(['toolbox', 'toolbx']);

const LIST_TIMEOUT_MS = 2 * 60_000;

export interface ToolboxDescription {
  blueprint: BlueprintExport;
  manager?: PackageManager;
  /** Why something is not in it (no image name, no package manager…). */
  notes: string[];
}

type DescribeContext = Pick<EngineContext, 'podman' | 'containers'>;

/** The image a container's image was made on, past Toolshed's snapshots (each a commit on the one before). */
async function baseImage(ctx: DescribeContext, imageId: string): Promise<{ id: string; name?: string }> {
  const images = await ctx.podman.images();
  const byId = (id: string) => images.find((image) => image.Id === id.replace(/^sha256:/, ''));
  let image = byId(imageId);
  while (image?.Labels?.[TOOLSHED_SNAPSHOT_LABEL] && image.ParentId && byId(image.ParentId)) image = byId(image.ParentId)!;
  const name = image?.Names?.find((n) => !n.startsWith('<none>'));
  return { id: image?.Id ?? imageId, ...(name ? { name } : {}) };
}

async function explicitPackages(
  manager: PackageManager,
  run: (argv: readonly string[]) => Promise<{ exitCode: number; stdout: string; stderr: string }>,
  where: string,
) {
  const result = await run(EXPLICIT_PACKAGES_COMMAND[manager]);
  if (result.exitCode !== 0)
    throw new ToolshedError(
      'PODMAN_FAILED',
      `Could not list the packages installed in ${where} (exit status ${result.exitCode}).`,
      result.stderr.trim() || undefined,
    );
  return parsePackageList(result.stdout, manager);
}

/** Describes a running toolbox (its packages are read with exec) as a blueprint section. */
export async function describeToolbox(ctx: DescribeContext, api: () => Api, container: ContainerSummary): Promise<ToolboxDescription> {
  const notes: string[] = [];
  const inspect = await ctx.podman.inspect(container.id);
  const [{ setup }, base, manager] = await Promise.all([
    api().describeSetup({ container: container.id }),
    baseImage(ctx, inspect.Image ?? ''),
    detectManager(ctx.podman, container.id),
  ]);
  if (!base.name)
    notes.push(`${container.name}'s image has no name (${base.id.slice(0, 12)}): say one on the image line before using the blueprint elsewhere.`);
  let packages: string[] = [];
  if (!manager) notes.push(`${container.name} has no package manager Toolshed knows: its packages are not listed.`);
  else {
    const [inToolbox, inImage] = await Promise.all([
      explicitPackages(
        manager,
        (argv) => ctx.podman.execForExit(container.id, argv, { user: 'root', env: { LC_ALL: 'C' }, timeoutMs: LIST_TIMEOUT_MS }),
        container.name,
      ),
      explicitPackages(manager, (argv) => ctx.podman.runOnce(base.id, argv, { timeoutMs: LIST_TIMEOUT_MS }), `its image ${base.name ?? base.id.slice(0, 12)}`),
    ]);
    packages = userAddedPackages(inToolbox, inImage);
  }
  const [apps, programs, shims] = await Promise.all([
    api().listContainerApps({ container: container.name }),
    api().listExportedPrograms({ container: container.name }),
    api().listShims({ container: container.id }),
  ]);
  const hostname = setup.hostname && !TOOLBX_HOSTNAMES.has(setup.hostname) ? setup.hostname : undefined;
  return {
    blueprint: {
      name: container.name,
      image: base.name,
      packages,
      volumes: setup.volumes.map((v) => ({ ...v, readOnly: v.readOnly ?? false })),
      env: setup.env,
      hostname,
      ulimitHost: setup.ulimitHost,
      exportedApps: apps.filter((app) => app.exported).map((app) => app.desktopFile.replace(/\.desktop$/, '')),
      exportedBins: programs.map((program) => program.target),
      hostPrograms: shims.map((shim) => shim.program),
    },
    ...(manager ? { manager } : {}),
    notes,
  };
}
