// Row 7: changing the setup of a toolbox with a lot installed in it (issue 15).
// Each sample starts from a running toolbox made by `toolbox create` with
// MB of files written into it (untimed). Toolshed: editSetup adding a
// variable (stop, commit, create, start, init, swap). By hand: the steps a
// user would take with the CLIs: podman stop, podman commit, toolbox create
// --image, toolbox run true (the old container left in place, the name new).
import type { BenchContext, BenchRow } from '../lib/context.js';
import { benchName, FIXTURE_IMAGE, removeContainers } from '../lib/containers.js';
import { operationId, scratchEngine } from '../../test/support/engine.js';
import { interleaved, subject, type Candidate } from '../lib/measure.js';
import { run, runOk } from '../lib/processes.js';
import type { Scenario } from '../lib/results.js';

/** A running toolbox with `megabytes` of files in its writable layer (the stand-in for installed packages). */
async function installedToolbox(name: string, megabytes: number): Promise<void> {
  await runOk('toolbox', ['create', '--image', FIXTURE_IMAGE, name], { timeoutMs: 180_000 });
  await runOk('toolbox', ['run', '--container', name, 'sh', '-c', `head -c ${megabytes}M /dev/urandom > /var/tmp/installed.bin && sync`], {
    timeoutMs: 300_000,
  });
}

async function removeImages(images: readonly string[]): Promise<void> {
  if (images.length) await run('podman', ['rmi', '--force', '--', ...images], { timeoutMs: 120_000 });
}

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const megabytes = ctx.options.quick ? 50 : 200;
  const made: string[] = [];
  const images: string[] = [];
  const scenario: Scenario = {
    id: '7',
    title: `Edit the setup of a running toolbox with ${megabytes} MB written into it, as root`,
    kind: 'time',
    subjects: [],
    note: 'Toolshed adds a variable, keeps the name, removes the old container and leaves a snapshot. By hand the new container has another name, no new setup (toolbox create has no --env) and the old one stays: the same podman work, less bookkeeping.',
  };
  const sample = (kind: string, measure: (name: string) => Promise<number>) => async (iteration: number) => {
    const name = benchName(`e-${kind}-${iteration + 1}`);
    made.push(name, `${name}-new`);
    await installedToolbox(name, megabytes);
    try {
      return await measure(name);
    } finally {
      await removeContainers([name, `${name}-new`]);
      await removeImages(images.splice(0));
    }
  };

  const toolshed = async (name: string): Promise<number> => {
    const engine = scratchEngine();
    try {
      const { setup } = await engine.api.describeSetup({ container: name });
      const started = performance.now();
      await engine.api.editSetup({ container: name, setup: { ...setup, env: [...setup.env, { name: 'BENCH', value: '1' }] }, operationId: operationId() });
      const ms = performance.now() - started;
      images.push(...(await engine.api.listSnapshots({ container: name })).map((snapshot) => snapshot.id));
      return ms;
    } finally {
      engine.dispose();
    }
  };

  const byHand = async (name: string): Promise<number> => {
    const image = `localhost/${name}-commit:bench`;
    images.push(image);
    const stop = await runOk('podman', ['stop', name], { timeoutMs: 60_000 });
    const commit = await runOk('podman', ['commit', '--quiet', name, image], { timeoutMs: 600_000 });
    const create = await runOk('toolbox', ['create', '--image', image, `${name}-new`], { timeoutMs: 180_000 });
    const first = await runOk('toolbox', ['run', '--container', `${name}-new`, 'true'], { timeoutMs: 120_000 });
    return stop.ms + commit.ms + create.ms + first.ms;
  };

  const candidates: Candidate[] = [
    { subject: subject('Toolshed engine: editSetup (stop, commit, create, start, init, swap)', { toolshed: true }), measure: sample('ts', toolshed) },
    { subject: subject('podman stop + podman commit + toolbox create --image + toolbox run true'), measure: sample('cli', byHand) },
  ];
  scenario.subjects.push(...candidates.map((c) => c.subject));
  try {
    await interleaved(candidates, ctx.options.runs, ctx.log);
  } finally {
    await removeContainers(made);
    await removeImages(images);
  }
  return [scenario];
}

export const editSetup: BenchRow = { row: 7, title: 'Edit the setup of a toolbox with much installed', run: runRow };
