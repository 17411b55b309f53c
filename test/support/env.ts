// What the integration tests need from the machine. With CI=true a missing tool
// fails the test run; on a developer's machine the suite is skipped with the reason.
import { execFileSync } from 'node:child_process';
import { FIXTURE_IMAGE } from './machine.js';

export { FIXTURE_IMAGE };
export const PODMAN_AS_TOOLSHED = new URL('./podman-as-toolshed.sh', import.meta.url).pathname;

export function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', cwd: '/tmp' });
    return true;
  } catch {
    return false;
  }
}

/** Why the suite cannot run here, or undefined when it can. Throws in CI instead. */
export function missing(requirements: { podman?: boolean; fixture?: boolean; toolbox?: boolean; rootless?: boolean; distrobox?: boolean }): string | undefined {
  const problems: string[] = [];
  if (requirements.podman !== false && !works('podman', ['--version'])) problems.push('podman is not installed');
  if (requirements.fixture && !works('podman', ['image', 'exists', FIXTURE_IMAGE]))
    problems.push(`the fixture image ${FIXTURE_IMAGE} is missing (npm run fixtures)`);
  if (requirements.toolbox && !works('toolbox', ['--version'])) problems.push('the toolbox CLI is not installed (scripts/prepare-machine.sh)');
  if (requirements.distrobox && !works('distrobox', ['version'])) problems.push('distrobox is not installed (scripts/prepare-machine.sh)');
  if (requirements.rootless && !works(PODMAN_AS_TOOLSHED, ['image', 'exists', FIXTURE_IMAGE]))
    problems.push(`rootless podman as user "toolshed" with ${FIXTURE_IMAGE} is not set up (npm run fixtures)`);
  if (problems.length === 0) return undefined;
  if (process.env.CI) throw new Error(`Integration tests cannot run: ${problems.join('; ')}`);
  return problems.join('; ');
}

export function podman(...args: string[]): string {
  return execFileSync('podman', args, { encoding: 'utf8', cwd: '/tmp' }).trim();
}

export function removeContainers(names: string[], binary = 'podman'): void {
  for (const name of names) {
    try {
      execFileSync(binary, ['rm', '--force', '--time', '0', name], { stdio: 'ignore', cwd: '/tmp' });
    } catch {
      // already gone
    }
  }
}

/** An engine as the app runs it, with settings in a temporary folder: the bench's own. */
export { scratchEngine as testEngine } from './engine.js';
