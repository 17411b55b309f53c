// `npm run bench`: builds the app (the bench serves the built UI), bundles the
// TypeScript benchmarks with esbuild (as scripts/build-node.js does for the
// app: no TypeScript loader needed) and runs them. Options: bench/main.ts.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build');
const wantsHelp = args.includes('--help') || args.includes('-h');

if (!skipBuild && !wantsHelp) {
  // stdout is kept for the table: the build's output goes to stderr
  const built = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 2, 2] });
  if (built.status !== 0) {
    process.stderr.write('bench: "npm run build" failed\n');
    process.exit(1);
  }
}

await build({
  entryPoints: { main: 'bench/main.ts', 'create-as-user': 'test/support/createAsUser.ts' },
  absWorkingDir: repo,
  outdir: 'dist/bench',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // node_modules stay external; the bundles sit inside the repository so they resolve
  packages: 'external',
  logLevel: 'warning',
});

const { main } = await import(new URL('../dist/bench/main.mjs', import.meta.url).href);
process.exitCode = await main(args.filter((arg) => arg !== '--no-build'));
