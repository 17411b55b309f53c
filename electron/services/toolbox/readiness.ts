// A Toolbx container is usable once its entry point (`toolbox init-container`)
// has made the user and written its ready stamp. This waits for that stamp the
// way `toolbox enter` does, streaming the init log meanwhile so the user sees
// progress, and fails with that log when init dies or takes too long.
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { PodmanClient } from '../podman/client.js';
import { ToolshedError } from '../../../shared/errors.js';

/** Toolbx's runtime directory: /run/toolbox for root, $XDG_RUNTIME_DIR/toolbox otherwise. */
export function toolboxRuntimeDir(uid: number, env: NodeJS.ProcessEnv): string {
  if (uid === 0) return '/run/toolbox';
  const runtimeDir = env.XDG_RUNTIME_DIR || `/run/user/${uid}`;
  return path.join(runtimeDir, 'toolbox');
}

export function initStampPath(runtimeDir: string, containerPid: number): string {
  return path.join(runtimeDir, `container-initialized-${containerPid}`);
}

export interface WaitForInitOptions {
  runtimeDir: string;
  timeoutMs?: number;
  onLog?: (line: string) => void;
  pollMs?: number;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

export async function waitForToolboxInit(podman: PodmanClient, container: string, options: WaitForInitOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const log: string[] = [];
  const logText = () => log.join('\n');

  const state = (await podman.inspect(container)).State;
  if (!state.Running) throw new ToolshedError('INIT_FAILED', `"${container}" is not running.`);
  const stamp = initStampPath(options.runtimeDir, state.Pid);
  if (await exists(stamp)) return;

  const follower = podman.runner.spawn(['logs', '--follow', '--', container]);
  let pending = '';
  const onChunk = (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (log.length >= 500) log.shift();
      log.push(line);
      options.onLog?.(line);
    }
  };
  follower.stdout?.setEncoding('utf8').on('data', onChunk);
  follower.stderr?.setEncoding('utf8').on('data', onChunk);
  follower.on('error', () => undefined);

  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (await exists(stamp)) return;
      if (Date.now() > deadline) {
        throw new ToolshedError('INIT_FAILED', `"${container}" did not finish its setup within ${Math.round(timeoutMs / 1000)} s.`, logText());
      }
      // the log stream ends when the container stops: init failed
      if (follower.exitCode !== null) {
        const now = (await podman.inspect(container)).State;
        if (!now.Running) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new ToolshedError('INIT_FAILED', `"${container}" stopped during its setup (exit code ${now.ExitCode ?? '?'}).`, logText());
        }
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    follower.kill('SIGTERM');
  }
}
