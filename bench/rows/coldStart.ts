// Row 6: `toolshed serve` from a cold start to the container list shown in
// Chromium: node's start-up, the engine, the HTTP server, the page (a fresh
// browser context each time: nothing cached), its WebSocket and the first list.
// Chromium itself is already running. Beside it, the CLIs from their start to
// their list printed.
import type { BenchContext, BenchRow } from '../lib/context.js';
import { listRow } from '../lib/browser.js';
import { interleaved, subject, type Candidate } from '../lib/measure.js';
import { runOk } from '../lib/processes.js';
import type { Scenario } from '../lib/results.js';
import { startServe } from '../../test/support/serve.js';

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const names = await ctx.fixtures.listContainers();
  const shown = names.at(-1)!;
  const browser = await ctx.fixtures.browser();
  const ready: number[] = [];
  const candidates: Candidate[] = [
    {
      subject: subject('toolshed serve start → list shown in Chromium', { toolshed: true }),
      warmup: true,
      measure: async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const started = performance.now();
        const serve = await startServe();
        try {
          await page.goto(serve.url);
          await listRow(page, shown).waitFor({ state: 'visible', timeout: 60_000 });
          const ms = performance.now() - started;
          ready.push(serve.readyMs);
          return ms;
        } finally {
          await context.close();
          await serve.stop();
        }
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
  const serveReady = ready.length
    ? ` Of that, the server printed its URL after ${Math.round(ready.sort((a, b) => a - b)[Math.floor(ready.length / 2)]!)} ms (median).`
    : '';
  return [
    {
      id: '6',
      title: `Cold start to the list shown (${names.length} bench containers)`,
      kind: 'time',
      subjects: candidates.map((c) => c.subject),
      note: `From spawning \`node bin/toolshed.js serve\` until the last bench container's row is visible in a fresh Chromium context (Chromium already running).${serveReady} The CLIs are timed from their start until their list is printed.`,
    },
  ];
}

export const coldStart: BenchRow = { row: 6, title: 'Cold start to the list', run: runRow };
