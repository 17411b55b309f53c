// The engine's view of podman's containers: one `podman ps` per refresh,
// refreshed when podman's state database changes (podman/stateWatch.ts) or,
// where it cannot be watched, when `podman events` says something changed
// (debounced), and shared by every window, so N windows never cost N podman calls.
import type { ContainerSummary } from '../../../shared/contract.js';
import type { Disposable } from '../../../shared/disposable.js';
import { ToolshedError } from '../../../shared/errors.js';
import { refusal, type ContainerUse } from '../../../shared/domain/containerKinds.js';
import type { PodmanClient } from '../podman/client.js';
import { findByRef, summarizeAll } from './containerList.js';

export interface ContainerStoreOptions {
  debounceMs?: number;
  onChange: (containers: ContainerSummary[]) => void;
  /** Whether the list follows podman's changes by itself, when that has changed and held for a second (a dying stream's restarts do not blink it). */
  onLiveChange?: (live: boolean) => void;
  log?: (message: string) => void;
}

export class ContainerStore implements Disposable {
  private cache: ContainerSummary[] | undefined;
  private inFlight: Promise<ContainerSummary[]> | undefined;
  private queued: Promise<ContainerSummary[]> | undefined;
  private stream: Disposable | undefined;
  private streamLive = false;
  /** podman's state database, watched: every change shows there, whatever the event stream does. */
  private stateWatch: Disposable | undefined;
  private disposed = false;
  private debounce: NodeJS.Timeout | undefined;
  private reportedLive: boolean | undefined;
  private liveSettle: NodeJS.Timeout | undefined;
  private readonly execListeners = new Set<(containerId: string) => void>();
  private readonly stopHooks = new Set<(containerIds: string[]) => Promise<void>>();

  constructor(
    private readonly podman: PodmanClient,
    private readonly options: ContainerStoreOptions,
  ) {}

  /** The list: from the cache while the event stream keeps it true (watch()), else fresh from podman. */
  async list(): Promise<ContainerSummary[]> {
    if (this.cache && this.isLive()) return this.cache;
    return this.refresh();
  }

  /** Whether a change would reach the cache by itself: the state database is watched, or the event stream runs. */
  private isLive(): boolean {
    return this.stateWatch !== undefined || this.streamLive;
  }

  /** Whether the list follows changes made outside Toolshed, as last reported (else: Refresh shows them). */
  get live(): boolean {
    return this.reportedLive ?? this.isLive();
  }

  private liveMayHaveChanged(): void {
    clearTimeout(this.liveSettle);
    this.liveSettle = setTimeout(() => {
      const live = this.isLive();
      if (live === this.reportedLive) return;
      this.reportedLive = live;
      this.options.onLiveChange?.(live);
    }, 1000);
  }

