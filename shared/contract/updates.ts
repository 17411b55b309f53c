// Pending package updates per toolbox, found by its own package manager.
// Engine: electron/services/updates/updatesApi.ts; renderer:
// renderer/state/updates.ts.
import type { z } from 'zod';
import type { PackageManager, PendingUpdate } from '../domain/packageUpdates.js';
import { byContainer, noArgs } from './fields.js';

export const updateCalls = {
  listUpdates: noArgs,
  /** Checks now (starting the toolbox when it is stopped). */
  checkUpdates: byContainer,
} satisfies Record<string, z.ZodType>;

/** The pending updates a report names at most; the rest are counted (pendingCount). */
export const PENDING_SHOWN = 500;

/** The last update check of a toolbox. */
export interface UpdateReport {
  container: string;
  containerId: string;
  /** ISO time of the check. */
  checkedAt: string;
  manager?: PackageManager;
  /** What is pending, the first PENDING_SHOWN of them (a window shows a page, not 100k lines); absent when the check failed. */
  pending?: PendingUpdate[];
  /** How many are pending in all (older reports lack it: then pending is all of them). */
  pendingCount?: number;
  /** Why the check failed (the package manager's own words), never reported as zero pending. */
  error?: string;
}

export interface UpdateResults {
  listUpdates: UpdateReport[];
  checkUpdates: UpdateReport;
}

export interface UpdateEvents {
  /** A toolbox's update check ended (or is under way: `checking`). */
  updatesChanged: { report: UpdateReport } | { checking: string };
  /** A scheduled round of checks found updates (once per round: the window may notify). */
  updatesFound: { toolboxes: { container: string; count: number }[] };
}
