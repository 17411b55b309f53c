// Taking the samples: the subjects of a scenario run in turn within each
// iteration (A B C, A B C, …) so that a machine getting busier or quieter
// during the run weighs on all of them alike. A subject that fails stops
// being measured and carries its error; the others go on.
import type { Subject } from './results.js';

export interface Sample {
  value: number;
  /** The value is a lower bound (stopped at a cap). */
  capped?: boolean;
}

export interface Candidate {
  subject: Subject;
  /** Takes one sample; `iteration` counts from 0. */
  measure: (iteration: number) => Promise<number | Sample>;
  /** Fewer runs than the scenario's (a slow baseline). */
  runs?: number;
  /** One unrecorded run first (caches, lazy loading). */
  warmup?: boolean;
}

/** The compared tool failed by itself: reported as its result, not as a broken benchmark. */
export class ToolFailure extends Error {}

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

export async function interleaved(
  candidates: readonly Candidate[],
  runs: number,
  log: (message: string) => void,
  options: { warmups?: boolean } = {},
): Promise<void> {
  for (const candidate of candidates) {
    if (!candidate.warmup || options.warmups === false) continue;
    try {
      await candidate.measure(-1);
    } catch (error) {
      candidate.subject.error = errorText(error);
    }
  }
  const most = Math.max(...candidates.map((c) => c.runs ?? runs));
  for (let iteration = 0; iteration < most; iteration += 1) {
    for (const candidate of candidates) {
      const { subject } = candidate;
      if (subject.error !== undefined || iteration >= (candidate.runs ?? runs)) continue;
      try {
        const sample = await candidate.measure(iteration);
        const { value, capped } = typeof sample === 'number' ? { value: sample, capped: false } : sample;
        subject.samples.push(value);
        if (capped) subject.capped = true;
        log(`  ${subject.label}: ${Math.round(value)}${capped ? ' (capped)' : ''}`);
      } catch (error) {
        subject.error = errorText(error);
        if (error instanceof ToolFailure) subject.toolFailed = true;
        log(`  ${subject.label}: FAILED ${subject.error}`);
      }
    }
  }
}

export function subject(label: string, extra: Partial<Subject> = {}): Subject {
  return { label, samples: [], ...extra };
}
