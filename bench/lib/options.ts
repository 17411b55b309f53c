// The command line of `npm run bench` (usage text in bench/main.ts).
import type { BenchOptions } from './context.js';

export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const options: BenchOptions = { quick: false, runs: 5, docs: false };
  let runsGiven = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--docs') options.docs = true;
    else if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--runs') {
      const runs = Number(argv[(i += 1)]);
      if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error('--runs takes a whole number from 1 to 50');
      options.runs = runs;
      runsGiven = true;
    } else if (arg === '--only') {
      const rows = (argv[(i += 1)] ?? '').split(',').map(Number);
      if (rows.length === 0 || rows.some((row) => !Number.isInteger(row) || row < 1 || row > 10))
        throw new Error('--only takes row numbers from 1 to 10, e.g. --only 3,7');
      options.only = new Set(rows);
    } else throw new Error(`unknown option ${arg}`);
  }
  if (options.quick && !runsGiven) options.runs = 1;
  return options;
}
