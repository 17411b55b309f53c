// Terminal tabs: a shell (or an upgrade) in a toolbox or on the host, its
// output as events, acks for flow control, and the screen a window attaches
// to. Engine: electron/services/terminal/terminalApi.ts; renderer:
// renderer/state/terminals.ts.
import { z } from 'zod';
import { containerRefSchema, noArgs } from './fields.js';

export const terminalIdSchema = z.string().regex(/^t[0-9]{1,9}$/, 'a terminal id looks like "t12"');
const terminalSize = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };

export const terminalCalls = {
  /** `upgrade`: the tab runs the toolbox's upgrade command as root instead of a shell. */
  openTerminal: z.strictObject({ container: containerRefSchema.optional(), upgrade: z.boolean().optional(), ...terminalSize }),
  listTerminals: noArgs,
  attachTerminal: z.strictObject({ id: terminalIdSchema }),
  writeTerminal: z.strictObject({ id: terminalIdSchema, data: z.string().max(64 * 1024) }),
  resizeTerminal: z.strictObject({ id: terminalIdSchema, ...terminalSize }),
  ackTerminal: z.strictObject({ id: terminalIdSchema, chars: z.number().int().min(0).max(1e9) }),
  terminalBusy: z.strictObject({ id: terminalIdSchema }),
  closeTerminal: z.strictObject({ id: terminalIdSchema }),
} satisfies Record<string, z.ZodType>;

export interface TerminalInfo {
  id: string;
  /** The container's name (following a rename); absent for a host shell. */
  container?: string;
  /** The container's id: new tabs and Reopen go by it, so they follow a rename. */
  containerId?: string;
  /** From the shell (OSC 0/2), else the container's name. */
  title: string;
  cols: number;
  rows: number;
  /** Set once the session's process has exited. */
  exitCode?: number;
  /** Why it ended when it was not the shell's own exit (container stopped or removed). */
  endReason?: string;
  /** A nested container entered from this tab (OSC 777 push/pop). */
  nestedContainer?: string;
  /** The tab runs the toolbox's upgrade (openTerminal with upgrade). */
  upgrade?: boolean;
}

export interface TerminalResults {
  openTerminal: TerminalInfo;
  listTerminals: TerminalInfo[];
  /**
   * The screen and recent scrollback, serialized, to write into a fresh xterm;
   * then the tab's output from `offset` on (terminalData that starts before it is in the screen).
   */
  attachTerminal: { info: TerminalInfo; screen: string; offset: number };
  writeTerminal: { written: number };
  resizeTerminal: { cols: number; rows: number };
  ackTerminal: { paused: boolean };
  /** The program in the foreground when it is not the shell (close asks first then). */
  terminalBusy: { program: string | null };
  closeTerminal: { closed: boolean };
}

export interface TerminalEvents {
  /** Terminal output, batched; the client acks what it has parsed (ackTerminal). */
  terminalData: {
    id: string;
    data: string;
    /** Where `data` starts in the tab's output: the characters sent before it (see attachTerminal). */
    offset: number;
  };
  terminalChanged: { info: TerminalInfo };
  terminalClosed: { id: string };
  /** The engine opened tab `by` in place of tab `id` (it followed its toolbox to a new container); `id` closes next. */
  terminalReplaced: { id: string; by: string };
  /** `toolshed --open NAME` or a toolshed://open/NAME link: open a terminal tab in NAME (Electron shell only). */
  openRequested: { container: string };
}
