// `toolshed blueprint check FILE`: what a blueprint (or a distrobox.ini) would
// make, every command it would run as root inside, what it does not apply and
// why, and its problems with their lines. It reads only: nothing is made.
import { readFile } from 'node:fs/promises';
import { readBlueprint, type BlueprintToolbox } from '../../shared/domain/blueprint.js';

const list = (label: string, items: readonly string[]) => (items.length ? [`  ${label}: ${items.join(' ')}`] : []);

function describe(toolbox: BlueprintToolbox): string[] {
  return [
    `[${toolbox.name}] from ${toolbox.image ?? '?'}${toolbox.pull ? ' (pulled first)' : ''}${toolbox.replace ? ', replacing a toolbox of that name (a snapshot is kept)' : ''}`,
    ...list('packages', toolbox.packages),
    ...toolbox.preInitHooks.map((hook) => `  runs as root, before the packages: ${hook}`),
    ...toolbox.initHooks.map((hook) => `  runs as root, after the packages: ${hook}`),
    ...toolbox.volumes.map((v) => `  folder: ${v.hostPath} at ${v.containerPath}${v.readOnly ? ' (read-only)' : ''}`),
    ...toolbox.env.map((variable) => `  variable: ${variable.name}=${variable.value}`),
    ...(toolbox.hostname ? [`  hostname: ${toolbox.hostname}`] : []),
    ...(toolbox.ulimitHost !== undefined ? [`  --ulimit host: ${toolbox.ulimitHost ? 'yes' : 'no'}`] : []),
    ...list('apps in the host menu', toolbox.exportedApps),
    ...list('programs on the host PATH', toolbox.exportedBins),
    ...list('host programs inside', toolbox.hostPrograms),
    ...(toolbox.startNow ? ['  started once made'] : []),
    ...toolbox.notApplied.map((n) => `  not applied (line ${n.line}): ${n.key}: ${n.why}`),
  ];
}

/** Prints the reading; 0 when the blueprint can be used, 1 when it has problems, 2 when the command is wrong. */
export async function blueprintCheck(args: readonly string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const [file, ...extra] = args;
  if (file === undefined || extra.length > 0) {
    err('Usage: toolshed blueprint check FILE\n');
    return 2;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    err(`toolshed blueprint check: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
  const { toolboxes, problems } = readBlueprint(text);
  const hooks = toolboxes.some((t) => t.initHooks.length + t.preInitHooks.length > 0);
  out(
    [
      ...toolboxes.flatMap(describe),
      ...(hooks ? ['Hooks run once, when the toolbox is made (distrobox runs init_hooks at every start).'] : []),
      ...problems.map((p) => `${file}:${p.line}: ${p.message}`),
      problems.length
        ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing would be made.`
        : `${toolboxes.length} toolbox${toolboxes.length === 1 ? '' : 'es'} described.`,
    ].join('\n') + '\n',
  );
  return problems.length ? 1 : 0;
}
