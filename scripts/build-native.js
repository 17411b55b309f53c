// Compiles every .c file in native/ (toolshed-host, the host-commands client and
// agent, see docs/HOST-COMMANDS.md; native/main.c says which file holds what)
// and links them into dist/native/toolshed-host. Static, so that it runs in any
// toolbox whatever its C library; linked dynamically, with a warning, where this
// machine has no static C library. Compiler: $CC, else cc.
// Nothing to do (and nothing printed) when the output is newer than every source
// and header, unless --force.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const nativeDir = path.join(repo, 'native');
const files = readdirSync(nativeDir).sort();
const sources = files.filter((name) => name.endsWith('.c')).map((name) => path.join(nativeDir, name));
const headers = files.filter((name) => name.endsWith('.h')).map((name) => path.join(nativeDir, name));
const output = path.join(repo, 'dist/native/toolshed-host');
// the folder too: its time changes when a file is added, removed or renamed
const inputs = [nativeDir, ...sources, ...headers, fileURLToPath(import.meta.url)];

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
const objects = sources.map((source) => `${output}.${process.pid}.${path.basename(source, '.c')}.o`);
const linked = `${output}.${process.pid}.tmp`;
try {
  sources.forEach((source, i) => {
    const compiled = run(['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', '-c', source, '-o', objects[i]], 'inherit');
    if (compiled.error) fail(`cannot run ${cc}: ${compiled.error.message}`);
    if (compiled.status !== 0) fail(`${cc} failed to compile ${path.relative(repo, source)}`);
  });

  // glibc before 2.34 keeps openpty in libutil
  const link = (extra) => run([...objects, '-o', linked, ...extra]);
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
  removeTemporary();
}

function removeTemporary() {
  for (const object of objects) rmSync(object, { force: true });
  rmSync(linked, { force: true });
}

function fail(message) {
  console.error(`build-native: ${message}`);
  removeTemporary();
  process.exit(1);
}
