// `toolshed blueprint check FILE|URL`: what a blueprint (or a distrobox.ini)
// would make, every command it would run as root inside, what it does not
// apply and why, and its problems with their lines; it reads only.
// `toolshed blueprint apply FILE|URL [--dry-run] [--yes]`: the same, then,
// once the user says yes (or --yes), makes it, all or nothing, printing each
// step; --dry-run stops after the plan. `toolshed blueprint export NAME`: the
// toolbox as a blueprint on stdout (what it does not carry on stderr).
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { readBlueprint, type BlueprintReading, type BlueprintToolbox } from '../../shared/domain/blueprint.js';
import { ToolshedError } from '../../shared/errors.js';
import { fetchBlueprintText } from '../services/blueprints/fetchBlueprint.js';
import { createEngine } from '../services/engine.js';

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks a yes/no question; undefined when nobody can answer (no terminal). */
  ask?: (question: string) => Promise<boolean>;
}

const USAGE = 'Usage: toolshed blueprint check FILE|URL\n       toolshed blueprint apply FILE|URL [--dry-run] [--yes]\n       toolshed blueprint export NAME\n';

const isUrl = (source: string) => /^https?:\/\//i.test(source);

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

/** The blueprint's text and reading, or an exit status when the command is wrong or the file or URL cannot be read. */
async function readSource(source: string | undefined, io: CommandIo): Promise<{ source: string; text: string; reading: BlueprintReading } | number> {
  if (source === undefined) {
    io.err(USAGE);
    return 2;
  }
  try {
    const text = isUrl(source) ? await fetchBlueprintText(source) : await readFile(source, 'utf8');
    return { source, text, reading: readBlueprint(text) };
  } catch (error) {
    const why = error instanceof ToolshedError ? error.message : `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    io.err(`toolshed blueprint: ${why}\n`);
    return 2;
  }
}

/** Prints the reading; true when the blueprint can be used. */
function printReading(source: string, { toolboxes, problems }: BlueprintReading, io: CommandIo): boolean {
  const hooks = toolboxes.some((t) => t.initHooks.length + t.preInitHooks.length > 0);
  io.out(
    [
      ...toolboxes.flatMap(describe),
      ...(hooks ? ['Hooks run once, when the toolbox is made (distrobox runs init_hooks at every start).'] : []),
      ...problems.map((p) => `${source}:${p.line}: ${p.message}`),
      problems.length
        ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing would be made.`
        : `${toolboxes.length} toolbox${toolboxes.length === 1 ? '' : 'es'} described.`,
    ].join('\n') + '\n',
  );
  return problems.length === 0;
}

/** Says why `toolshed blueprint ACTION` failed (the engine's words and detail); its exit status. */
function failed(action: string, error: unknown, io: CommandIo): number {
  const failure = error instanceof ToolshedError ? error : new ToolshedError('INTERNAL', String(error));
  io.err(`toolshed blueprint ${action}: ${failure.message}\n${failure.detail ? `${failure.detail}\n` : ''}`);
  return 1;
}

/** `toolshed blueprint export NAME`: 0 printed, 1 it could not be read. */
async function exportCommand(name: string, io: CommandIo): Promise<number> {
  const engine = createEngine({ hostAgent: false, log: () => undefined });
  try {
    const { text, notes } = await engine.api.exportBlueprint({ container: name });
    io.out(text);
    for (const note of notes) io.err(`${note}\n`);
    return 0;
  } catch (error) {
    return failed('export', error, io);
  } finally {
    engine.dispose();
  }
}

/** `toolshed blueprint check|apply|export …`: 0 done, 1 the blueprint has problems or making it failed, 2 the command is wrong. */
export async function blueprintCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const [action, source, ...options] = args;
  const yes = options.includes('--yes');
  const dryRun = options.includes('--dry-run') || action === 'check';
  const allowed = action === 'apply' ? ['--yes', '--dry-run'] : [];
  if (!['check', 'apply', 'export'].includes(action ?? '') || options.some((o) => !allowed.includes(o))) {
    io.err(USAGE);
    return 2;
  }
  if (action === 'export') {
    if (source === undefined) return (io.err(USAGE), 2);
    return exportCommand(source, io);
  }
  const read = await readSource(source, io);
  if (typeof read === 'number') return read;
  if (!printReading(read.source, read.reading, io)) return 1;
  if (dryRun) return 0;
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
    // the very text shown above (a file or URL read twice could have changed in between)
    const { made } = await engine.api.applyBlueprint({ text: read.text, operationId });
    io.out(`Made: ${made.map((c) => c.name).join(', ')}.\n`);
    return 0;
  } catch (error) {
    return failed('apply', error, io);
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
