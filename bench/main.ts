// `npm run bench`: Toolshed beside podman, the toolbox CLI and distrobox, in
// one run on one machine. Prints the Markdown table on stdout (progress goes
// to stderr) and writes bench/results/<time>.json and .md. Every container it
// makes is named tsh-bench-*, and all of them are removed at the end, also
// when a benchmark fails or the run is interrupted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM } from '../test/support/machine.js';
import { FIXTURE_IMAGE, removeAllBenchContainers } from './lib/containers.js';
import type { BenchContext, BenchOptions, BenchRow } from './lib/context.js';
import { parseOptions } from './lib/options.js';
import { Fixtures } from './lib/fixtures.js';
import { describeMachine } from './lib/machine.js';
import { errorText } from './lib/measure.js';
import { asRootlessUser, ROOTLESS_USER } from '../test/support/rootless.js';
import { hasFailures, jsonReport, markdownReport, markdownTable, type RunReport, type Scenario } from './lib/results.js';
import { REPO } from '../test/support/serve.js';
import { createToFirstCommand } from './rows/createToFirstCommand.js';
import { openTab } from './rows/openTab.js';
import { list } from './rows/list.js';
import { terminalThroughput } from './rows/terminalThroughput.js';
import { memory } from './rows/memory.js';
import { coldStart } from './rows/coldStart.js';
import { editSetup } from './rows/editSetup.js';
import { hostCommand } from './rows/hostCommand.js';
import { updateCheck } from './rows/updateCheck.js';
import { blueprint } from './rows/blueprint.js';
import { peersMissing } from './peers/xTerminal.js';

const USAGE = `Usage: npm run bench -- [--quick] [--runs N] [--only 1,3,…] [--docs] [--no-build]

Measures Toolshed beside podman, the toolbox CLI and distrobox (rows of issues 9 and 15):
  1 create to first command   2 open a tab to the prompt   3 list with 50 containers
  4 terminal throughput, keystroke echo and Ctrl+C (beside xterm and sakura, a VTE terminal, on Xvfb)
  5 memory   6 start to the list (serve cold and warm, the desktop app on the stand-in Electron)
  7 edit the setup of a toolbox with 200 MB written into it (50 with --quick)
  8 a host command from inside a toolbox (toolshed-host true)   9 check 5 toolboxes for updates
  10 make a toolbox with 10 packages (a blueprint)
  --quick     one run of each, no warm-up runs, 10 MiB instead of 50 through the terminal, and
              distrobox's first entry capped at 10 s: a smoke run for CI, under 2 minutes
  --runs N    runs of each quick measurement (default 5; distrobox at most 2)
  --only L    only these rows, e.g. --only 3,7
  --docs      also write docs/BENCHMARKS.md from this run
  --no-build  use dist/ as it is (otherwise "npm run build" runs first)
Needs root, podman, toolbox, distrobox, /usr/bin/chromium, Xvfb, xterm, sakura, a C compiler with the
X11, XTEST and DAMAGE headers (row 4's screen probe), the user "${ROOTLESS_USER}" and the fixture
image ${FIXTURE_IMAGE} in root's and that user's storage (npm run fixtures).`;

// run order: rows sharing fixtures stay together (the 50 containers for 3 and 6; serve and Chromium for 4–6)
const ROWS: BenchRow[] = [createToFirstCommand, openTab, hostCommand, updateCheck, blueprint, list, coldStart, terminalThroughput, memory, editSetup];

