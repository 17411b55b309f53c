// Row 10: making a toolbox with 10 packages, offline (the update fixture's
// local apt repository holds the ten small tsh-pkg-*). Toolshed: the engine's
// applyBlueprint with a three-line blueprint; beside it the same typed by
// hand: `toolbox create`, then `toolbox run … sudo apt-get install`. Each run
// starts from no toolbox; what was installed is checked outside the timing.
import type { BenchContext, BenchRow } from '../lib/context.js';
import { benchName, removeContainers } from '../lib/containers.js';
import { interleaved, subject, type Candidate } from '../lib/measure.js';
import { runOk } from '../lib/processes.js';
import type { Scenario } from '../lib/results.js';
import { operationId } from '../../test/support/engine.js';
import { BENCH_PACKAGES, PACKAGE_VERSION, UPDATE_IMAGE, ensureUpdateFixture } from '../../test/support/updateFixture.js';

/** Each of the ten files says the repository's version (outside the timing; the toolbox is started to look). */
async function expectInstalled(name: string): Promise<void> {
  await runOk('podman', ['start', name], { timeoutMs: 60_000 });
  const files = BENCH_PACKAGES.map((pkg) => `/usr/share/${pkg}/version`);
  const { stdout } = await runOk('podman', ['exec', name, 'cat', ...files], { timeoutMs: 60_000 });
  const versions = stdout.trim().split('\n');
  if (versions.length !== files.length || versions.some((v) => v !== PACKAGE_VERSION))
    throw new Error(`${name}: the packages' files say ${versions.join(', ')}; ${PACKAGE_VERSION} ×${files.length} expected`);
}

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  ensureUpdateFixture(ctx.log);
  const engine = ctx.fixtures.engine();
  const viaToolshed = benchName('blueprint-toolshed');
  const byHand = benchName('blueprint-by-hand');
  const names = [viaToolshed, byHand];
  await removeContainers(names);

  const blueprint = `[${viaToolshed}]\nimage=${UPDATE_IMAGE}\nadditional_packages="${BENCH_PACKAGES.join(' ')}"\n`;
  // the by-hand line as one would type it; noninteractive as Toolshed's own install is, so debconf never asks
  const install = `apt-get update && apt-get install -y --no-install-recommends ${BENCH_PACKAGES.join(' ')}`;
  try {
    const candidates: Candidate[] = [
      {
        subject: subject('Toolshed: applyBlueprint (engine)', { toolshed: true }),
        warmup: true,
        measure: async () => {
          await removeContainers([viaToolshed]);
          const started = performance.now();
          await engine.api.applyBlueprint({ text: blueprint, operationId: operationId() });
          const ms = performance.now() - started;
          await expectInstalled(viaToolshed);
          return ms;
        },
      },
      {
        subject: subject('by hand: toolbox create, then toolbox run sudo apt-get update && apt-get install'),
        warmup: true,
        measure: async () => {
          await removeContainers([byHand]);
          const started = performance.now();
          await runOk('toolbox', ['create', '--container', byHand, '--image', UPDATE_IMAGE], { timeoutMs: 120_000 });
          await runOk('toolbox', ['run', '--container', byHand, 'sudo', 'env', 'DEBIAN_FRONTEND=noninteractive', 'sh', '-c', install], { timeoutMs: 300_000 });
          const ms = performance.now() - started;
          await expectInstalled(byHand);
          return ms;
        },
      },
    ];
    await interleaved(candidates, ctx.options.runs, ctx.log, { warmups: !ctx.options.quick });
    return [
      {
        id: '10',
        title: `Make a toolbox with ${BENCH_PACKAGES.length} packages (apt, local repository)`,
        kind: 'time',
        subjects: candidates.map((c) => c.subject),
        note: `From ${UPDATE_IMAGE}; the ${BENCH_PACKAGES.length} packages come from a local file: repository, so no network is timed. Toolshed's blueprint also starts the toolbox to install and stops it again at the end (no start_now); by hand it is left running.`,
      },
    ];
  } finally {
    await removeContainers(names);
  }
}

export const blueprint: BenchRow = { row: 10, title: `Make a toolbox with ${BENCH_PACKAGES.length} packages`, run: runRow };
