// Which snapshots a pruning deletes: beyond the newest `keep`, and/or taken
// more than `olderThanDays` ago (both given: only those both say). The window
// names them before asking, and the engine deletes the same ones.

export interface PruneRule {
  /** Keep the newest this many. */
  keep?: number | undefined;
  /** Delete those taken more than this many days ago. */
  olderThanDays?: number | undefined;
}

const DAY_MS = 86_400_000;

/** The snapshots a rule deletes, of these (newest first, `created` in seconds since the epoch). */
export function snapshotsToPrune<T extends { created: number }>(snapshots: readonly T[], rule: PruneRule, now: Date = new Date()): T[] {
  if (rule.keep === undefined && rule.olderThanDays === undefined) return [];
  const byAge = [...snapshots].sort((a, b) => b.created - a.created);
  return byAge.filter((snapshot, index) => {
    const beyondKept = rule.keep === undefined || index >= rule.keep;
    const old = rule.olderThanDays === undefined || now.getTime() - snapshot.created * 1000 > rule.olderThanDays * DAY_MS;
    return beyondKept && old;
  });
}