function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', cwd: '/tmp', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** What the chosen rows need, checked before anything is made; each problem names its fix. */
function problems(rows: readonly BenchRow[]): string[] {
  const found: string[] = [];
  const need = (row: number) => rows.some((r) => r.row === row);
  if (process.getuid?.() !== 0) found.push('run it as root (it compares root and rootless containers, and runs distrobox as another user)');
  if (!works('podman', ['image', 'exists', FIXTURE_IMAGE])) found.push(`podman or the fixture image ${FIXTURE_IMAGE} is missing (npm run fixtures)`);
  if (!works('toolbox', ['--version'])) found.push('the toolbox CLI is missing (scripts/prepare-machine.sh)');
  if (need(1)) {
    if (!works('distrobox', ['version'])) found.push('distrobox is missing (scripts/prepare-machine.sh)');
    const [file, args] = asRootlessUser('podman', ['image', 'exists', FIXTURE_IMAGE]);
    if (!works(file, args)) found.push(`the user ${ROOTLESS_USER} or the image ${FIXTURE_IMAGE} in its rootless storage is missing (npm run fixtures)`);
  }
  if ([2, 3, 4, 5, 6].some(need) && !existsSync(path.join(REPO, 'dist/server/cli.js'))) found.push('dist/ is missing: run "npm run build"');
  if ([2, 4, 5, 6].some(need) && !existsSync(CHROMIUM)) found.push(`Chromium is missing at ${CHROMIUM} (apt-get install chromium)`);
  if (need(4)) found.push(...peersMissing());
  return found;
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`bench: ${errorText(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const began = performance.now();
  const log = (message: string) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
  const chosen = ROWS.filter((row) => !options.only || options.only.has(row.row));
  const missing = problems(chosen);
  if (missing.length) {
    process.stderr.write(`bench: cannot run here:\n${missing.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }

  const fixtures = new Fixtures(log);
  const ctx: BenchContext = { options, fixtures, log };
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: cleaning up`);
    void fixtures
      .dispose()
      .then(() => removeAllBenchContainers())
      .finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // a stray rejection must not end the run before its containers are removed
  process.on('unhandledRejection', (reason) => log(`unhandled rejection (ignored): ${errorText(reason)}`));

  const date = new Date();
  const loadAtStart = os.loadavg()[0]!;
  const leftovers = await removeAllBenchContainers();
  if (leftovers.length) log(`removed ${leftovers.length} tsh-bench-* containers left by an earlier run`);
  const machine = describeMachine(CHROMIUM);
  log(`machine: ${machine.description}`);

  const scenarios: Scenario[] = [];
  try {
    for (const row of chosen) {
      log(`row ${row.row}: ${row.title}`);
      try {
        scenarios.push(...(await row.run(ctx)));
      } catch (error) {
        log(`row ${row.row} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        scenarios.push({ id: String(row.row), title: row.title, kind: 'time', subjects: [{ label: 'the whole row', samples: [], error: errorText(error) }] });
      }
    }
  } finally {
    await fixtures.dispose();
    const removed = await removeAllBenchContainers();
    log(`removed ${removed.length} leftover tsh-bench-* containers; cleanup done`);
  }
  scenarios.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

  const report: RunReport = {
    date: date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    machine,
    options: { quick: options.quick, runs: options.runs, command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}` },
    durationSeconds: (performance.now() - began) / 1000,
    load: { start: loadAtStart, end: os.loadavg()[0]! },
    scenarios,
  };
  const markdown = markdownReport(report);
  const resultsDir = path.join(REPO, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  const base = path.join(resultsDir, stamp(date));
  writeFileSync(`${base}.json`, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
  writeFileSync(`${base}.md`, `# Toolshed benchmarks\n\n${markdown}`);
  if (options.docs) writeFileSync(path.join(REPO, 'docs/BENCHMARKS.md'), docsPage(markdown));
  log(`wrote ${path.relative(REPO, base)}.json and .md${options.docs ? ' and docs/BENCHMARKS.md' : ''}`);

  process.stdout.write(`\n${markdownTable(scenarios)}\n\n`);
  process.stdout.write(
    `${report.date}, ${machine.description}; ${Math.round(report.durationSeconds)} s, load ${report.load.start.toFixed(1)} → ${report.load.end.toFixed(1)}\n`,
  );
  return hasFailures(scenarios) ? 1 : 0;
}

function docsPage(markdown: string): string {
  return [
    '# Benchmarks',
    '',
    'Toolshed beside the tools it replaces, measured in one run on one machine with `npm run bench`',
    '(scripts in `bench/`; each run writes `bench/results/<time>.json` and `.md`). Ratios matter more',
    'than absolute times: rerun it on your machine.',
    '',
    markdown,
  ].join('\n');
}
