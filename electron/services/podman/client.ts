// podman's CLI as a typed client: one method per podman command Toolshed uses,
// JSON in, typed values out. This folder is the only place that knows podman's
// command line, its output shapes (types.ts) and its error messages (errors.ts);
// the runner that starts podman stays private to it. Containers are named by
// id or name (already validated by the contract), always after the options so
// they are never taken for one.
import type * as pty from 'node-pty';
import type { Disposable } from '../../../shared/disposable.js';
import { ToolshedError } from '../../../shared/errors.js';
import { isActiveExecSessions, isNameInUse, notFoundIfMissing } from './errors.js';
import { watchPodmanState, type StateWatchOptions } from './stateWatch.js';
import { watchPodmanEvents, type EventStream, type EventStreamOptions } from './events.js';
import { pull, type PullOptions } from './pull.js';
import { createPodmanRunner, withoutWarnings, type ExitResult, type PodmanRunner, type PodmanRunnerOptions, type RunOptions } from './runner.js';

export type { PodmanCall, PodmanRunnerOptions } from './runner.js';
export type { PullProgress } from './pull.js';
import type { PodmanImageEntry, PodmanImageInspect, PodmanInspect, PodmanPsEntry, PodmanStatsEntry } from './types.js';

/** In the environment of Toolshed's own execs: they are not somebody using the toolbox (toolbox/execSessions.ts, auto-stop). */
export const INTERNAL_EXEC_MARK = 'TOOLSHED_INTERNAL_EXEC=1';

/** `podman logs` output kept at most (the init log of a failed create, say). */
const MAX_LOG_CHARS = 256 * 1024;

export interface LogFollower {
  /** True once podman stopped following (the container stopped). */
  readonly ended: boolean;
  stop(): void;
}

const PS_TIMEOUT_MS = 15_000;

export class PodmanClient {
  private versionRead: Promise<string> | undefined;

  private constructor(private readonly runner: PodmanRunner) {}

  /** A client that runs podman as these options say (binary, environment, a call observer for tests). */
  static create(options: PodmanRunnerOptions = {}): PodmanClient {
    return new PodmanClient(createPodmanRunner(options));
  }

  /** The podman binary (a path or a name on PATH), for messages. */
  get binary(): string {
    return this.runner.binary;
  }

  /**
   * podman's version, read once: every window's first screen asks for it, and `podman version`
   * takes as long as listing every container. A failure is read again next time (podman may be
   * installed or fixed meanwhile); an upgrade while Toolshed runs shows after a restart.
   */
  version(): Promise<string> {
    this.versionRead ??= this.runner.runJson<{ Client?: { Version?: string } }>(['version', '--format', 'json'], { timeoutMs: 15_000 }).then(
      (info) => info.Client?.Version ?? 'unknown',
      (error: unknown) => {
        this.versionRead = undefined;
        throw error;
      },
    );
    return this.versionRead;
  }

  /**
   * One call for every container, whatever its manager. It answers in well under a second
   * with hundreds of containers: one that has not answered in 15 s is hung, and is killed.
   */
  ps(): Promise<PodmanPsEntry[]> {
    const timeoutMs = Math.min(PS_TIMEOUT_MS, this.runner.defaultTimeoutMs);
    return this.runner.runJson<PodmanPsEntry[] | null>(['ps', '--all', '--format', 'json'], { timeoutMs }).then((list) => list ?? []);
  }

  /** The ids of the containers (any state) carrying label KEY=VALUE. */
  async containersLabelled(key: string, value: string): Promise<string[]> {
    const list = await this.runner.runJson<PodmanPsEntry[] | null>(['ps', '--all', '--filter', `label=${key}=${value}`, '--format', 'json']);
    return (list ?? []).map((entry) => entry.Id);
  }

