// Toolshed's settings. Engine: electron/services/settings.ts; renderer:
// renderer/state/settings.ts.
import { z } from 'zod';
import { absolutePathSchema, containerNameSchema, hostnameSchema, noArgs } from './fields.js';

/** How long a toolbox nobody uses runs on before Toolshed stops it (seconds; the window says minutes). */
export const autoStopGraceSchema = z
  .number('a number of seconds')
  .int('a whole number of seconds')
  .min(1, 'at least 1 second')
  .max(7 * 86400, 'at most a week');

export const settingsSchema = z.strictObject({
  /** Pass `--ulimit host` at create (Toolbx does; some VMs refuse it). */
  ulimitHost: z.boolean(),
  /** The hostname inside new toolboxes; null: the one the host's toolbox version uses (toolbx, or toolbox before 0.0.99.6). */
  hostname: hostnameSchema,
  /** The host's toolbox binary to use as entry point; null: detect it, "" : never use it (Toolshed's own init). */
  toolboxBinary: z.union([absolutePathSchema, z.literal(''), z.null()]),
  /** Add a launcher entry for every new toolbox. */
  launcherByDefault: z.boolean(),
  terminalFontSize: z
    .number('a font size is a number from 6 to 48')
    .int('a font size is a whole number')
    .min(6, 'a font size is at least 6')
    .max(48, 'a font size is at most 48'),
  terminalFontFamily: z
    .string()
    .max(200)
    .regex(/^[^;{}<>]*$/, 'a font family has no ";", "{", "}", "<" or ">"'),
  /** Serve `toolshed-host` (host commands from inside toolboxes) while Toolshed runs. */
  hostCommands: z.boolean(),
  /** Hours between scheduled update checks of running toolboxes; 0: never on a schedule. */
  updateCheckHours: z
    .number('hours are a number')
    .int('hours are a whole number')
    .min(0, 'at least 0 (0: no scheduled checks)')
    .max(720, 'at most 720 (30 days)'),
  /** Scheduled checks also start stopped toolboxes (and stop them again). */
  updateStartStopped: z.boolean(),
  /** Upgrade all: how many toolboxes upgrade at once. */
  upgradeConcurrency: z.number('a number').int('a whole number').min(1, 'at least 1').max(8, 'at most 8'),
  /** A desktop notification when a scheduled check finds updates. */
  updateNotifications: z.boolean(),
  /** The host terminal "Open in terminal" uses (an id describeOpenWith lists); null: the first one found. */
  preferredTerminal: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a terminal id is lowercase letters, digits and "-"')
    .nullable(),
  /** What a toolbox's menu entry (toolshed --open NAME) opens: a Toolshed tab, or the preferred host terminal. */
  launchersOpenIn: z.enum(['toolshed', 'terminal']),
  /** Toolbx tabs run through the host's toolbox (`toolbox run`) where there is one; off: Toolshed's own `podman exec`. */
  tabsThroughToolbox: z.boolean(),
  /** Stop a toolbox once its last session has ended and this many seconds have passed without a new one; null: never. */
  autoStopSeconds: autoStopGraceSchema.nullable(),
  /** Per toolbox (by name): its own grace, or null for never; a toolbox not listed follows autoStopSeconds. */
  autoStopByToolbox: z
    .record(containerNameSchema, autoStopGraceSchema.nullable())
    .refine((byName) => Object.keys(byName).length <= 1000, 'at most 1000 toolboxes with their own auto-stop'),
});

export const settingsCalls = {
  getSettings: noArgs,
  /** The settings with their defaults and what was wrong with the saved file (the settings screen). */
  describeSettings: noArgs,
  updateSettings: settingsSchema.partial().strict(),
} satisfies Record<string, z.ZodType>;

export type Settings = z.infer<typeof settingsSchema>;

export interface SettingsReport {
  values: Settings;
  defaults: Settings;
  /** Saved keys that could not be used, and why (each one reported, the rest kept). */
  problems: string[];
  /** Where they are kept. */
  file: string;
}

export interface SettingsResults {
  getSettings: Settings;
  describeSettings: SettingsReport;
  updateSettings: Settings;
}
