// The bench's own containers: every name starts with PREFIX, and cleanup removes
// exactly those (root and rootless storage), with their anonymous volumes and
// the launcher entries `distrobox create` writes for them. Nothing else is touched.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { FIXTURE_IMAGE } from '../../test/support/machine.js';
import { run, runOk } from './processes.js';
import { ROOTLESS_USER } from '../../test/support/rootless.js';

export { FIXTURE_IMAGE };
export const PREFIX = 'tsh-bench-';

export function benchName(suffix: string): string {
  const name = `${PREFIX}${suffix}`;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) throw new Error(`not a container name: ${name}`);
  return name;
}

async function benchContainers(rootless: boolean): Promise<string[]> {
  const result = await run('podman', ['ps', '--all', '--format', '{{.Names}}'], { rootless, timeoutMs: 60_000 });
  if (result.code !== 0) return [];
  return result.stdout.split('\n').filter((name) => name.startsWith(PREFIX));
}

/** Removes the named bench containers (force, no wait, with their anonymous volumes). */
export async function removeContainers(names: readonly string[], options: { rootless?: boolean } = {}): Promise<void> {
  const ours = names.filter((name) => name.startsWith(PREFIX));
  if (ours.length === 0) return;
  // one podman call for many names is far quicker than one each
  await run('podman', ['rm', '--force', '--volumes', '--time', '0', '--', ...ours], { rootless: options.rootless ?? false, timeoutMs: 120_000 });
  if (options.rootless) {
    for (const name of ours) rmSync(path.join('/home', ROOTLESS_USER, '.local/share/applications', `${name}.desktop`), { force: true });
  }
}

/** Removes every tsh-bench-* container of root and of the rootless user. */
export async function removeAllBenchContainers(): Promise<string[]> {
  const removed: string[] = [];
  for (const rootless of [false, true]) {
    const names = await benchContainers(rootless);
    await removeContainers(names, { rootless });
    removed.push(...names.map((name) => (rootless ? `${name} (${ROOTLESS_USER})` : name)));
  }
  return removed;
}

/** `podman create` a stopped container labelled as a toolbox (for the list benchmark). */
export async function createLabelled(name: string): Promise<void> {
  await runOk('podman', ['create', '--name', name, '--label', 'com.github.containers.toolbox=true', '--', FIXTURE_IMAGE, 'true'], { timeoutMs: 60_000 });
}
