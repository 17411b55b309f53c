// Making a container usable, in one place: a stopped container is started, and
// a Toolbx container is usable once its entry point (`toolbox init-container`)
// has made the user and written its ready stamp. The wait for that stamp is
// the one `toolbox enter` does, streaming the init log meanwhile so the user
// sees progress, and failing with that log when init dies or takes too long.
// Start, restart, create, terminal tabs and app listing all come through here.
import { watch, type FSWatcher } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { ContainerSummary } from '../../../shared/contract.js';
import { ToolshedError } from '../../../shared/errors.js';
import type { ReadinessContext } from '../engineContext.js';
import type { PodmanClient } from '../podman/client.js';
import type { PodmanInspect } from '../podman/types.js';
import { xdgRuntimeDir } from '../xdgDirs.js';
import { lastInitError, logfmtMessage } from './initLog.js';
import { p11KitServerEnv } from './p11kit.js';
import { behaviourForHost, type ToolboxBehaviour } from './toolboxVersions.js';
import { CONTAINER_KINDS } from '../../../shared/domain/containerKinds.js';

/** Toolbx's runtime directory: /run/toolbox for root, $XDG_RUNTIME_DIR/toolbox otherwise. */
export function toolboxRuntimeDir(uid: number, env: NodeJS.ProcessEnv): string {
  if (uid === 0) return '/run/toolbox';
  return path.join(xdgRuntimeDir(uid, env), 'toolbox');
}

export function initStampPath(runtimeDir: string, containerPid: number): string {
  return path.join(runtimeDir, `container-initialized-${containerPid}`);
}

/** What the host's toolbox (the one the settings choose) does at create and enter; the newest release's without one. */
export async function hostToolboxBehaviour(ctx: Pick<ReadinessContext, 'hostFacts' | 'settings'>): Promise<ToolboxBehaviour> {
  const toolbox = await ctx.hostFacts.toolboxBinary(ctx.settings.get().toolboxBinary).catch(() => undefined);
  return behaviourForHost(toolbox);
}

/** What a toolbox needs on the host before it starts, as the host's toolbox does it: its p11-kit server (0.1.2 on); its address. */
export async function beforeToolboxStarts(ctx: Pick<ReadinessContext, 'uid' | 'env' | 'log'>, behaviour: ToolboxBehaviour): Promise<Record<string, string>> {
  return behaviour.p11Kit ? p11KitServerEnv(toolboxRuntimeDir(ctx.uid, ctx.env), ctx.log) : {};
}

export interface EnsureReadyOptions {
  /** The progress line while starting (default "Starting NAME…"). */
  startMessage?: string;
}

/**
 * Starts the container when podman says it is not running, and waits for a
 * Toolbx container's init (also when it was running: someone may have started
 * it a moment ago). Progress goes out as `progress` events of operation "start".
 */
export async function ensureReady(
  ctx: ReadinessContext,
  container: Pick<ContainerSummary, 'id' | 'name' | 'manager'>,
  options: EnsureReadyOptions = {},
): Promise<void> {
  const progress = (message: string, done?: boolean) =>
    ctx.emit('progress', { operation: 'start', container: container.name, message, ...(done ? { done } : {}) });
  const inspected = await ctx.podman.inspect(container.id);
  const wasRunning = inspected.State.Running;
  if (!wasRunning) {
    progress(options.startMessage ?? `Starting ${container.name}…`);
    if (CONTAINER_KINDS[container.manager].initStamp) await beforeToolboxStarts(ctx, await hostToolboxBehaviour(ctx));
    await ctx.podman.start(container.id);
  }
  if (CONTAINER_KINDS[container.manager].initStamp) {
    if (!wasRunning) progress('Waiting for the toolbox to finish its setup…');
    await awaitToolboxInit(ctx, container, progress, wasRunning ? inspected : undefined);
  }
  if (!wasRunning) {
    progress(`${container.name} is running.`, true);
    void ctx.containers.refresh().catch(() => undefined);
  }
}

