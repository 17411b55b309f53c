// Every process of a terminal session carries a mark in its environment
// (SESSION_MARK_VAR): the engine's pid and start time, the tab and a random
// part. The container-side shell runs under conmon, not under the tab's
// `podman exec`, so it outlives a killed exec or a killed engine: the mark is
// how the engine finds it and ends it, for its own tabs when they end, and at
// start for the tabs of an engine that is gone.
import { randomBytes } from 'node:crypto';
import { processStartTime } from '../procfs.js';
import { SESSION_MARK_VAR } from './enterArgs.js';
import { endProcesses, markedProcessesByValue } from './processes.js';

const MARK = /^([0-9]+)-([0-9]+)-(t[0-9]+)-[0-9a-f]+$/;

export function newSessionMark(tabId: string): string {
  return `${process.pid}-${processStartTime(process.pid) ?? 0}-${tabId}-${randomBytes(6).toString('hex')}`;
}

/** Whether the engine that made this mark still runs (a mark of another form is not ours to judge). */
function ownerRuns(mark: string): boolean {
  const match = MARK.exec(mark);
  if (!match) return true;
  return processStartTime(Number(match[1])) === Number(match[2]);
}

/** Ends the processes of sessions whose engine is gone; resolves with how many there were. */
export async function endOrphanedSessions(graceMs: number): Promise<number> {
  const orphans = [...markedProcessesByValue(SESSION_MARK_VAR)].filter(([mark]) => !ownerRuns(mark)).flatMap(([, pids]) => pids);
  if (orphans.length) await endProcesses(orphans, graceMs);
  return orphans.length;
}
