// Row 1: from nothing to a first command in a new container, same local image.
// Toolshed: createToolbox (create + start + init) then `podman exec NAME true`.
// toolbox: `toolbox create` + `toolbox run true`. distrobox: `distrobox create`
// + `distrobox enter -- true`, which runs its first-entry setup. Root and
// rootless (as the user toolshed, where distrobox runs) are separate scenarios.
import path from 'node:path';
import type { BenchContext, BenchRow } from '../lib/context.js';
import { benchName, FIXTURE_IMAGE, removeContainers } from '../lib/containers.js';
import { operationId, scratchEngine } from '../../test/support/engine.js';
import { interleaved, subject, ToolFailure, type Candidate, type Sample } from '../lib/measure.js';
import { run, runOk } from '../lib/processes.js';
import { formatValue, type Scenario } from '../lib/results.js';
import { ROOTLESS_USER } from '../../test/support/rootless.js';
import { REPO } from '../../test/support/serve.js';
import { summarize } from '../lib/stats.js';
import type { CreateAsUserInput, CreateAsUserOutput } from '../../test/support/createAsUser.js';

/** Bundled by bench/run.js next to the main bundle. */
const CREATE_AS_USER = path.join(REPO, 'dist/bench/create-as-user.mjs');

async function toolshedRoot(name: string): Promise<number> {
  const engine = scratchEngine();
  try {
    const started = performance.now();
    await engine.api.createToolbox({ name, image: FIXTURE_IMAGE, operationId: operationId() });
    await runOk('podman', ['exec', name, 'true'], { timeoutMs: 60_000 });
    return performance.now() - started;
  } finally {
    engine.dispose();
  }
}

async function toolshedRootless(name: string): Promise<number> {
  const input: CreateAsUserInput = { args: { name, image: FIXTURE_IMAGE, operationId: operationId() }, thenExec: ['true'] };
  const result = await runOk(process.execPath, [CREATE_AS_USER, JSON.stringify(input)], { rootless: true, timeoutMs: 180_000 });
  const outcome = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Partial<CreateAsUserOutput>;
  if (outcome.error || outcome.ms === undefined) throw new Error(outcome.error?.message ?? `no result: ${result.stderr.trim().slice(-300)}`);
  return outcome.ms;
}

async function toolboxCli(name: string, rootless: boolean): Promise<number> {
  const create = await runOk('toolbox', ['create', '--image', FIXTURE_IMAGE, name], { rootless, timeoutMs: 180_000 });
  const first = await runOk('toolbox', ['run', '--container', name, 'true'], { rootless, timeoutMs: 120_000 });
  return create.ms + first.ms;
}

interface DistroboxParts {
  create: number[];
  enter: number[];
  /** What its setup log says about packages, per run. */
  installed: string[];
}

