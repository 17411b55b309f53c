// Sessions that outlive the window: where the user has a systemd user
// instance, the engine can run as a socket-activated user service (`toolshed
// engine`), which the desktop app and `toolshed serve` attach to; closing the
// window then leaves every tab running, and Quit ends them (after naming
// them). Without systemd the engine lives in the app, as before.
// Engine: electron/services/background/; renderer: renderer/state/background.ts, renderer/components/BackgroundSection.tsx.
import { z } from 'zod';
import { noArgs } from './fields.js';

export const backgroundCalls = {
  /** How this engine runs, and whether the background service can be (or is) set up. */
  backgroundEngineStatus: noArgs,
  /** Writes and enables the systemd user units of the background engine (true), or disables and removes them (false). */
  setBackgroundEngine: z.strictObject({ enabled: z.boolean() }),
} satisfies Record<string, z.ZodType>;

export interface BackgroundEngineStatus {
  /** This engine is the background service: closing a window leaves its tabs running. */
  inBackground: boolean;
  /** A systemd user instance runs here (the service can be set up). */
  systemd: boolean;
  /** Toolshed's units are installed: the next start attaches to the service. */
  installed: boolean;
  /** The socket the desktop app and `toolshed serve` attach through. */
  socket: string;
}

export interface BackgroundResults {
  backgroundEngineStatus: BackgroundEngineStatus;
  setBackgroundEngine: BackgroundEngineStatus;
}
