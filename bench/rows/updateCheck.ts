// Row 9: checking 5 running toolboxes for updates, offline (the update
// fixture: a local apt repository, one package pending in each). Toolshed: the
// engine's checkUpdates for all 5 at once, and one after another; beside them
// the same commands typed by hand, one toolbox after another (`podman exec
// --user root NAME apt-get update`, then the simulated upgrade).
import type { BenchContext, BenchRow } from '../lib/context.js';
import { benchName, removeContainers } from '../lib/containers.js';
import { interleaved, subject, type Candidate } from '../lib/measure.js';
import { runOk } from '../lib/processes.js';
import type { Scenario } from '../lib/results.js';
import { operationId } from '../../test/support/engine.js';
import { UPDATE_IMAGE, ensureUpdateFixture } from '../../test/support/updateFixture.js';
import { updateCommands } from '../../shared/domain/packageUpdates.js';

const TOOLBOXES = 5;

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  ensureUpdateFixture(ctx.log);
  const engine = ctx.fixtures.engine();
  const names = Array.from({ length: TOOLBOXES }, (_, i) => benchName(`updates-${i + 1}`));
  await removeContainers(names);
  ctx.log(`making ${TOOLBOXES} toolboxes from ${UPDATE_IMAGE}`);
  for (const name of names) await engine.api.createToolbox({ name, image: UPDATE_IMAGE, operationId: operationId() });

  const expectOnePending = (reports: { container: string; pending?: unknown[]; error?: string }[]) => {
    for (const report of reports)
      if (report.pending?.length !== 1) throw new Error(`${report.container}: ${report.error ?? `${report.pending?.length} pending, 1 expected`}`);
  };
  const { check, env } = updateCommands('apt');
  const envArgs = Object.entries(env).map(([name, value]) => `--env=${name}=${value}`);
  try {
    const candidates: Candidate[] = [
      {
        subject: subject(`Toolshed: checkUpdates of the ${TOOLBOXES} at once (engine)`, { toolshed: true }),
        warmup: true,
        measure: async () => {
          const started = performance.now();
          expectOnePending(await Promise.all(names.map((container) => engine.api.checkUpdates({ container }))));
          return performance.now() - started;
        },
      },
      {
        subject: subject('Toolshed: checkUpdates one toolbox after another (engine)'),
        warmup: true,
        measure: async () => {
          const started = performance.now();
          for (const container of names) expectOnePending([await engine.api.checkUpdates({ container })]);
          return performance.now() - started;
        },
      },
      {
        subject: subject('by hand: podman exec --user root NAME apt-get update, then apt-get -s dist-upgrade, one toolbox after another'),
        warmup: true,
        measure: async () => {
          const started = performance.now();
          for (const name of names)
            for (const argv of check) await runOk('podman', ['exec', '--user', 'root', ...envArgs, name, ...argv], { timeoutMs: 120_000 });
          return performance.now() - started;
        },
      },
    ];
    await interleaved(candidates, ctx.options.runs, ctx.log, { warmups: !ctx.options.quick });
    return [
      {
        id: '9',
        title: `Check ${TOOLBOXES} running toolboxes for updates (apt, local repository)`,
        kind: 'time',
        subjects: candidates.map((c) => c.subject),
        note: `Each toolbox (made by Toolshed from ${UPDATE_IMAGE}) has one update pending from a local file: repository, so no network is timed. Toolshed also finds the package manager first (one more exec per toolbox) and reads the output; by hand, reading it is left to the user.`,
      },
    ];
  } finally {
    await removeContainers(names);
  }
}

export const updateCheck: BenchRow = { row: 9, title: 'Check 5 toolboxes for updates', run: runRow };
