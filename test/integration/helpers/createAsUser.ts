// Runs as the unprivileged user (see userEngine.ts, which bundles and starts
// it): makes one toolbox with the real engine, as that user, with that user's
// podman storage, and prints the outcome as one line of JSON.
import type { CallArgs, ContainerSummary, Settings } from '../../../shared/contract.js';
import { ToolshedError, type ErrorData } from '../../../shared/errors.js';
import { scratchEngine } from '../../../bench/lib/engine.js';

export interface CreateAsUserInput {
  args: CallArgs<'createToolbox'>;
  settings?: Partial<Settings>;
  env?: Record<string, string>;
}

export interface CreateAsUserOutput {
  summary?: ContainerSummary;
  error?: ErrorData;
  /** From the call to the toolbox being ready (or the failure). */
  ms: number;
  progress: string[];
}

const input = JSON.parse(process.argv[2] ?? '{}') as CreateAsUserInput;
const engine = scratchEngine({ env: input.env ?? {} });
const output: CreateAsUserOutput = { ms: 0, progress: [] };
engine.subscribe((m) => {
  if (m.event === 'operationProgress') output.progress.push(`${m.payload.step}: ${m.payload.message}`);
});
try {
  if (input.settings) await engine.api.updateSettings(input.settings);
  const started = performance.now();
  try {
    output.summary = await engine.api.createToolbox(input.args);
  } catch (error) {
    output.error =
      error instanceof ToolshedError
        ? { code: error.code, message: error.message, ...(error.detail !== undefined ? { detail: error.detail } : {}) }
        : { code: 'INTERNAL', message: String(error) };
  }
  output.ms = Math.round(performance.now() - started);
} finally {
  engine.dispose();
}
process.stdout.write(`${JSON.stringify(output)}\n`);