/** What distrobox's setup log says about packages (apt prints "N newly installed" once per install). */
export function packageStep(log: string, stopped: boolean): string {
  const apt = /Installing basic packages/.test(log);
  const installed = [...log.matchAll(/(\d+) newly installed/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  if (stopped) return apt ? 'was running apt (update, then its basic packages) when stopped' : 'stopped before any package step';
  if (installed > 0) return `apt installed ${installed} packages`;
  return apt ? 'apt ran but installed nothing' : 'no package step';
}

/** `distrobox create` + its first `enter -- true`, the entry stopped at `capMs`. */
async function distrobox(name: string, capMs: number, parts: DistroboxParts): Promise<Sample> {
  const create = await runOk('distrobox', ['create', '--yes', '--image', FIXTURE_IMAGE, '--name', name], { rootless: true, timeoutMs: 180_000 });
  const enter = await run('distrobox', ['enter', name, '--', 'true'], { rootless: true, timeoutMs: capMs });
  const logs = await run('podman', ['logs', name], { rootless: true, timeoutMs: 30_000 });
  parts.installed.push(packageStep(logs.stdout + logs.stderr, enter.timedOut));
  if (!enter.timedOut && enter.code !== 0) {
    const why = (enter.stderr.trim() || enter.stdout.trim()).split('\n').slice(-2).join(' / ');
    throw new ToolFailure(
      `distrobox enter exited with ${String(enter.code)} after ${formatValue(create.ms + enter.ms, 'time')} (${parts.installed.at(-1) ?? ''}): ${why}`,
    );
  }
  parts.create.push(create.ms);
  parts.enter.push(enter.ms);
  return { value: create.ms + enter.ms, capped: enter.timedOut };
}

function distroboxNote(parts: DistroboxParts, capMs: number, capped: boolean): string {
  if (parts.create.length === 0) return 'as the unprivileged user (rootless)';
  const median = (values: number[]) => formatValue(summarize(values).median, 'time');
  const cap = capped ? `; stopped at the ${Math.round(capMs / 1000)} s cap of --quick` : '';
  return `as the unprivileged user (rootless); create ${median(parts.create)} + first enter ${median(parts.enter)}; its setup log: ${[...new Set(parts.installed)].join(' / ')}${cap}`;
}

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const { quick, runs } = ctx.options;
  const distroboxRuns = quick ? 1 : Math.min(runs, 2);
  const capMs = quick ? 10_000 : 300_000;
  const parts: DistroboxParts = { create: [], enter: [], installed: [] };
  const made: { name: string; rootless: boolean }[] = [];
  const named = (kind: string, iteration: number, rootless: boolean) => {
    const name = benchName(`c-${kind}-${iteration + 1}`);
    made.push({ name, rootless });
    return name;
  };
  // each sample's container is removed right away (untimed) so the next one starts from the same state
  const once = (kind: string, rootless: boolean, measure: (name: string) => Promise<number | Sample>) => async (iteration: number) => {
    const name = named(kind, iteration, rootless);
    try {
      return await measure(name);
    } finally {
      await removeContainers([name], { rootless });
    }
  };

  const root: Scenario = { id: '1a', title: 'Create to first command, as root (same local image)', kind: 'time', subjects: [] };
  const rootless: Scenario = {
    id: '1b',
    title: `Create to first command, rootless as the user ${ROOTLESS_USER} (same local image)`,
    kind: 'time',
    subjects: [],
  };
  const candidates: Candidate[] = [
    {
      subject: subject('Toolshed engine: createToolbox (create + start + init) + podman exec true', { toolshed: true }),
      measure: once('ts', false, toolshedRoot),
    },
    { subject: subject('toolbox create + toolbox run true'), measure: once('tb', false, (name) => toolboxCli(name, false)) },
    {
      subject: subject('Toolshed engine: createToolbox + podman exec true', {
        toolshed: true,
        note: 'engine in a node process started as the user; node start-up not timed',
      }),
      measure: once('tsr', true, toolshedRootless),
    },
    { subject: subject('toolbox create + toolbox run true'), measure: once('tbr', true, (name) => toolboxCli(name, true)) },
    { subject: subject('distrobox create + distrobox enter -- true'), measure: once('db', true, (name) => distrobox(name, capMs, parts)), runs: distroboxRuns },
  ];
  root.subjects.push(candidates[0]!.subject, candidates[1]!.subject);
  rootless.subjects.push(candidates[2]!.subject, candidates[3]!.subject, candidates[4]!.subject);
  try {
    await interleaved(candidates, runs, ctx.log);
  } finally {
    for (const rootlessMade of [false, true])
      await removeContainers(
        made.filter((m) => m.rootless === rootlessMade).map((m) => m.name),
        { rootless: rootlessMade },
      );
  }
  const db = candidates[4]!.subject;
  db.note = distroboxNote(parts, capMs, db.capped === true);
  if (distroboxRuns < runs) db.note += `; ${distroboxRuns} run${distroboxRuns > 1 ? 's' : ''} only (each takes a minute or more)`;
  rootless.note =
    'Rootless podman here uses the vfs storage driver, which copies the image for each new container: that weighs on every rootless create alike. ' +
    'distrobox runs only rootless in this comparison (as it is normally used); its first `enter` runs its container setup, which on a Debian image without its basic packages means `apt-get update` and an install.';
  return [root, rootless];
}

export const createToFirstCommand: BenchRow = { row: 1, title: 'Create to first command', run: runRow };
