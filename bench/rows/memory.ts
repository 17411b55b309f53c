// Row 5: memory. The backend (`toolshed serve`) idle with the UI open, and with
// 10 open tabs in a toolbox (its own RSS, and with the processes it started:
// the tabs' `podman exec` and its `podman events`), beside 10 `toolbox enter`
// in raw ptys; and the renderer's JS heap in Chromium, after a garbage collection.
import { openUi } from '../lib/browser.js';
import * as browserTab from '../lib/browserTab.js';
import type { BenchContext, BenchRow } from '../lib/context.js';
import { errorText, subject } from '../lib/measure.js';
import { descendants, rssBytes, sleep, treeRssBytes } from '../lib/processes.js';
import { RawPty, toolboxEnter } from '../lib/rawPty.js';
import type { Scenario, Subject } from '../lib/results.js';
import { startServe } from '../../test/support/serve.js';
import type { Page } from '@playwright/test';

const TABS = 10;
/** Time for output, timers and sockets to settle before reading memory. */
const SETTLE_MS = 1000;

async function jsHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await cdp.detach();
  }
}

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const runs = ctx.options.quick ? 1 : Math.min(ctx.options.runs, 3);
  const container = await ctx.fixtures.tabToolbox();
  const browser = await ctx.fixtures.browser();
  const s = {
    idle: subject('toolshed serve process, idle (UI open, list shown)', { toolshed: true }),
    tabsTotal: subject(`Toolshed, ${TABS} tabs: toolshed serve + the processes it started`, { toolshed: true }),
    tabsBackend: subject(`Toolshed, ${TABS} tabs: the toolshed serve process alone`),
    cli: subject(`${TABS} × toolbox enter in raw ptys: their processes`),
    heapIdle: subject('renderer JS heap, idle (list shown)', { toolshed: true }),
    heapTabs: subject(`renderer JS heap with ${TABS} tabs`),
  };
  const fail = (subjects: Subject[], error: unknown) => {
    for (const subject of subjects) subject.error ??= errorText(error);
    ctx.log(`  FAILED ${errorText(error)}`);
  };

  for (let run = 0; run < runs; run += 1) {
    // a backend of its own each run: the shared one has been through the floods of row 4, and a grown heap stays grown
    const serve = await startServe();
    const { context, page } = await openUi(browser, serve, container).catch(async (error: unknown) => {
      await serve.stop();
      throw error;
    });
    try {
      await sleep(SETTLE_MS);
      s.idle.samples.push(rssBytes(serve.pid));
      s.heapIdle.samples.push(await jsHeap(page));
      await browserTab.openTab(page, container);
      for (let tab = 1; tab < TABS; tab += 1) await browserTab.newTabLikeActive(page);
      await sleep(SETTLE_MS);
      const backend = rssBytes(serve.pid);
      s.tabsBackend.samples.push(backend);
      s.tabsTotal.samples.push(backend + treeRssBytes(descendants(serve.pid)));
      s.heapTabs.samples.push(await jsHeap(page));
      ctx.log(`  backend ${Math.round(backend / 2 ** 20)} MiB with ${TABS} tabs`);
    } catch (error) {
      fail([s.idle, s.tabsTotal, s.tabsBackend, s.heapIdle, s.heapTabs], error);
      break;
    } finally {
      await context.close();
      await serve.stop();
    }
  }

  for (let run = 0; run < runs && s.cli.error === undefined; run += 1) {
    const terminals: RawPty[] = [];
    try {
      // all at once: only their memory is measured here
      for (let tab = 0; tab < TABS; tab += 1) terminals.push(new RawPty(toolboxEnter(container)));
      await Promise.all(terminals.map((t) => t.untilPrompt(60_000)));
      await sleep(SETTLE_MS);
      s.cli.samples.push(terminals.reduce((sum, t) => sum + treeRssBytes([t.pid, ...descendants(t.pid)]), 0));
    } catch (error) {
      fail([s.cli], error);
    } finally {
      await Promise.all(terminals.map((t) => t.close()));
    }
  }

  return [
    { id: '5a', title: 'Backend memory (RSS), idle', kind: 'bytes', subjects: [s.idle] },
    {
      id: '5b',
      title: `Memory (RSS) of ${TABS} open tabs in a toolbox`,
      kind: 'bytes',
      subjects: [s.tabsTotal, s.tabsBackend, s.cli],
      note: `Toolshed's tabs were opened in Chromium. Its processes: the backend, one \`podman exec\` per tab and one \`podman events\`; \`toolbox enter\` execs into \`podman exec\`, so each CLI tab is one podman process. In both cases the shells, conmon and the terminal emulator's own memory (Chromium's, or a terminal's) are not counted.`,
    },
    { id: '5c', title: 'Renderer JS heap (Chromium, after garbage collection)', kind: 'bytes', subjects: [s.heapIdle, s.heapTabs] },
  ];
}

export const memory: BenchRow = { row: 5, title: 'Memory', run: runRow };
