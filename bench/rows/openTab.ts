// Row 2: a new tab on a running toolbox, until its shell's prompt is there.
// Toolshed: openTerminal (the engine checks the toolbox, then runs the login
// shell through the host's `toolbox run`, or, with the setting off, its own
// `podman exec … capsh … bash -l` as `toolbox enter` runs it) until the prompt
// arrives as terminalData; and the same in the served UI, from the click on
// "Open terminal" to the prompt on screen. Beside them: `toolbox enter` in a
// raw pty until its prompt, and the one-shot `podman exec true` and `toolbox run true`.
import { openUi } from '../lib/browser.js';
import * as browserTab from '../lib/browserTab.js';
import type { BenchContext, BenchRow } from '../lib/context.js';
import { EngineTab } from '../lib/engineTab.js';
import { interleaved, subject, type Candidate } from '../lib/measure.js';
import { runOk } from '../lib/processes.js';
import { RawPty, toolboxEnter } from '../lib/rawPty.js';
import type { Scenario } from '../lib/results.js';
import { closeAllTerminals } from '../../test/support/serve.js';

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const container = await ctx.fixtures.tabToolbox();
  const engine = ctx.fixtures.engine();
  const serve = await ctx.fixtures.serve();
  const { context, page } = await openUi(await ctx.fixtures.browser(), serve, container);
  const engineTabToPrompt = async () => {
    const started = performance.now();
    const tab = await EngineTab.open(engine, container);
    try {
      return (await tab.untilPrompt()) - started;
    } finally {
      await tab.close();
    }
  };

  const candidates: Candidate[] = [
    {
      subject: subject('Toolshed tab through toolbox run: openTerminal → first prompt (engine, no window)', { toolshed: true }),
      warmup: true,
      measure: engineTabToPrompt,
    },
    {
      subject: subject('Toolshed tab through its own podman exec (tabsThroughToolbox off): openTerminal → first prompt (engine)'),
      warmup: true,
      measure: async () => {
        await engine.api.updateSettings({ tabsThroughToolbox: false });
        try {
          return await engineTabToPrompt();
        } finally {
          await engine.api.updateSettings({ tabsThroughToolbox: true });
        }
      },
    },
    {
      subject: subject('Toolshed tab in Chromium: click "Open terminal" → prompt on screen'),
      warmup: true,
      measure: async () => {
        try {
          return await browserTab.openTab(page, container);
        } finally {
          await closeAllTerminals(serve);
        }
      },
    },
    {
      subject: subject('toolbox enter → first prompt (raw pty)'),
      warmup: true,
      measure: async () => {
        const started = performance.now();
        const terminal = new RawPty(toolboxEnter(container));
        try {
          return (await terminal.untilPrompt()) - started;
        } finally {
          await terminal.close();
        }
      },
    },
    {
      subject: subject('podman exec NAME true'),
      warmup: true,
      measure: async () => (await runOk('podman', ['exec', container, 'true'], { timeoutMs: 60_000 })).ms,
    },
    {
      subject: subject('toolbox run true'),
      warmup: true,
      measure: async () => (await runOk('toolbox', ['run', '--container', container, 'true'], { timeoutMs: 60_000 })).ms,
    },
  ];
  try {
    await interleaved(candidates, ctx.options.runs, ctx.log, { warmups: !ctx.options.quick });
  } finally {
    await context.close();
  }
  return [
    {
      id: '2',
      title: 'Open a tab on a running toolbox, to the first prompt',
      kind: 'time',
      subjects: candidates.map((c) => c.subject),
      note: 'The toolbox was made by Toolshed and is running. The engine line is the backend alone; the Chromium line adds the WebSocket, React and xterm.js. A tab runs an interactive login shell, so its prompt comes after bash has read its profile; `podman exec true` and `toolbox run true` only start and end a process.',
    },
  ];
}

export const openTab: BenchRow = { row: 2, title: 'Open a tab to the first prompt', run: runRow };
