// Records what `podman pull` really prints, byte for byte, for the pull-progress
// parser's tests: under a pseudo-terminal (as Toolshed pulls, to get podman's
// progress bars) or through pipes. Usage:
//   node test/recorded/pull/record.mjs pty|pipe OUTPUT.txt REFERENCE
// Point CONTAINERS_STORAGE_CONF / CONTAINERS_REGISTRIES_CONF at a scratch store
// and a local registry (see README.md) so nothing touches the real storage.
import { spawn as spawnPty } from 'node-pty';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const [mode, output, reference] = process.argv.slice(2);
if (!mode || !output || !reference) throw new Error('usage: record.mjs pty|pipe OUTPUT.txt REFERENCE');
const chunks = [];
const done = (code) => {
  writeFileSync(output, chunks.join(''));
  console.log(`exit ${code}, ${chunks.join('').length} chars -> ${output}`);
};
if (mode === 'pty') {
  const pty = spawnPty('podman', ['pull', '--', reference], { name: 'dumb', cols: 200, rows: 50, cwd: '/tmp', env: process.env });
  pty.onData((data) => chunks.push(data));
  pty.onExit(({ exitCode }) => done(exitCode));
} else {
  const child = spawn('podman', ['pull', '--', reference], { cwd: '/tmp', stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (data) => chunks.push(String(data)));
  child.stderr.on('data', (data) => chunks.push(String(data)));
  child.on('close', (code) => done(code));
}
