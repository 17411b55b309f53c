// Row 5: memory. The backend (`toolshed serve`) idle with the UI open, and with
// 10 open tabs in a toolbox (its own RSS, and with the processes it started:
// the tabs' `podman exec` and its `podman events`), beside 10 `toolbox enter`
// in raw ptys; its peak while the 10 tabs all print at once; and the
// renderer's JS heap in Chromium, after a garbage collection.
import { openUi } from '../lib/browser.js';
import * as browserTab from '../lib/browserTab.js';
import type { BenchContext, BenchRow } from '../lib/context.js';
import { errorText, subject } from '../lib/measure.js';
import { descendants, rssBytes, sleep, treeRssBytes } from '../lib/processes.js';
import { RawPty, toolboxEnter } from '../lib/rawPty.js';
import type { Scenario, Subject } from '../lib/results.js';
import { ServeClient, startServe, type ServeAddress } from '../../test/support/serve.js';
import { DONE_MARKER, Tail, throughputCommand } from '../lib/terminalText.js';
import type { Page } from '@playwright/test';

const TABS = 10;
/** What each busy tab prints: enough to fill its scrollback (and the engine's copy of it) many times. */
const BUSY_BYTES = 20 * 1024 * 1024;
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

/** Has every open tab print BUSY_BYTES at once; resolves with the backend's highest RSS meanwhile. */
async function peakWhileBusy(serve: ServeAddress & { pid: number }): Promise<number> {
  const client = await ServeClient.connect(serve);
  let peak = rssBytes(serve.pid);
  try {
    const tabs = await client.call('listTerminals', {});
    const ended = new Set<string>();
    const tails = new Map(tabs.map(({ id }) => [id, new Tail(64)]));
    const allEnded = new Promise<void>((resolve) => {
      client.onEvent((message) => {
        if (message.event !== 'terminalData') return;
        const tail = tails.get(message.payload.id);
        tail?.push(message.payload.data);
        if (!tail?.value.includes(DONE_MARKER)) return;
        ended.add(message.payload.id);
        if (ended.size === tabs.length) resolve();
      });
    });
    await Promise.all(tabs.map(({ id }) => client.call('writeTerminal', { id, data: `${throughputCommand(BUSY_BYTES)}\r` })));
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(serve.pid))), 50);
    // the deadline's timer is cleared too: a pending one kept the whole bench process alive for minutes after its table
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new Error(`the busy tabs did not all finish within 300 s (${ended.size} of ${tabs.length})`)), 300_000);
    });
    await Promise.race([allEnded, timedOut]).finally(() => {
      clearInterval(sampler);
      clearTimeout(deadline);
    });
    return Math.max(peak, rssBytes(serve.pid));
  } finally {
    client.close();
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
    busyBackend: subject(`Toolshed, ${TABS} tabs each printing ${BUSY_BYTES / 2 ** 20} MiB at once: the toolshed serve process at its peak`),
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
      s.busyBackend.samples.push(await peakWhileBusy(serve));
      ctx.log(`  backend peak ${Math.round(s.busyBackend.samples.at(-1)! / 2 ** 20)} MiB with ${TABS} busy tabs`);
    } catch (error) {
      fail([s.idle, s.tabsTotal, s.tabsBackend, s.busyBackend, s.heapIdle, s.heapTabs], error);
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
      subjects: [s.tabsTotal, s.tabsBackend, s.busyBackend, s.cli],
      note: `Toolshed's tabs were opened in Chromium. Its processes: the backend, one \`podman exec\` per tab and one \`podman events\`; \`toolbox enter\` execs into \`podman exec\`, so each CLI tab is one podman process. In both cases the shells, conmon and the terminal emulator's own memory (Chromium's, or a terminal's) are not counted. The busy line is the backend's highest RSS (sampled every 50 ms) while all ${TABS} tabs print at once, its screen copies (in their worker thread) included.`,
    },
    { id: '5c', title: 'Renderer JS heap (Chromium, after garbage collection)', kind: 'bytes', subjects: [s.heapIdle, s.heapTabs] },
  ];
}

export const memory: BenchRow = { row: 5, title: 'Memory', run: runRow };
