// Row 8: a host command from inside a toolbox. Toolshed: `toolshed-host true`
// run in the toolbox, timed there (the call as a script in the toolbox pays
// it), with the agent serving a socket of its own; beside it, spawning `true`
// in the toolbox the same way (what any command costs there), and from the
// host `podman exec NAME true` (the other direction) and `podman exec NAME
// toolshed-host true` (the whole round trip from the host).
// flatpak-spawn --host needs Flatpak's session helper on a D-Bus session bus,
// which this machine does not run: its absence is said in the note.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext, BenchRow } from '../lib/context.js';
import { interleaved, subject, type Candidate } from '../lib/measure.js';
import { run, runOk } from '../lib/processes.js';
import type { Scenario } from '../lib/results.js';
import { hostBinary, startAgent } from '../../test/support/hostProtocol.js';

/** Runs "$@" in the toolbox and prints how long it took there, in nanoseconds. */
const TIMED = 't0=$(date +%s%N); "$@" || exit 1; t1=$(date +%s%N); echo $((t1 - t0))';

async function runRow(ctx: BenchContext): Promise<Scenario[]> {
  const container = await ctx.fixtures.tabToolbox();
  await ctx.fixtures.engine().api.startContainer({ container });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tsh-bench-host-'));
  const socket = path.join(scratch, 'host.sock');
  const agent = await startAgent({ socket, log: path.join(scratch, 'log') });
  const client = `/run/host${hostBinary()}`;
  const exec = (command: string[]) => ['exec', '--env', `TOOLSHED_HOST_SOCKET=/run/host${socket}`, container, ...command];
  const timedInside = async (command: string[]) => {
    const { stdout } = await runOk('podman', exec(['sh', '-c', TIMED, 'sh', ...command]), { timeoutMs: 60_000 });
    return Number(stdout.trim()) / 1e6;
  };
  const flatpakSpawn = await run('podman', ['exec', container, 'sh', '-c', 'command -v flatpak-spawn'], { timeoutMs: 60_000 });
  try {
    const candidates: Candidate[] = [
      { subject: subject('Toolshed: toolshed-host true, inside the toolbox', { toolshed: true }), warmup: true, measure: () => timedInside([client, 'true']) },
      { subject: subject('true run inside the toolbox (a command there)'), warmup: true, measure: () => timedInside(['true']) },
      {
        subject: subject('podman exec NAME true, from the host'),
        warmup: true,
        measure: async () => (await runOk('podman', exec(['true']), { timeoutMs: 60_000 })).ms,
      },
      {
        subject: subject('podman exec NAME toolshed-host true, from the host (round trip)'),
        warmup: true,
        measure: async () => (await runOk('podman', exec([client, 'true']), { timeoutMs: 60_000 })).ms,
      },
    ];
    await interleaved(candidates, ctx.options.runs * 2, ctx.log, { warmups: !ctx.options.quick });
    return [
      {
        id: '8',
        title: 'A host command from inside a toolbox',
        kind: 'time',
        subjects: candidates.map((c) => c.subject),
        note:
          'The first two are timed inside the toolbox around the call (date +%s%N), so podman exec itself is not in them. ' +
          `flatpak-spawn --host is not measured: ${flatpakSpawn.code === 0 ? 'the image has it, but' : 'the fixture image does not ship it, and'} it needs Flatpak's session helper on a D-Bus session bus, which this machine does not run.`,
      },
    ];
  } finally {
    await agent.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export const hostCommand: BenchRow = { row: 8, title: 'A host command from inside a toolbox', run: runRow };