  /** The ids of the images carrying label KEY=VALUE. */
  async imagesLabelled(key: string, value: string): Promise<string[]> {
    const list = await this.runner.runJson<PodmanImageEntry[] | null>(['images', '--filter', `label=${key}=${value}`, '--format', 'json'], {
      timeoutMs: 30_000,
    });
    return (list ?? []).map((entry) => entry.Id);
  }

  /** podman's storage folder (its state database is under libpod/), for watchPodmanState. */
  async graphRoot(): Promise<string> {
    return (await this.runner.run(['info', '--format', '{{.Store.GraphRoot}}'], { timeoutMs: 15_000 })).trim();
  }

  /** Follows podman's state database (stateWatch.ts), the signal beside events; rejects when it cannot be watched. */
  async watchState(options: StateWatchOptions): Promise<Disposable> {
    return watchPodmanState(await this.graphRoot(), options);
  }

  /** One `podman events` stream of container events, restarted when it dies. */
  watchEvents(options: EventStreamOptions): EventStream {
    return watchPodmanEvents(this.runner, options);
  }

  async inspect(container: string, options: { size?: boolean } = {}): Promise<PodmanInspect> {
    const args = ['inspect', '--type', 'container', '--format', 'json'];
    if (options.size) args.push('--size');
    try {
      const [entry] = await this.runner.runJson<PodmanInspect[]>([...args, '--', container]);
      if (!entry) throw new ToolshedError('NOT_FOUND', `No container named "${container}".`);
      return entry;
    } catch (error) {
      throw notFoundIfMissing(error, container);
    }
  }

  async exists(container: string): Promise<boolean> {
    try {
      await this.runner.run(['container', 'exists', '--', container]);
      return true;
    } catch (error) {
      if (error instanceof ToolshedError && error.code === 'PODMAN_FAILED') return false;
      throw error;
    }
  }

  /**
   * `podman create` with these arguments (Toolbx's setup, toolbox/createArgs.ts);
   * resolves with the new container's id. A name in use is NAME_TAKEN.
   * Never killed by a timeout it could survive: a killed create could leave a
   * container whose id was never learned.
   */
  async create(createArgs: readonly string[]): Promise<string> {
    try {
      const stdout = await this.runner.run(['create', ...createArgs], { timeoutMs: 5 * 60_000 });
      return stdout.trim().split('\n').at(-1) ?? '';
    } catch (error) {
      if (isNameInUse(error)) throw new ToolshedError('NAME_TAKEN', error.message, error.detail);
      throw error;
    }
  }

  start(container: string): Promise<void> {
    return this.action(['start', '--', container], container);
  }

  /** Stops one container or several in one call. */
  async stop(containers: string | string[], timeoutSeconds = 10): Promise<void> {
    const list = Array.isArray(containers) ? containers : [containers];
    try {
      await this.action(['stop', '--time', String(timeoutSeconds), '--', ...list], list.join(', '), (timeoutSeconds + 30) * 1000);
    } catch (error) {
      if (!isActiveExecSessions(error)) throw error;
      for (const container of list) if ((await this.inspect(container)).State.Running) throw error;
    }
  }

  rename(container: string, newName: string): Promise<void> {
    return this.action(['rename', '--', container, newName], container);
  }

  /** Removes exactly this container; never its volumes (no --volumes) and never an image. */
  remove(container: string, force: boolean): Promise<void> {
    return this.action(force ? ['rm', '--force', '--', container] : ['rm', '--', container], container);
  }

  /** Removes a half-made container at once, running or not (no stop timeout). */
  forceRemove(container: string): Promise<void> {
    return this.action(['rm', '--force', '--time', '0', '--', container], container, 60_000);
  }

  async stats(container: string): Promise<PodmanStatsEntry> {
    const [entry] = await this.runner
      .runJson<PodmanStatsEntry[]>(['stats', '--no-stream', '--format', 'json', '--', container], { timeoutMs: 20_000 })
      .catch((error: unknown) => {
        throw notFoundIfMissing(error, container);
      });
    if (!entry) throw new ToolshedError('NOT_FOUND', `No statistics for "${container}" (is it running?).`);
    return entry;
  }

