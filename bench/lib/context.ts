// What every benchmark row gets: the run's options, the shared fixtures and a progress log.
import type { Fixtures } from './fixtures.js';
import type { Scenario } from './results.js';

export interface BenchOptions {
  /** One run of everything, caps on the slowest baseline: a smoke run for CI. */
  quick: boolean;
  /** Runs of each quick measurement. */
  runs: number;
  /** Only these rows (1–10); all when undefined. */
  only?: ReadonlySet<number>;
  /** Also write docs/BENCHMARKS.md. */
  docs: boolean;
}

export interface BenchContext {
  options: BenchOptions;
  fixtures: Fixtures;
  log: (message: string) => void;
}

export interface BenchRow {
  /** The number of the row in the list. */
  row: number;
  title: string;
  run: (ctx: BenchContext) => Promise<Scenario[]>;
}
