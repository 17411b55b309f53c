// Records what a package manager's update check prints in a running container:
// the steps of updateCommands(manager).check (shared/domain/packageUpdates.ts),
// each run with `podman exec --user root --env …`, stopping at the first failed
// step as Toolshed will. Writes { manager, about, steps: [{ argv, exitCode,
// stdout, stderr }] } as JSON.
//
//   node test/recorded/updates/record.mjs CONTAINER MANAGER OUT.json "ABOUT"
//
// RECORD_OVERRIDE='{"0":["apt-get","update","-qq"]}' replaces a step's argv (to
// record what another version of the command prints); the file then says so.
// Needs podman (run as root here) and esbuild (a dev dependency) to load the TS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const [container, manager, out, about = ''] = process.argv.slice(2);
if (!container || !manager || !out) {
  console.error('usage: node record.mjs CONTAINER MANAGER OUT.json "ABOUT"');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'tsh-updates-'));
try {
  const entry = fileURLToPath(new URL('../../../shared/domain/packageUpdates.ts', import.meta.url));
  const bundle = join(dir, 'packageUpdates.mjs');
  buildSync({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile: bundle, logLevel: 'error' });
  const { updateCommands, checkFailure } = await import(bundle);
  const { check, env } = updateCommands(manager);
  const overrides = JSON.parse(process.env.RECORD_OVERRIDE || '{}');
  for (const [index, argv] of Object.entries(overrides)) check[Number(index)] = argv;
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const steps = [];
  for (const [index, argv] of check.entries()) {
    const run = spawnSync('podman', ['exec', '--user', 'root', ...envArgs, container, ...argv], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.error) throw run.error;
    const step = { argv, exitCode: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
    steps.push(step);
    const failure = checkFailure(manager, step.exitCode, step.stdout, step.stderr, index);
    console.error(`${argv.join(' ')} -> exit ${step.exitCode}${failure ? `; failure: ${failure}` : ''}`);
    if (failure !== null) break;
  }
  writeFileSync(out, `${JSON.stringify({ manager, about, steps }, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
