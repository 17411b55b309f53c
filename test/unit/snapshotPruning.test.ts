import { describe, expect, it } from 'vitest';
import { snapshotsToPrune } from '../../shared/domain/snapshotPruning.js';

const now = new Date('2026-12-07T12:00:00Z');
const daysAgo = (days: number, name: string) => ({ name, created: Math.floor(now.getTime() / 1000) - days * 86_400 });
// given in any order: the rule reads them newest first
const snapshots = [daysAgo(40, 'forty'), daysAgo(1, 'one'), daysAgo(10, 'ten'), daysAgo(100, 'hundred')];
const names = (list: { name: string }[]) => list.map((s) => s.name);

describe('a pruning', () => {
  it('keeps the newest N', () => {
    expect(names(snapshotsToPrune(snapshots, { keep: 2 }, now))).toEqual(['forty', 'hundred']);
    expect(snapshotsToPrune(snapshots, { keep: 4 }, now)).toEqual([]);
    expect(names(snapshotsToPrune(snapshots, { keep: 0 }, now))).toEqual(['one', 'ten', 'forty', 'hundred']);
  });

  it('deletes those older than N days', () => {
    expect(names(snapshotsToPrune(snapshots, { olderThanDays: 30 }, now))).toEqual(['forty', 'hundred']);
    expect(names(snapshotsToPrune(snapshots, { olderThanDays: 10 }, now))).toEqual(['forty', 'hundred']);
    expect(names(snapshotsToPrune(snapshots, { olderThanDays: 9 }, now))).toEqual(['ten', 'forty', 'hundred']);
  });

  it('with both, deletes only what both say; with neither, nothing', () => {
    expect(names(snapshotsToPrune(snapshots, { keep: 3, olderThanDays: 5 }, now))).toEqual(['hundred']);
    expect(snapshotsToPrune(snapshots, {}, now)).toEqual([]);
  });
});
