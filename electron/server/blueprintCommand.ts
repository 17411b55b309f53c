// `toolshed blueprint check FILE`: what a blueprint (or a distrobox.ini) would
// make, every command it would run as root inside, what it does not apply and
// why, and its problems with their lines; it reads only.
// `toolshed blueprint apply FILE [--yes]`: the same, then, once the user says
// yes (or --yes), makes it, all or nothing, printing each step.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { readBlueprint, type BlueprintReading, type BlueprintToolbox } from '../../shared/domain/blueprint.js';
import { ToolshedError } from '../../shared/errors.js';
import { createEngine } from '../services/engine.js';

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks a yes/no question; undefined when nobody can answer (no terminal). */
  ask?: (question: string) => Promise<boolean>;
}

const USAGE = 'Usage: toolshed blueprint check FILE\n       toolshed blueprint apply FILE [--yes]\n';

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

/** The file's reading, or an exit status when the command is wrong or the file cannot be read. */
async function readFileArg(file: string | undefined, io: CommandIo): Promise<{ file: string; reading: BlueprintReading } | number> {
  if (file === undefined) {
    io.err(USAGE);
    return 2;
  }
  try {
    return { file, reading: readBlueprint(await readFile(file, 'utf8')) };
  } catch (error) {
    io.err(`toolshed blueprint: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
}

/** Prints the reading; true when the blueprint can be used. */
function printReading(file: string, { toolboxes, problems }: BlueprintReading, io: CommandIo): boolean {
  const hooks = toolboxes.some((t) => t.initHooks.length + t.preInitHooks.length > 0);
  io.out(
    [
      ...toolboxes.flatMap(describe),
      ...(hooks ? ['Hooks run once, when the toolbox is made (distrobox runs init_hooks at every start).'] : []),
      ...problems.map((p) => `${file}:${p.line}: ${p.message}`),
      problems.length
        ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing would be made.`
        : `${toolboxes.length} toolbox${toolboxes.length === 1 ? '' : 'es'} described.`,
    ].join('\n') + '\n',
  );
  return problems.length === 0;
}

/** `toolshed blueprint check|apply …`: 0 done, 1 the blueprint has problems or making it failed, 2 the command is wrong. */
export async function blueprintCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const [action, file, ...options] = args;
  const yes = options.includes('--yes');
  if ((action !== 'check' && action !== 'apply') || options.some((o) => o !== '--yes') || (action === 'check' && yes)) {
    io.err(USAGE);
    return 2;
  }
  const read = await readFileArg(file, io);
  if (typeof read === 'number') return read;
  if (!printReading(read.file, read.reading, io)) return 1;
  if (action === 'check') return 0;
  const approved =
    yes || (io.ask ? await io.ask(`Make ${read.reading.toolboxes.map((t) => t.name).join(', ')}, running the commands above as root inside? [y/N] `) : false);
  if (!approved) {
    io.err(io.ask || yes ? 'Nothing was made.\n' : 'Nothing was made: no terminal to ask in; add --yes to make it.\n');
    return 1;
  }
  const engine = createEngine({ hostAgent: false, log: () => undefined });
  const operationId = `blueprint-${process.pid}`;
  const following = engine.subscribe((message) => {
    if (message.event === 'operationProgress' && message.payload.operationId.startsWith(operationId) && message.payload.step !== 'pull')
      io.out(`${message.payload.message}\n`);
  });
  try {
    const { made } = await engine.api.applyBlueprint({ text: await readFile(read.file, 'utf8'), operationId });
    io.out(`Made: ${made.map((c) => c.name).join(', ')}.\n`);
    return 0;
  } catch (error) {
    const failure = error instanceof ToolshedError ? error : new ToolshedError('INTERNAL', String(error));
    io.err(`toolshed blueprint apply: ${failure.message}\n${failure.detail ? `${failure.detail}\n` : ''}`);
    return 1;
  } finally {
    following.dispose();
    engine.dispose();
  }
}

/** A yes/no question on the terminal, when there is one. */
export function terminalQuestion(): CommandIo['ask'] {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^(y|yes)$/i.test((await prompt.question(question)).trim());
    } finally {
      prompt.close();
    }
  };
}
