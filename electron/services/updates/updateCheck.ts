// One toolbox's update check through podman exec, as root, without prompts:
// its package manager found from os-release and the programs it has, then the
// manager's check steps (shared/domain/packageUpdates.ts) run one by one,
// stopping at the first that failed (after waiting out a lock another process
// holds), and read.
import { setTimeout as delay } from 'node:timers/promises';
import { parseOsRelease } from '../../../shared/domain/osRelease.js';
import {
  checkFailure,
  detectPackageManager,
  evaluateCheck,
  lockHeldElsewhere,
  osIdentity,
  PACKAGE_MANAGER_BINARIES,
  PACKAGE_MANAGERS,
  updateCommands,
  type PackageManager,
  type PendingUpdate,
  type StepResult,
} from '../../../shared/domain/packageUpdates.js';
import type { PodmanClient } from '../podman/client.js';

/** A refresh of a slow mirror takes a while; a step that hangs must still end. */
const STEP_TIMEOUT_MS = 5 * 60_000;
const RECORD_SEPARATOR = '\x1e';
/** A step locked out by another process is run again this often, for up to a minute. */
const LOCK_RETRY_MS = 5_000;
const LOCK_TRIES = 12;

/** Prints os-release, a record separator, then the package managers' programs the container has. */
const DETECT_SCRIPT = `cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
printf '\\036\\n'
for program in ${PACKAGE_MANAGERS.map((m) => PACKAGE_MANAGER_BINARIES[m]).join(' ')}; do command -v "$program" >/dev/null 2>&1 && echo "$program"; done
exit 0`;

export type CheckResult = { manager: PackageManager; pending: PendingUpdate[] } | { manager?: PackageManager; error: string };

export async function detectManager(podman: PodmanClient, containerId: string): Promise<PackageManager | null> {
  const { stdout } = await podman.execForExit(containerId, ['sh', '-c', DETECT_SCRIPT], { user: 'root', timeoutMs: 30_000, background: true });
  const [osRelease = '', programs = ''] = stdout.split(RECORD_SEPARATOR);
  return detectPackageManager(
    osIdentity(parseOsRelease(osRelease)),
    programs
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
}

/**
 * Checks a running container; a failure is a result with the manager's own
 * words. `known`: its manager found by an earlier check (a container keeps it).
 */
export async function checkContainer(podman: PodmanClient, containerId: string, known?: PackageManager): Promise<CheckResult> {
  const manager = known ?? (await detectManager(podman, containerId));
  if (!manager) return { error: 'No package manager Toolshed knows (apt, dnf, pacman, zypper, apk) was found in it.' };
  const commands = updateCommands(manager);
  const results: StepResult[] = [];
  for (const [index, argv] of commands.check.entries()) {
    for (let tries = 1; ; tries++) {
      const result = await podman.execForExit(containerId, argv, { user: 'root', env: commands.env, timeoutMs: STEP_TIMEOUT_MS, background: true });
      const failure = checkFailure(manager, result.exitCode, result.stdout, result.stderr, index);
      if (failure === null) {
        results.push(result);
        break;
      }
      if (tries === LOCK_TRIES || !lockHeldElsewhere(manager, failure)) return { manager, error: failure };
      await delay(LOCK_RETRY_MS);
    }
  }
  const outcome = evaluateCheck(manager, results);
  return outcome.ok ? { manager, pending: outcome.updates } : { manager, error: outcome.error };
}