  /**
   * Re-reads podman. A call made while one runs waits for the next one (it may
   * have been asked because of a change the running one did not see); all such
   * callers share that next call. When the running one timed out, podman is
   * hung: they share its error instead of waiting through a second deadline.
   */
  refresh(): Promise<ContainerSummary[]> {
    if (this.inFlight) {
      this.queued ??= this.inFlight.then(
        () => this.refreshAfterQueue(),
        (error: unknown) => {
          if (error instanceof ToolshedError && error.code === 'TIMEOUT') {
            this.queued = undefined;
            throw error;
          }
          return this.refreshAfterQueue();
        },
      );
      return this.queued;
    }
    const run = this.podman
      .ps()
      .then((entries) => {
        const list = summarizeAll(entries);
        const changed = JSON.stringify(list) !== JSON.stringify(this.cache);
        this.cache = list;
        if (changed) this.options.onChange(list);
        return list;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    this.inFlight = run;
    return run;
  }

  private refreshAfterQueue(): Promise<ContainerSummary[]> {
    this.queued = undefined;
    return this.refresh();
  }

  /**
   * The container `ref` names, or NOT_FOUND. An answer from the cache that
   * finds nothing is checked against podman once more (the container may be
   * newer than the last event); a list just read from podman is not.
   */
  async resolve(ref: string, match: (list: ContainerSummary[], ref: string) => ContainerSummary | undefined = findByRef): Promise<ContainerSummary> {
    const fromCache = this.cache !== undefined && this.isLive();
    const found = match(await this.list(), ref) ?? (fromCache ? match(await this.refresh(), ref) : undefined);
    if (!found) throw new ToolshedError('NOT_FOUND', `No container named "${ref}".`);
    return found;
  }

  /** The container `ref` names, refused (INVALID_ARGUMENT, with the reason) when its kind cannot be used so (shared/domain/containerKinds.ts). */
  async resolveToolbox(
    ref: string,
    use: ContainerUse,
    match: (list: ContainerSummary[], ref: string) => ContainerSummary | undefined = findByRef,
  ): Promise<ContainerSummary> {
    const container = await this.resolve(ref, match);
    const why = refusal(container, use);
    if (why) throw new ToolshedError('INVALID_ARGUMENT', why);
    return container;
  }

  /** Calls `listener` with the container's id at each exec session podman reports begun or ended in it (auto-stop counts them). */
  onExec(listener: (containerId: string) => void): Disposable {
    this.execListeners.add(listener);
    return { dispose: () => this.execListeners.delete(listener) };
  }

  /** Work done before Toolshed stops containers (their tabs end as closing them would; see beforeStop). */
  onBeforeStop(hook: (containerIds: string[]) => Promise<void>): Disposable {
    this.stopHooks.add(hook);
    return { dispose: () => this.stopHooks.delete(hook) };
  }

  /** Called by Toolshed's stops before `podman stop`, which kills what runs in a container without a hangup. */
  async beforeStop(containerIds: string[]): Promise<void> {
    await Promise.allSettled([...this.stopHooks].map((hook) => hook(containerIds)));
  }

  find(idOrName: string): ContainerSummary | undefined {
    return this.cache && findByRef(this.cache, idOrName);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.debounce);
    clearTimeout(this.liveSettle);
    this.stream?.dispose();
    this.stream = undefined;
    this.stateWatch?.dispose();
    this.stateWatch = undefined;
  }

  /**
   * Follows podman's state database and `podman events` from now on, so the
   * list is re-read only when something changed. The database is the signal
   * that cannot miss a change: a stream taken as live once spawned could (a
   * change before podman had subscribed, a stream that stalls). Events still
   * count where the database cannot be watched.
   */
  watch(): void {
    if (this.stream) return;
    void this.podman
      .watchState({
        onChange: () => this.scheduleRefresh(),
        onLost: (error) => {
          this.stateWatch = undefined;
          this.liveMayHaveChanged();
          this.options.log?.(`stopped watching podman's state (${String(error)}); the list follows podman events only`);
        },
      })
      .then((watcher) => {
        if (this.disposed) return watcher.dispose();
        this.stateWatch = watcher;
        this.liveMayHaveChanged();
        // what changed before the watch began
        this.scheduleRefresh();
      })
      .catch((error: unknown) => {
        this.options.log?.(`cannot watch podman's state (${String(error)}); the list follows podman events only`);
        this.liveMayHaveChanged();
      });
    this.stream = this.podman.watchEvents({
      onStart: () => {
        // events between the last refresh and now were missed: resynchronize
        this.streamLive = true;
        this.liveMayHaveChanged();
        this.scheduleRefresh();
      },
      // the database's own change has scheduled the refresh already: one `podman ps` per change
      onEvent: (event) => {
        if (!this.stateWatch) this.scheduleRefresh();
        if ((event.Status === 'exec' || event.Status === 'exec_died') && event.ID) this.execListeners.forEach((listener) => listener(event.ID!));
      },
      onExit: ({ code, stderr, restartInMs }) => {
        this.streamLive = false;
        this.liveMayHaveChanged();
        this.options.log?.(
          `podman events ended (code ${String(code)}${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}); restarting in ${restartInMs} ms`,
        );
      },
    });
  }

  private scheduleRefresh(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.refresh().catch((error: unknown) => this.options.log?.(`refresh after podman event failed: ${String(error)}`));
    }, this.options.debounceMs ?? 120);
  }
}
