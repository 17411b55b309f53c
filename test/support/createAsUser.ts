// Runs as the unprivileged user (test/integration/support/userEngine.ts and the
// bench bundle it and start it through runuser), or as a process of its own for
// the crash tests: makes one toolbox with the real engine, as that user, with
// that user's podman storage, optionally runs a first command in it, then any
// further calls (a setup edit…), and prints the outcome as one line of JSON. Node's own
// start-up is outside the timing, as it is when the app is already open.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { CallArgs, CallName, ContainerSummary, Settings } from '../../shared/contract.js';
import { ToolshedError, type ErrorData } from '../../shared/errors.js';
import { scratchEngine } from './engine.js';

export interface CreateAsUserInput {
  /** The toolbox to create (none when only `calls` are made). */
  args?: CallArgs<'createToolbox'>;
  /** Calls made after the create, in order; each one's result goes to `results`. */
  calls?: { method: CallName; args: unknown }[];
  settings?: Partial<Settings>;
  env?: Record<string, string>;
  /** A first command to run in the new toolbox (`podman exec NAME …`), inside the timing. */
  thenExec?: string[];
  /** The engine's operation journal (the crash tests share it with the engine they start next). */
  journalDir?: string;
}

export interface CreateAsUserOutput {
  summary?: ContainerSummary;
  results?: unknown[];
  error?: ErrorData;
  /** From the call to the toolbox being ready, or to the end of thenExec (or to the failure). */
  ms: number;
  progress: string[];
}

const input = JSON.parse(process.argv[2] ?? '{}') as CreateAsUserInput;
const engine = scratchEngine({ env: input.env ?? {}, ...(input.journalDir ? { journalDir: input.journalDir } : {}) });
const output: CreateAsUserOutput = { ms: 0, progress: [] };
engine.subscribe((m) => {
  if (m.event !== 'operationProgress') return;
  const line = `${m.payload.step}: ${m.payload.message}`;
  output.progress.push(line);
  // as it happens too, for a caller that acts at a given step (the crash tests kill this process there)
  process.stderr.write(`progress ${line}\n`);
});
try {
  if (input.settings) await engine.api.updateSettings(input.settings);
  const started = performance.now();
  try {
    if (input.args) output.summary = await engine.api.createToolbox(input.args);
    if (input.args && input.thenExec) await promisify(execFile)('podman', ['exec', input.args.name, ...input.thenExec], { timeout: 60_000 });
    for (const call of input.calls ?? []) {
      const method = engine.api[call.method] as (args: unknown) => Promise<unknown>;
      (output.results ??= []).push(await method(call.args));
    }
  } catch (error) {
    output.error =
      error instanceof ToolshedError
        ? { code: error.code, message: error.message, ...(error.detail !== undefined ? { detail: error.detail } : {}) }
        : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  }
  output.ms = Math.round(performance.now() - started);
} finally {
  engine.dispose();
}
process.stdout.write(`${JSON.stringify(output)}\n`);
