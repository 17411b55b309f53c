// Pending updates per toolbox: checked on request, after a toolbox starts and
// on a schedule (running toolboxes only, unless the settings allow starting
// stopped ones), and again when an upgrade tab ends. The last report of each
// toolbox is kept with its time in $XDG_STATE_HOME/toolshed/updates.json, so a
// restarted Toolshed shows it at once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PENDING_SHOWN, type Api, type ContainerSummary, type UpdateReport } from '../../../shared/contract.js';
import type { EngineContext, ReadinessContext } from '../engineContext.js';
import { ensureReady } from '../toolbox/readiness.js';
import { writePrivateFile } from '../privateFile.js';
import { xdgStateHome } from '../xdgDirs.js';
import type { PendingUpdate } from '../../../shared/domain/packageUpdates.js';
import { checkContainer, type CheckResult } from './updateCheck.js';
import { canUse } from '../../../shared/domain/containerKinds.js';

type UpdateCalls = 'listUpdates' | 'checkUpdates';
type UpdatesContext = ReadinessContext & Pick<EngineContext, 'subscribe' | 'disposables' | 'operations'>;

/** A check's report: its pending updates counted, and named up to PENDING_SHOWN (every window gets it in an event). */
export function reportOf(container: Pick<ContainerSummary, 'name' | 'id'>, result: CheckResult, checkedAt = new Date()): UpdateReport {
  const report: UpdateReport = { container: container.name, containerId: container.id, checkedAt: checkedAt.toISOString(), ...result };
  if ('pending' in result) Object.assign(report, { pending: result.pending.slice(0, PENDING_SHOWN).map(printable), pendingCount: result.pending.length });
  return report;
}

/** A package manager's fields as text a window can show: control and invisible characters (ESC, BEL…) as "�". */
function printable(update: PendingUpdate): PendingUpdate {
  const clean = (text: string) => text.replace(/[\p{Cc}\p{Cf}]/gu, '\uFFFD');
  return Object.fromEntries(Object.entries(update).map(([key, value]) => [key, typeof value === 'string' ? clean(value) : value])) as unknown as PendingUpdate;
}

/** How often the schedule looks whether a check is due. */
const SCHEDULE_TICK_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;

function loadReports(file: string): Map<string, UpdateReport> {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(saved)) return new Map();
    const valid = saved.filter((r): r is UpdateReport => r && typeof r === 'object' && typeof r.containerId === 'string' && typeof r.checkedAt === 'string');
    return new Map(valid.map((report) => [report.containerId, report]));
  } catch {
    return new Map();
  }
}

export function updatesApi(ctx: UpdatesContext): Pick<Api, UpdateCalls> {
  const file = path.join(xdgStateHome(ctx.env), 'toolshed', 'updates.json');
  const reports = loadReports(file);
  const checking = new Map<string, Promise<UpdateReport>>();

  const save = () => {
    try {
      writePrivateFile(file, JSON.stringify([...reports.values()], null, 1));
    } catch (error) {
      ctx.log(`updates: could not keep the reports in ${file}: ${String(error)}`);
    }
  };

  /** One check per toolbox at a time: a second request gets the running one. */
  function check(container: ContainerSummary, options: { start: boolean }): Promise<UpdateReport> {
    const running = checking.get(container.id);
    if (running) return running;
    const work = (async () => {
      ctx.emit('updatesChanged', { checking: container.name });
      let report: UpdateReport;
      try {
        // a running one is checked as it is: the package manager needs no finished init
        if (options.start && container.state !== 'running') await ensureReady(ctx, container);
        const result = await checkContainer(ctx.podman, container.id, reports.get(container.id)?.manager);
        report = reportOf(container, result);
      } catch (error) {
        report = {
          container: container.name,
          containerId: container.id,
          checkedAt: new Date().toISOString(),
          error: error instanceof Error ? error.message : String(error),
        };
      }
      reports.set(container.id, report);
      save();
      ctx.emit('updatesChanged', { report });
      return report;
    })().finally(() => checking.delete(container.id));
    checking.set(container.id, work);
    return work;
  }

  /** A setup edit, a restore… under way: it stops and remakes the container; a check waits for the next occasion. */
  const busy = (container: ContainerSummary) => ctx.operations.busyWith(container.id) !== undefined || ctx.operations.busyWith(container.name) !== undefined;

  const due = (container: ContainerSummary) => {
    const hours = ctx.settings.get().updateCheckHours;
    const last = reports.get(container.id);
    return hours > 0 && (!last || Date.now() - Date.parse(last.checkedAt) >= hours * HOUR_MS);
  };

  /** A scheduled round: the toolboxes due, one after another; one notice of what was found. */
  let round: Promise<void> | undefined;
  function scheduledRound(): Promise<void> {
    round ??= (async () => {
      const { updateStartStopped } = ctx.settings.get();
      const list = await ctx.containers.list();
      const found: { container: string; count: number }[] = [];
      for (const container of list.filter((c) => canUse(c, 'updates') && due(c) && !busy(c) && (c.state === 'running' || updateStartStopped))) {
        const wasRunning = container.state === 'running';
        const report = await check(container, { start: !wasRunning });
        if (!wasRunning) await ctx.podman.stop(container.id).catch(() => undefined);
        if (report.pendingCount) found.push({ container: report.container, count: report.pendingCount });
      }
      if (found.length) ctx.emit('updatesFound', { toolboxes: found });
    })()
      .catch((error: unknown) => ctx.log(`updates: a scheduled check failed: ${String(error)}`))
      .finally(() => (round = undefined));
    return round;
  }

  // the round does nothing while scheduled checks are off (updateCheckHours 0)
  const timer = setInterval(() => void scheduledRound(), SCHEDULE_TICK_MS);
  timer.unref();
  ctx.disposables.add({ dispose: () => clearInterval(timer) });
  void scheduledRound();

  // after a start (when a check is due), and after an upgrade tab ends
  let states = new Map<string, string>();
  const upgradeTabsSeen = new Set<string>();
  ctx.disposables.add(
    ctx.subscribe((message) => {
      if (message.event === 'containersChanged') {
        const before = states;
        states = new Map(message.payload.containers.map((c) => [c.id, c.state]));
        for (const container of message.payload.containers) {
          const started = container.state === 'running' && before.size > 0 && before.get(container.id) !== 'running';
          // a check that failed is tried again at the next start
          const failedLastTime = reports.get(container.id)?.error !== undefined;
          if (started && canUse(container, 'updates') && (due(container) || failedLastTime) && !busy(container)) void check(container, { start: true });
        }
      } else if (message.event === 'terminalChanged') {
        const { info } = message.payload;
        if (!info.upgrade || info.exitCode === undefined || !info.containerId || upgradeTabsSeen.has(info.id)) return;
        upgradeTabsSeen.add(info.id);
        const container = ctx.containers.find(info.containerId);
        if (container?.state === 'running' && !busy(container)) void check(container, { start: false });
      }
    }),
  );

  return {
    async listUpdates() {
      const list = await ctx.containers.list();
      const ids = new Set(list.map((c) => c.id));
      return [...reports.values()].filter((report) => ids.has(report.containerId));
    },

    async checkUpdates({ container: ref }) {
      const container = await ctx.containers.resolveToolbox(ref, 'updates');
      ctx.operations.checkFree(container.id);
      ctx.operations.checkFree(container.name);
      return check(container, { start: true });
    },
  };
}
