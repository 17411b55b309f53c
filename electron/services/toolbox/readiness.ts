// A Toolbx container is usable once its entry point (`toolbox init-container`)
// has made the user and written its ready stamp. This waits for that stamp the
// way `toolbox enter` does, streaming the init log meanwhile so the user sees
// progress, and fails with that log when init dies or takes too long.
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { PodmanClient } from '../podman/client.js';
import type { EngineContext } from '../engine.js';
import { ToolshedError } from '../../../shared/errors.js';
import { lastInitError, logfmtMessage } from './initLog.js';
import { xdgRuntimeDir } from '../xdgDirs.js';

/** Toolbx's runtime directory: /run/toolbox for root, $XDG_RUNTIME_DIR/toolbox otherwise. */
export function toolboxRuntimeDir(uid: number, env: NodeJS.ProcessEnv): string {
  if (uid === 0) return '/run/toolbox';
  return path.join(xdgRuntimeDir(uid, env), 'toolbox');
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
  let seen = 0;
  const onChunk = (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      seen += 1;
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
      if (await exists(stamp)) {
        // init often finishes before `podman logs -f` delivers a line: report the lines it missed
        const full = (await containerLog(podman, container)).split('\n').filter(Boolean);
        for (const line of full.slice(seen)) options.onLog?.(line);
        return;
      }
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

/**
 * The engine's wait for a Toolbx container's init: its runtime dir and init
 * timeout, each log line reported in words, and a failed init named by the
 * init's own last error. Used by start, create, terminal tabs and app listing.
 */
export async function awaitToolboxInit(
  ctx: Pick<EngineContext, 'podman' | 'uid' | 'env' | 'initTimeoutMs'>,
  container: { id: string; name: string },
  onMessage: (message: string) => void,
): Promise<void> {
  try {
    await waitForToolboxInit(ctx.podman, container.id, {
      runtimeDir: toolboxRuntimeDir(ctx.uid, ctx.env),
      ...(ctx.initTimeoutMs ? { timeoutMs: ctx.initTimeoutMs } : {}),
      onLog: (line) => onMessage(logfmtMessage(line)),
    });
  } catch (error) {
    if (error instanceof ToolshedError && error.code === 'INIT_FAILED') throw await explainInitFailure(ctx.podman, container.id, container.name, error);
    throw error;
  }
}

/** An init failure named by the init's own last error, with its whole log as detail. */
async function explainInitFailure(podman: PodmanClient, id: string, name: string, error: ToolshedError): Promise<ToolshedError> {
  // an init that dies at once is over before its log is followed: read the log now
  const log = (error.detail ?? '').trim() || (await settledContainerLog(podman, id)).trim();
  const reason = lastInitError(log);
  // otherwise the wait's own message, which starts with the quoted reference it was given
  const message = reason ? `${name} could not set itself up: ${reason}` : error.message.replace(/^"[^"]*"/, name);
  return new ToolshedError('INIT_FAILED', message, log || 'The container logged nothing.');
}

/**
 * `podman logs`, both streams (the toolbox binary logs to stderr, Toolshed's
 * init to stdout), once the container has settled: right after its process
 * ends, podman shows it as "stopped" and its log may still be unwritten.
 */
export async function settledContainerLog(podman: PodmanClient, id: string): Promise<string> {
  for (let i = 0; i < 30; i++) {
    const status = await podman.inspect(id).then(
      (info) => info.State.Status,
      () => 'gone',
    );
    if (status !== 'stopped' && status !== 'stopping') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return containerLog(podman, id);
}

/** `podman logs` now, both streams: for a container that is running, or has settled. */
function containerLog(podman: PodmanClient, id: string): Promise<string> {
  return new Promise((resolve) => {
    const child = podman.runner.spawn(['logs', '--', id]);
    let text = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const collect = (chunk: string) => {
      if (text.length < 256 * 1024) text += chunk;
    };
    child.stdout?.setEncoding('utf8').on('data', collect);
    child.stderr?.setEncoding('utf8').on('data', collect);
    child.on('error', () => undefined);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}
