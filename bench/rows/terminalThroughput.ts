// Row 4: 50 MiB of text through a tab until the last byte is on screen, the
// delay from a key press to its echo on screen, and Ctrl+C in a flood. Toolshed's
// tab in Chromium (the served UI: engine, WebSocket, xterm.js) against the
// terminals people use instead (xterm and a VTE terminal, each running `toolbox
// enter` on its own Xvfb) and a raw pty running the same `podman exec` command
// and reading its output to nowhere; the engine's session without a window sits
// between them and shows where time goes.
import { hostUser } from '../../electron/services/terminal/launch.js';
import { localEnvironment, toolboxEnterArgs } from '../../electron/services/terminal/enterArgs.js';
import { toolboxBehaviour } from '../../electron/services/toolbox/toolboxVersions.js';
import { openUi } from '../lib/browser.js';
import * as browserTab from '../lib/browserTab.js';
import type { BenchContext, BenchRow } from '../lib/context.js';
import { EngineTab } from '../lib/engineTab.js';
import { errorText, interleaved, subject, type Candidate } from '../lib/measure.js';
import { RawPty } from '../lib/rawPty.js';
import type { Scenario } from '../lib/results.js';
import { closeAllTerminals } from '../../test/support/serve.js';
import type { TerminalProbe } from '../lib/terminalProbe.js';
import { peerLabel, XTerminal, type PeerKind } from '../peers/xTerminal.js';

