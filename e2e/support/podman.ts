// The e2e suite checks podman's real state with podman itself.
import { execFileSync } from 'node:child_process';

export function podman(...args: string[]): string {
  return execFileSync('podman', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function containerState(name: string): string | undefined {
  try {
    return podman('inspect', '--type', 'container', '--format', '{{.State.Status}}', name);
  } catch {
    return undefined;
  }
}

/** Removes the test's own containers (by exact name), ignoring ones already gone. */
export function removeContainers(...names: string[]): void {
  for (const name of names) {
    try {
      podman('rm', '--force', '--time', '0', name);
    } catch {
      // already gone
    }
  }
}
