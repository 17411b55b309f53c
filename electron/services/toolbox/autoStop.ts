// Toolboxes that stop when nobody uses them (Toolbx #114). A session is any
// exec in the toolbox that is not Toolshed's own (execSessions.ts): a tab, a
// `toolbox enter` in another terminal, an exported app, an upgrade. On each of
// podman's exec events (never on a timer per toolbox) the toolbox's sessions
// are counted; when the last one has ended, its grace begins (the row says
// "stops in …"), a new session cancels it, and at its end the sessions are
// counted once more and the toolbox is stopped. A toolbox started without a
// session is left alone until one has come and gone (Toolshed's own tabs say
// so at once, through their events). What is not a session
// (a process left running with nohup, a service inside) ends with the stop:
// Settings says so.
import type { Api, ContainerSummary, PendingAutoStop, Settings, TerminalInfo } from '../../../shared/contract.js';
import type { Disposable } from '../../../shared/disposable.js';
import { ToolshedError } from '../../../shared/errors.js';
import { canUse } from '../../../shared/domain/containerKinds.js';
import type { EngineContext } from '../engineContext.js';
import { execSessions } from './execSessions.js';

/** After an exec event, when its conmon has come or gone (it outlives exec_died by a moment). */
const COUNT_AFTER_MS = [300, 2_000];

type AutoStopContext = Pick<EngineContext, 'containers' | 'settings' | 'operations' | 'emit' | 'subscribe' | 'log'>;

/** A toolbox's grace in seconds, or null when it is never stopped for being unused. */
export function graceOf(settings: Pick<Settings, 'autoStopSeconds' | 'autoStopByToolbox'>, name: string): number | null {
  return Object.hasOwn(settings.autoStopByToolbox, name) ? settings.autoStopByToolbox[name]! : settings.autoStopSeconds;
}

export class AutoStop implements Disposable {
  /** Running toolboxes a session has been seen in since they started. */
  private readonly used = new Set<string>();
  private readonly pending = new Map<string, PendingAutoStop & { timer: NodeJS.Timeout }>();
  private readonly counts = new Map<string, NodeJS.Timeout[]>();
  private readonly running = new Set<string>();
  private readonly disposables: Disposable[] = [];

  constructor(
    private readonly ctx: AutoStopContext,
    private readonly stop: Api['stopContainer'],
  ) {
    this.disposables.push(
      ctx.containers.onExec((id) => this.countSoon(id)),
      ctx.subscribe((message) => {
        if (message.event === 'containersChanged') this.follow(message.payload.containers);
        else if (message.event === 'terminalChanged' && message.payload.info.containerId) this.followTab(message.payload.info);
      }),
      ctx.settings.onChange(() => this.running.forEach((id) => this.countSoon(id))),
    );
  }

  list(): PendingAutoStop[] {
    return [...this.pending.values()].map(({ id, name, stopsAt }) => ({ id, name, stopsAt }));
  }

  /** Starts and stops seen in the list: a toolbox that starts again is not "used" until a session comes. */
  private follow(list: readonly ContainerSummary[]): void {
    const now = new Set(list.filter((c) => c.state === 'running').map((c) => c.id));
    for (const id of this.running) {
      if (now.has(id)) continue;
      this.used.delete(id);
      this.cancel(id);
    }
    this.running.clear();
    now.forEach((id) => this.running.add(id));
  }

  /** A Toolshed tab is a session for sure (its exec may come and go between two counts): it marks the toolbox used; its end is counted. */
  private followTab({ containerId, exitCode }: TerminalInfo): void {
    if (!containerId) return;
    if (exitCode !== undefined) return this.countSoon(containerId);
    this.used.add(containerId);
    this.cancel(containerId);
  }

  private countSoon(id: string): void {
    for (const timer of this.counts.get(id) ?? []) clearTimeout(timer);
    this.counts.set(
      id,
      COUNT_AFTER_MS.map((ms) => setTimeout(() => void this.count(id), ms)),
    );
  }

  /** Counts the toolbox's sessions: one or more cancels its grace; none, after one was seen, begins it. */
  private async count(id: string): Promise<void> {
    const container = this.ctx.containers.find(id);
    const grace = container && container.state === 'running' && canUse(container, 'recreate') ? graceOf(this.ctx.settings.get(), container.name) : null;
    if (!container || grace === null) return this.cancel(id);
    const sessions = execSessions(container.id).filter((s) => !s.internal).length;
    if (sessions > 0) {
      this.used.add(container.id);
      return this.cancel(container.id);
    }
    if (!this.used.has(container.id) || this.pending.has(container.id)) return;
    const stopsAt = Date.now() + grace * 1000;
    const timer = setTimeout(() => void this.expire(container.id), grace * 1000);
    this.pending.set(container.id, { id: container.id, name: container.name, stopsAt, timer });
    this.ctx.emit('autoStopChanged', { id: container.id, name: container.name, stopsAt });
  }

  /** The grace is over: stopped if still nobody uses it and nothing else is being done to it. */
  private async expire(id: string): Promise<void> {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.cancel(id);
    if (execSessions(id).some((s) => !s.internal)) return void this.used.add(id);
    if (this.ctx.operations.busyWith(id)) {
      // an edit, a snapshot, an update check at work: counted again once it is done
      await this.ctx.operations.finished(id);
      return this.count(id);
    }
    this.ctx.log(`auto-stop: ${entry.name} had no session for its grace; stopping it`);
    // no second grace while it stops (a tab's end reported meanwhile is counted again)
    this.used.delete(id);
    try {
      await this.stop({ container: id });
    } catch (error) {
      if (!(error instanceof ToolshedError && error.code === 'NOT_FOUND')) this.ctx.log(`auto-stop of ${entry.name} failed: ${String(error)}`);
    }
  }

  private cancel(id: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    this.ctx.emit('autoStopChanged', { id, name: entry.name, stopsAt: null });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    for (const timers of this.counts.values()) timers.forEach(clearTimeout);
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
  }
}

export function autoStopApi(ctx: AutoStopContext & Pick<EngineContext, 'disposables'>, api: () => Api): Pick<Api, 'listAutoStops' | 'setAutoStop'> {
  const autoStop = ctx.disposables.add(new AutoStop(ctx, (args) => api().stopContainer(args)));
  return {
    listAutoStops: async () => autoStop.list(),
    async setAutoStop({ container, seconds }) {
      const byToolbox = { ...ctx.settings.get().autoStopByToolbox };
      if (seconds === 'default') delete byToolbox[container];
      else byToolbox[container] = seconds;
      ctx.settings.update({ autoStopByToolbox: byToolbox });
      return { container, seconds };
    },
  };
}
