// podman's CLI as a typed client: one method per podman command Toolshed uses,
// JSON in, typed values out. Containers are named by id or name (already
// validated by the contract), always after the options so they are never
// taken for one.
import type { PodmanRunner } from './runner.js';
import type { PodmanPsEntry } from '../toolbox/containerList.js';
import { ToolshedError } from '../../../shared/errors.js';

/** The fields Toolshed reads from `podman inspect --type container`. */
export interface PodmanInspect {
  Id: string;
  Name: string;
  Created: string;
  ImageName: string;
  State: { Status: string; Running: boolean; Pid: number; StartedAt?: string; ExitCode?: number };
  Config: { Hostname?: string; Labels?: Record<string, string> | null; Entrypoint?: string[] | string | null; Cmd?: string[] | null; Env?: string[] };
  Mounts?: { Type: string; Source: string; Destination: string; RW: boolean }[];
  SizeRw?: number;
}

/** One entry of `podman stats --no-stream --format json` (podman 4.x prints human strings). */
export interface PodmanStatsEntry {
  cpu_percent: string;
  mem_usage: string;
  pids: string;
}

export class PodmanClient {
  constructor(readonly runner: PodmanRunner) {}

  async version(): Promise<string> {
    const info = await this.runner.runJson<{ Client?: { Version?: string } }>(['version', '--format', 'json'], { timeoutMs: 15_000 });
    return info.Client?.Version ?? 'unknown';
  }

  /** One call for every container, whatever its manager. */
  ps(): Promise<PodmanPsEntry[]> {
    return this.runner.runJson<PodmanPsEntry[] | null>(['ps', '--all', '--format', 'json']).then((list) => list ?? []);
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

  start(container: string): Promise<void> {
    return this.action(['start', '--', container], container);
  }

  /** Stops one container or several in one call. */
  async stop(containers: string | string[], timeoutSeconds = 10): Promise<void> {
    const list = Array.isArray(containers) ? containers : [containers];
    try {
      await this.action(['stop', '--time', String(timeoutSeconds), '--', ...list], list.join(', '), (timeoutSeconds + 30) * 1000);
    } catch (error) {
      // A Toolbx container shares the host's PID namespace, so its `podman exec`
      // sessions (open terminal tabs) outlive it and podman complains while
      // cleaning up; the container itself did stop.
      if (!(error instanceof ToolshedError && /active exec sessions/.test(error.message))) throw error;
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

  async stats(container: string): Promise<PodmanStatsEntry> {
    const [entry] = await this.runner
      .runJson<PodmanStatsEntry[]>(['stats', '--no-stream', '--format', 'json', '--', container], { timeoutMs: 20_000 })
      .catch((error: unknown) => {
        throw notFoundIfMissing(error, container);
      });
    if (!entry) throw new ToolshedError('NOT_FOUND', `No statistics for "${container}" (is it running?).`);
    return entry;
  }

  private async action(args: string[], container: string, timeoutMs?: number): Promise<void> {
    try {
      await this.runner.run(args, timeoutMs === undefined ? {} : { timeoutMs });
    } catch (error) {
      throw notFoundIfMissing(error, container);
    }
  }
}

function notFoundIfMissing(error: unknown, container: string): unknown {
  if (error instanceof ToolshedError && error.code === 'PODMAN_FAILED' && /no such container|no container with name or ID/i.test(error.message)) {
    return new ToolshedError('NOT_FOUND', `No container named "${container}".`, error.detail);
  }
  return error;
}
