// Row 3: listing with 50 (bench) containers present. Toolshed twice: a cold
// call (a fresh engine: one `podman ps` and the parsing), and the call the UI
// makes over the served WebSocket while the engine's list is kept current by
// `podman events`. Beside them: `toolbox list` and `podman ps --all --format json`.
import type { BenchContext, BenchRow } from '../lib/context.js';
import { scratchEngine } from '../../test/support/engine.js';
import { interleaved, subject, type Candidate } from '../lib/measure.js';
import { runOk } from '../lib/processes.js';
import type { Scenario } from '../lib/results.js';
import { ServeClient } from '../../test/support/serve.js';

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const names = await ctx.fixtures.listContainers();
  const serve = await ctx.fixtures.serve();
  const client = await ServeClient.connect(serve);
  try {
    // the first call starts the engine's event stream; wait until it lists our containers
    for (let attempt = 0; ; attempt += 1) {
      const listed = await client.call('listContainers', { all: true });
      if (names.every((name) => listed.some((c) => c.name === name))) break;
      if (attempt > 100) throw new Error('toolshed serve does not list the bench containers');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const total = (await client.call('listContainers', { all: true })).length;
    const candidates: Candidate[] = [
      {
        subject: subject('Toolshed listContainers, cold (fresh engine: podman ps + parse)', { toolshed: true }),
        warmup: true,
        measure: async () => {
          const engine = scratchEngine();
          try {
            const started = performance.now();
            await engine.api.listContainers({ all: true });
            return performance.now() - started;
          } finally {
            engine.dispose();
          }
        },
      },
      {
        subject: subject('Toolshed listContainers over the WebSocket (as the UI asks; kept current by podman events)'),
        warmup: true,
        measure: async () => {
          const started = performance.now();
          await client.call('listContainers', { all: true });
          return performance.now() - started;
        },
      },
      { subject: subject('toolbox list'), warmup: true, measure: async () => (await runOk('toolbox', ['list'], { timeoutMs: 60_000 })).ms },
      {
        subject: subject('podman ps --all --format json'),
        warmup: true,
        measure: async () => (await runOk('podman', ['ps', '--all', '--format', 'json'], { timeoutMs: 60_000 })).ms,
      },
    ];
    await interleaved(candidates, ctx.options.runs, ctx.log, { warmups: !ctx.options.quick });
    return [
      {
        id: '3',
        title: `List with ${names.length} containers (${total} on the machine)`,
        kind: 'time',
        subjects: candidates.map((c) => c.subject),
        note: `The ${names.length} bench containers are stopped and labelled as toolboxes; ${total - names.length} other container${total - names.length === 1 ? '' : 's'} existed at the time. \`toolbox list\` also lists images. The WebSocket call is answered from the engine's list, which a running \`podman events\` keeps true: that is what a window pays once Toolshed runs.`,
      },
    ];
  } finally {
    client.close();
  }
}

export const list: BenchRow = { row: 3, title: 'List with 50 containers', run: runRow };
