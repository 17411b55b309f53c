// Toolboxes that stop when nobody uses them: a toolbox whose last session (any
// podman exec in it: a tab, a toolbox enter elsewhere, an exported app, an
// upgrade) has ended is stopped once its grace has passed without a new one.
// The policy is a setting (autoStopSeconds, and per toolbox autoStopByToolbox).
// Engine: electron/services/toolbox/autoStop.ts; renderer: renderer/state/autoStop.ts.
import { z } from 'zod';
import { containerNameSchema, noArgs } from './fields.js';
import { autoStopGraceSchema } from './settings.js';

export const autoStopCalls = {
  /** The toolboxes whose grace is running now, and when each will be stopped. */
  listAutoStops: noArgs,
  /** A toolbox's own policy: a grace in seconds, null for never, or "default" to follow the setting. */
  setAutoStop: z.strictObject({ container: containerNameSchema, seconds: z.union([autoStopGraceSchema, z.null(), z.literal('default')]) }),
} satisfies Record<string, z.ZodType>;

/** A toolbox Toolshed will stop at `stopsAt` (milliseconds since the epoch) unless a session begins first. */
export interface PendingAutoStop {
  id: string;
  name: string;
  stopsAt: number;
}

export interface AutoStopResults {
  listAutoStops: PendingAutoStop[];
  setAutoStop: { container: string; seconds: number | null | 'default' };
}

export interface AutoStopEvents {
  /** A toolbox's grace began (stopsAt), or ended (null: a session began, it was stopped, or its policy changed). */
  autoStopChanged: { id: string; name: string; stopsAt: number | null };
}