  /**
   * Runs a constant POSIX sh script in a running container as its default user (root in a
   * toolbox); what varies goes in `args` ($1…), never into the script. Resolves with its stdout.
   */
  async execScript(container: string, script: string, args: readonly string[] = [], options: { timeoutMs?: number } = {}): Promise<string> {
    try {
      return await this.runner.run(['exec', `--env=${INTERNAL_EXEC_MARK}`, '--', container, 'sh', '-c', script, 'sh', ...args], options);
    } catch (error) {
      throw notFoundIfMissing(error, container);
    }
  }

  /**
   * Runs a command in a running container as `user` with extra variables, and
   * returns its exit status and output (a failing command is a result: update checks read them).
   * `background`: no one waits on it; it queues apart from the calls someone does wait on.
   */
  async execForExit(
    container: string,
    command: readonly string[],
    options: { user: string; env?: Readonly<Record<string, string>>; timeoutMs?: number; background?: boolean },
  ): Promise<ExitResult> {
    // marked as Toolshed's own: a session of somebody's keeps a toolbox from its auto-stop, this does not
    const env = [INTERNAL_EXEC_MARK, ...Object.entries(options.env ?? {}).map(([name, value]) => `${name}=${value}`)].map((pair) => `--env=${pair}`);
    const runOptions: RunOptions = {
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.background ? { lane: 'background' as const } : {}),
    };
    try {
      return await this.runner.runForExit(['exec', '--user', options.user, ...env, '--', container, ...command], runOptions);
    } catch (error) {
      throw notFoundIfMissing(error, container);
    }
  }

  /**
   * Runs a command in a throwaway container of `image` (no network, removed
   * after), to read what the image itself holds; a failing command is a result.
   */
  runOnce(image: string, command: readonly string[], options: { timeoutMs?: number } = {}): Promise<ExitResult> {
    const [program = 'true', ...args] = command;
    return this.runner.runForExit(['run', '--rm', '--network', 'none', '--entrypoint', program, '--', image, ...args], options);
  }

  /** `podman exec` with these arguments (a terminal tab's, terminal/enterArgs.ts) on a pseudo-terminal; the caller owns it. */
  /** The command line of that exec, for a program the host runs itself (a terminal of the user's). */
  execCommandLine(execArgs: readonly string[]): string[] {
    return [this.runner.binary, 'exec', ...execArgs];
  }

  execOnPty(execArgs: readonly string[], ptyOptions: pty.IPtyForkOptions): pty.IPty {
    return this.runner.spawnPty(['exec', ...execArgs], ptyOptions);
  }

  /** `podman logs` now, both streams (the toolbox binary logs to stderr, Toolshed's init to stdout). */
  logs(container: string): Promise<string> {
    return new Promise((resolve) => {
      const child = this.runner.spawn(['logs', '--', container]);
      let text = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const collect = (chunk: string) => {
        if (text.length < MAX_LOG_CHARS) text += chunk;
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

  /** Follows `podman logs`, a line at a time, until stopped or until the container stops. */
  followLogs(container: string, onLine: (line: string) => void): LogFollower {
    const child = this.runner.spawn(['logs', '--follow', '--', container]);
    let pending = '';
    const onChunk = (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) onLine(line);
    };
    child.stdout?.setEncoding('utf8').on('data', onChunk);
    child.stderr?.setEncoding('utf8').on('data', onChunk);
    child.on('error', () => undefined);
    return {
      get ended() {
        return child.exitCode !== null || child.signalCode !== null;
      },
      stop: () => child.kill('SIGTERM'),
    };
  }

  images(): Promise<PodmanImageEntry[]> {
    return this.runner.runJson<PodmanImageEntry[] | null>(['images', '--format', 'json'], { timeoutMs: 30_000 }).then((list) => list ?? []);
  }

  /** `podman image exists`: exit 1 without output means absent; any other failure names a bad reference. */
  async imageExists(image: string): Promise<boolean> {
    try {
      await this.runner.run(['image', 'exists', '--', image]);
      return true;
    } catch (error) {
      if (error instanceof ToolshedError && error.code === 'PODMAN_FAILED') {
        if (!withoutWarnings(error.detail ?? '')) return false;
        throw new ToolshedError('INVALID_ARGUMENT', `The image reference ${image} is not valid: ${error.message}`, error.detail);
      }
      throw error;
    }
  }

  async imageInspect(image: string): Promise<PodmanImageInspect> {
    const [entry] = await this.runner
      .runJson<PodmanImageInspect[]>(['image', 'inspect', '--format', 'json', '--', image], { timeoutMs: 30_000 })
      .catch((error: unknown) => {
        if (error instanceof ToolshedError && error.code === 'PODMAN_FAILED' && /image not known|no such image|unable to find/i.test(error.message)) {
          throw new ToolshedError('NOT_FOUND', `There is no image ${image}.`, error.detail);
        }
        throw error;
      });
    if (!entry) throw new ToolshedError('NOT_FOUND', `There is no image ${image}.`);
    return entry;
  }

  /**
   * `podman commit`: the container's filesystem as an image named `image`, with these labels; resolves
   * with its id. Not paused (rootless podman on cgroups v1 cannot pause); the callers stop it first.
   */
  async commit(container: string, image: string, labels: Record<string, string>): Promise<string> {
    const changes = Object.entries(labels).flatMap(([key, value]) => ['--change', `LABEL ${key}=${value}`]);
    try {
      const stdout = await this.runner.run(['commit', '--pause=false', '--quiet', ...changes, '--', container, image], { timeoutMs: 30 * 60_000 });
      return stdout.trim().split('\n').at(-1) ?? '';
    } catch (error) {
      throw notFoundIfMissing(error, container);
    }
  }

  /** Gives an image one more name (moving the name from whatever image had it). */
  async tag(image: string, name: string): Promise<void> {
    await this.runner.run(['tag', image, name], { timeoutMs: 60_000 });
  }

  /** Takes one name off an image (the image stays). */
  async untag(image: string, name: string): Promise<void> {
    await this.runner.run(['untag', image, name], { timeoutMs: 60_000 });
  }

  /** Removes an image (never one a container still uses: podman refuses, and so does this). */
  async removeImage(image: string): Promise<void> {
    await this.runner.run(['rmi', '--', image], { timeoutMs: 60_000 });
  }

  /** `podman save` as an OCI archive at `file`. */
  async saveArchive(image: string, file: string): Promise<void> {
    await this.runner.run(['save', '--quiet', '--format', 'oci-archive', '--output', file, '--', image], { timeoutMs: 60 * 60_000 });
  }

  /** `podman load` of an archive; resolves with the names (or ids) podman says it loaded. */
  async loadArchive(file: string): Promise<string[]> {
    const stdout = await this.runner.run(['load', '--input', file], { timeoutMs: 60 * 60_000 });
    // "Loaded image: localhost/x:y", or "Loaded image(s): a,b" (older podman)
    return stdout
      .split('\n')
      .flatMap((line) => /^Loaded image(?:\(s\))?:\s*(.+)$/.exec(line.trim())?.[1]?.split(',') ?? [])
      .map((name) => name.trim())
      .filter(Boolean);
  }

  /** Pulls an image, reporting progress; resolves with its id. */
  pull(reference: string, options: PullOptions): Promise<{ id: string }> {
    return pull(this.runner, reference, options);
  }

  private async action(args: string[], container: string, timeoutMs?: number): Promise<void> {
    try {
      await this.runner.run(args, timeoutMs === undefined ? {} : { timeoutMs });
    } catch (error) {
      throw notFoundIfMissing(error, container);
    }
  }
}