const MIB = 1024 * 1024;
const FLOOD_TIMEOUT_MS = 300_000;

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const { quick } = ctx.options;
  const runs = quick ? 1 : Math.min(ctx.options.runs, 3);
  const keys = quick ? 10 : 20;
  // --quick floods 10 MiB: enough to cross the flow-control watermarks many times over, in a few seconds
  const bytes = (quick ? 10 : 50) * MIB;
  const container = await ctx.fixtures.tabToolbox();
  const engine = ctx.fixtures.engine();
  const serve = await ctx.fixtures.serve();
  const browser = await ctx.fixtures.browser();

  // the raw pty runs exactly what a Toolshed tab runs: `toolbox enter`'s podman exec
  const host = hostUser(process.env);
  const command = {
    file: 'podman',
    args: ['exec', ...toolboxEnterArgs({ container, host, preserved: toolboxBehaviour('none').preservedVariables })],
    env: localEnvironment(host.env),
    cwd: host.home,
  };
  const probes: { raw?: RawPty; engine?: EngineTab; xterm?: XTerminal; sakura?: XTerminal } = {};
  const peers: readonly PeerKind[] = ['xterm', 'sakura'];
  const peerName = Object.fromEntries(peers.map((kind) => [kind, peerLabel(kind)])) as Record<PeerKind, string>;
  const { context, page } = await openUi(browser, serve, container);
  try {
    await browserTab.openTab(page, container);
    const renderer = await browserTab.rendererOf(page);
    probes.raw = new RawPty(command);
    await probes.raw.untilPrompt();
    probes.engine = await EngineTab.open(engine, container);
    await probes.engine.untilPrompt();
    for (const kind of peers) probes[kind] = await XTerminal.open(kind, container);
    const probe = (name: 'raw' | 'engine'): TerminalProbe => probes[name]!;
    const peer = (kind: PeerKind): XTerminal => probes[kind]!;

    const flood: Candidate[] = [
      {
        subject: subject('Toolshed tab in Chromium (served UI): Enter → last byte on screen', { toolshed: true }),
        measure: () => browserTab.throughput(page, bytes, FLOOD_TIMEOUT_MS),
      },
      {
        subject: subject('Toolshed engine session, no window (output acknowledged at once)'),
        measure: () => probe('engine').throughput(bytes, FLOOD_TIMEOUT_MS),
      },
      ...peers.map((kind) => ({
        subject: subject(`${peerName[kind]} running toolbox enter (Xvfb): Enter → last byte drawn`),
        measure: () => peer(kind).throughput(bytes, FLOOD_TIMEOUT_MS),
      })),
      { subject: subject('raw pty (node-pty, same podman exec), output read to nowhere'), measure: () => probe('raw').throughput(bytes, FLOOD_TIMEOUT_MS) },
    ];
    const echo = {
      tab: subject('Toolshed tab in Chromium: key → echo on screen', { toolshed: true }),
      xterm: subject(`${peerName.xterm}: key → echo drawn`),
      sakura: subject(`${peerName.sakura}: key → echo drawn`),
      engine: subject('Toolshed engine session, no window: write → echo received'),
      raw: subject('raw pty: write → echo read'),
    };
    // echo first: on a quiet screen, before the flood fills the scrollback
    for (let run = 0; run < runs; run += 1) {
      for (const [key, take] of [
        ['tab', () => browserTab.echoSamples(page, keys)],
        ['xterm', () => peer('xterm').echoSamples(keys)],
        ['sakura', () => peer('sakura').echoSamples(keys)],
        ['engine', () => probe('engine').echoSamples(keys)],
        ['raw', () => probe('raw').echoSamples(keys)],
      ] as const) {
        const target = echo[key];
        if (target.error !== undefined) continue;
        try {
          target.samples.push(...(await take()));
        } catch (error) {
          target.error = errorText(error);
        }
      }
    }
    ctx.log(`  echo medians taken (${keys} keys × ${runs})`);
    await interleaved(flood, runs, ctx.log);
    const interrupt: Candidate[] = [
      { subject: subject('Toolshed tab in Chromium: Ctrl+C → prompt on screen', { toolshed: true }), measure: () => browserTab.interruptFlood(page) },
      ...peers.map((kind) => ({
        subject: subject(`${peerName[kind]}: Ctrl+C → last drawing (the prompt)`),
        measure: () => peer(kind).interruptFlood(),
      })),
      { subject: subject('Toolshed engine session, no window: Ctrl+C → prompt received'), measure: () => probe('engine').interruptFlood() },
      { subject: subject('raw pty: Ctrl+C → prompt read'), measure: () => probe('raw').interruptFlood() },
    ];
    await interleaved(interrupt, runs, ctx.log);
    return [
      {
        id: '4a',
        title: `Terminal throughput: ${bytes / MIB} MiB of text through a tab in a toolbox`,
        kind: 'time',
        subjects: flood.map((c) => c.subject),
        note: `\`yes … | head -c ${bytes}\` typed at the prompt, timed from Enter to an end marker (printed after the text) being on screen (Chromium) or read (pty). The tab in Chromium draws with xterm.js's ${renderer === 'dom' ? 'DOM renderer (Chromium runs without WebGL here, as on a machine without a usable GPU)' : `${renderer} renderer`}; the engine sends a window that falls a high watermark behind the screen instead of the backlog (skip ahead), while the pty runs on; the engine alone is paced by its screen copy, parsed in a worker thread, which skips the lines of a plain flood that would scroll out of its scrollback. xterm and sakura each run \`toolbox enter\` in the same toolbox on an Xvfb of their own (120×30, DejaVu Sans Mono 10), typed into through XTEST; timed from Return to the X server's last report of a drawing (DAMAGE) before the screen stays still for 500 ms, once a command typed after the text has run (bench/peers/).`,
      },
      {
        id: '4b',
        title: 'Keystroke echo latency in a tab',
        kind: 'time',
        subjects: [echo.tab, echo.xterm, echo.sakura, echo.engine, echo.raw],
        note: `${keys} single keys per run at a quiet prompt, one at a time; in Chromium from the keydown event to the character in xterm's rows (xterm.js changes them in an animation frame, which is then painted), each key 20–36 ms after the last echo (spread across a frame); in xterm and sakura from the XTEST key to the X server's first report of a drawing, each once the screen has been still for 50 ms.`,
      },
      {
        id: '4c',
        title: 'Ctrl+C during a flood, to the prompt',
        kind: 'time',
        subjects: interrupt.map((c) => c.subject),
        note: "An endless `yes … | head` is typed at the prompt; once its lines are on screen (or read), Ctrl+C is pressed, and timed until the shell's prompt is the last line on screen (Chromium) or of the output read (engine, pty); in xterm and sakura Ctrl+C comes a second after Return, timed to the last drawing before the screen stays still for 300 ms (the prompt).",
      },
    ];
  } finally {
    for (const kind of peers) await probes[kind]?.close().catch(() => undefined);
    await probes.engine?.close().catch(() => undefined);
    await probes.raw?.close().catch(() => undefined);
    await context.close();
    await closeAllTerminals(serve);
  }
}

export const terminalThroughput: BenchRow = { row: 4, title: 'Terminal throughput and keystroke echo', run: runRow };
