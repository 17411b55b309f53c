// Row 6: `toolshed serve` from a cold start to the container list shown in
// Chromium: node's start-up, the engine, the HTTP server, the page (a fresh
// browser context each time: nothing cached), its WebSocket and the first list.
// Chromium itself is already running. Then a new window on a serve that runs
// (warm), and the desktop app from its start (the stand-in Electron, which
// starts its window's Chromium as Electron does). Beside them, the CLIs from
// their start to their list printed.
import type { BenchContext, BenchRow } from '../lib/context.js';
import { listRow } from '../lib/browser.js';
import { interleaved, subject, type Candidate } from '../lib/measure.js';
import { runOk } from '../lib/processes.js';
import type { Scenario } from '../lib/results.js';
import { startServe } from '../../test/support/serve.js';
import { desktopStartToRow } from '../lib/desktop.js';
import { summarize } from '../lib/stats.js';

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const names = await ctx.fixtures.listContainers();
  const shown = names.at(-1)!;
  const browser = await ctx.fixtures.browser();
  const ready: number[] = [];
  const chromiumUp: number[] = [];
  const candidates: Candidate[] = [
    {
      subject: subject('toolshed serve start → list shown in Chromium', { toolshed: true }),
      warmup: true,
      measure: async (iteration) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const started = performance.now();
        const serve = await startServe();
        try {
          await page.goto(serve.url);
          await listRow(page, shown).waitFor({ state: 'visible', timeout: 60_000 });
          const ms = performance.now() - started;
          if (iteration >= 0) ready.push(serve.readyMs);
          return ms;
        } finally {
          await context.close();
          await serve.stop();
        }
      },
    },
    {
      subject: subject('a new window on a running toolshed serve → list shown in Chromium (warm)'),
      warmup: true,
      measure: async () => {
        const serve = await ctx.fixtures.serve();
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        try {
          const page = await context.newPage();
          const started = performance.now();
          await page.goto(serve.url);
          await listRow(page, shown).waitFor({ state: 'visible', timeout: 60_000 });
          return performance.now() - started;
        } finally {
          await context.close();
        }
      },
    },
    {
      subject: subject('desktop app (stand-in Electron) start → list shown in its window'),
      warmup: true,
      measure: async (iteration) => {
        const { ms, chromiumMs } = await desktopStartToRow(shown);
        if (iteration >= 0) chromiumUp.push(chromiumMs);
        return ms;
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
  const median = (values: number[]) => Math.round(summarize(values).median);
  const serveReady = ready.length ? ` Of that, the server printed its URL after ${median(ready)} ms (median).` : '';
  const desktopChromium = chromiumUp.length
    ? ` Of the desktop app's time, ${median(chromiumUp)} ms (median) went until the stand-in's Chromium listened (Playwright launching /usr/bin/chromium; a real Electron starts its renderer from its own process).`
    : '';
  return [
    {
      id: '6',
      title: `Cold start to the list shown (${names.length} bench containers)`,
      kind: 'time',
      subjects: candidates.map((c) => c.subject),
      note: `From spawning \`node bin/toolshed.js serve\` until the last bench container's row is visible in a fresh Chromium context (Chromium already running).${serveReady} The warm window is a fresh browser context on the serve the other rows share. The desktop app is timed from spawning the stand-in Electron (bench/lib/desktop.ts) until the row is visible in its window, its own Chromium's start included; the bench's connection to that Chromium (CDP) runs meanwhile.${desktopChromium} The CLIs are timed from their start until their list is printed.`,
    },
  ];
}

export const coldStart: BenchRow = { row: 6, title: 'Cold start to the list', run: runRow };