export interface WaitForInitOptions {
  runtimeDir: string;
  timeoutMs?: number;
  onLog?: (line: string) => void;
  pollMs?: number;
  /** The container as the caller just inspected it (running): saves a podman call on the way to a tab. */
  inspected?: PodmanInspect;
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

  const inspect = options.inspected ?? (await podman.inspect(container));
  const state = inspect.State;
  if (!state.Running) throw new ToolshedError('INIT_FAILED', `"${container}" is not running.`);
  // a container with the Toolbx label that does not run `toolbox init-container` (made with plain
  // podman, say) is never set up: say so now rather than after the whole wait (Toolbx refuses it too)
  const command = inspect.Config.Cmd ?? [];
  if (command[0] !== 'toolbox') {
    throw new ToolshedError(
      'INIT_FAILED',
      `"${container}" carries the Toolbx label but does not run \`toolbox init-container\` (its command is "${command.join(' ').slice(0, 120)}"), so nothing sets it up for you.`,
      'Create it with Toolshed or `toolbox create`, or open it with podman directly.',
    );
  }
  const stamp = initStampPath(options.runtimeDir, state.Pid);
  if (await exists(stamp)) return;

  const follower = podman.followLogs(container, (line) => {
    if (log.length >= 500) log.shift();
    log.push(line);
    options.onLog?.(line);
  });

  const deadline = Date.now() + timeoutMs;
  // the stamp is looked for when its folder changes (inotify), and every pollMs in case it cannot be watched
  const changed = watchFolder(path.dirname(stamp));
  try {
    for (;;) {
      // a fast init's log lines are not worth another podman call on the way to the first prompt
      if (await exists(stamp)) return;
      if (Date.now() > deadline) {
        throw new ToolshedError('INIT_FAILED', `"${container}" did not finish its setup within ${Math.round(timeoutMs / 1000)} s.`, logText());
      }
      // the log stream ends when the container stops: init failed
      if (follower.ended) {
        const now = (await podman.inspect(container)).State;
        if (!now.Running) {
          await delay(50);
          throw new ToolshedError('INIT_FAILED', `"${container}" stopped during its setup (exit code ${now.ExitCode ?? '?'}).`, logText());
        }
      }
      await changed.next(pollMs);
    }
  } finally {
    changed.close();
    follower.stop();
  }
}

/** Wakes a waiter when something in `folder` changes, or after the given time, whichever comes first. */
function watchFolder(folder: string): { next: (ms: number) => Promise<void>; close: () => void } {
  let wake: (() => void) | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(folder, () => wake?.());
    watcher.on('error', () => watcher?.close());
  } catch {
    // not watchable (missing, or no inotify): polling alone
  }
  return {
    next: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => wake?.(), ms);
        wake = () => {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
      }),
    close: () => watcher?.close(),
  };
}

/**
 * The engine's wait for a Toolbx container's init: its runtime dir and init
 * timeout, each log line reported in words, and a failed init named by the
 * init's own last error.
 */
export async function awaitToolboxInit(
  ctx: Pick<ReadinessContext, 'podman' | 'uid' | 'env' | 'initTimeoutMs'>,
  container: { id: string; name: string },
  onMessage: (message: string) => void,
  inspected?: PodmanInspect,
): Promise<void> {
  try {
    await waitForToolboxInit(ctx.podman, container.id, {
      ...(inspected ? { inspected } : {}),
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
 * `podman logs`, both streams, once the container has settled: right after its
 * process ends, podman shows it as "stopped" and its log may still be unwritten.
 */
export async function settledContainerLog(podman: PodmanClient, id: string): Promise<string> {
  for (let i = 0; i < 30; i++) {
    const status = await podman.inspect(id).then(
      (info) => info.State.Status,
      () => 'gone',
    );
    if (status !== 'stopped' && status !== 'stopping') break;
    await delay(100);
  }
  return podman.logs(id);
}
