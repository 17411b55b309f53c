// Host commands: the toolshed-host agent, host programs shimmed into a
// toolbox, and a toolbox's programs exported to ~/.local/bin. Engine:
// electron/services/hostCommands/hostCommandsApi.ts; renderer:
// renderer/state/hostCommands.ts.
import { z } from 'zod';
import { byContainer, containerNameSchema, containerRefSchema, noArgs, programNameSchema } from './fields.js';

export const hostCommandCalls = {
  describeHostCommands: noArgs,
  /** Installs (or removes) the systemd user socket unit that serves toolshed-host while Toolshed is closed. */
  setHostService: z.strictObject({ installed: z.boolean() }),
  listShims: byContainer,
  /** `replace`: shadow a program the container already has (its file is never touched). */
  addShim: z.strictObject({ container: containerRefSchema, program: programNameSchema, replace: z.boolean().optional() }),
  removeShim: z.strictObject({ container: containerRefSchema, program: programNameSchema }),
  listExportedPrograms: z.strictObject({ container: containerNameSchema.optional() }),
  exportProgram: z.strictObject({ container: containerRefSchema, program: programNameSchema }),
  unexportProgram: z.strictObject({ container: containerNameSchema, program: programNameSchema }),
} satisfies Record<string, z.ZodType>;

/** One command a toolbox ran on the host through toolshed-host (the agent's log). */
export interface HostCommandRecord {
  /** ISO time it ended. */
  time: string;
  argv: string[];
  cwd?: string;
  status?: number;
  signal?: number;
  /** Why the agent refused it. */
  refused?: string;
}

export interface HostCommandsStatus {
  /** The setting: Toolshed serves toolshed-host while it runs. */
  enabled: boolean;
  /** off: turned off; serving: by this Toolshed; elsewhere: by the systemd socket or another Toolshed; failed: see message. */
  agent: 'off' | 'starting' | 'serving' | 'elsewhere' | 'failed';
  /** What the state means for the user, in a sentence. */
  message: string;
  socket: string;
  /** The command inside toolboxes: ~/.local/bin/toolshed-host, or why it is not there. */
  client: { path: string; installed: boolean; problem?: string };
  /** The systemd user socket unit: whether a user instance answers, whether the unit is installed. */
  service: { available: boolean; installed: boolean };
  /** The most recent commands, newest first. */
  recent: HostCommandRecord[];
}

/** A host program made callable inside a toolbox (a script in /usr/local/bin calling toolshed-host). */
export interface ShimInfo {
  program: string;
  /** It shadows a program of the same name the container has. */
  shadows?: string;
}

/** A toolbox's program callable on the host as ~/.local/bin/NAME. */
export interface ExportedProgram {
  container: string;
  program: string;
  /** The program's path inside the toolbox. */
  target: string;
  file: string;
}

export interface HostCommandResults {
  describeHostCommands: HostCommandsStatus;
  setHostService: HostCommandsStatus;
  listShims: ShimInfo[];
  addShim: ShimInfo;
  removeShim: { removed: boolean };
  listExportedPrograms: ExportedProgram[];
  exportProgram: ExportedProgram;
  unexportProgram: { removed: boolean };
}

export interface HostCommandEvents {
  /** The host-command agent changed state (started, stopped, failed). */
  hostCommandsChanged: { agent: HostCommandsStatus['agent']; message: string };
}
