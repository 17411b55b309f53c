// Compiles native/toolshed-host.c (the host-commands client and agent, see
// docs/HOST-COMMANDS.md) into dist/native/toolshed-host. Static, so that it runs
// in any toolbox whatever its C library; linked dynamically, with a warning,
// where this machine has no static C library. Compiler: $CC, else cc.
// Nothing to do (and nothing printed) when the output is newer than the source,
// unless --force.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const source = path.join(repo, 'native/toolshed-host.c');
const output = path.join(repo, 'dist/native/toolshed-host');
const inputs = [source, fileURLToPath(import.meta.url)];

const modified = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};
const built = modified(output);
if (!process.argv.includes('--force') && built !== undefined && inputs.every((file) => built > (modified(file) ?? Infinity))) process.exit(0);

const [cc, ...ccArgs] = (process.env.CC?.trim() || 'cc').split(/\s+/);
const run = (args, stdio = 'pipe') => spawnSync(cc, [...ccArgs, ...args], { cwd: repo, stdio, encoding: 'utf8' });

mkdirSync(path.dirname(output), { recursive: true });
// Unique names, renamed into place at the end: test workers may build at the same time.
const object = `${output}.${process.pid}.o`;
const linked = `${output}.${process.pid}.tmp`;
try {
  const compiled = run(['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', '-c', source, '-o', object], 'inherit');
  if (compiled.error) fail(`cannot run ${cc}: ${compiled.error.message}`);
  if (compiled.status !== 0) fail(`${cc} failed to compile ${path.relative(repo, source)}`);

  // glibc before 2.34 keeps openpty in libutil
  const link = (extra) => run([object, '-o', linked, ...extra]);
  let result = link(['-static']);
  if (result.status !== 0) result = link(['-static', '-lutil']);
  if (result.status !== 0) {
    const staticOutput = result.stderr.trim();
    result = link([]);
    if (result.status !== 0) result = link(['-lutil']);
    if (result.status !== 0) fail(`${cc} failed to link toolshed-host:\n${result.stderr.trim()}`);
    console.warn(
      `build-native: warning: static linking failed, so dist/native/toolshed-host is linked dynamically: it may not run in toolboxes with an older C library than this machine's (install the static C library, e.g. glibc-static or libc6-dev, to fix this).\n${staticOutput}`,
    );
  }
  renameSync(linked, output);
} finally {
  rmSync(object, { force: true });
  rmSync(linked, { force: true });
}

function fail(message) {
  console.error(`build-native: ${message}`);
  rmSync(object, { force: true });
  rmSync(linked, { force: true });
  process.exit(1);
}
