// What the Electron preload exposes as `window.toolshed`: the transport, not
// the API. The renderer wraps it (or a WebSocket) into the typed Api.
import type { z } from 'zod';
import type { CallName, EventMessage, pickPathRequestSchema } from './contract.js';
import type { Reply } from './wire.js';

export interface ToolshedBridge {
  call(method: CallName, args: unknown): Promise<Reply>;
  onEvent(listener: (message: EventMessage) => void): () => void;
  /** The desktop shell's questions to the window (Electron only): the handler's answer goes back to the main process. */
  onShellRequest?(handler: (request: ShellRequest) => Promise<boolean>): () => void;
  /** The desktop's own file chooser (Electron only): the path chosen, or null when the user cancelled. */
  pickPath?(request: PickPathRequest): Promise<string | null>;
}

/** A file chooser's request (checked in the main process against the contract's schema). */
export type PickPathRequest = z.infer<typeof pickPathRequestSchema>;

/**
 * Closing the window or quitting ends every tab's shell: the main process asks the window first
 * (quitBackground: a Quit that ends the background engine, whose tabs a closed window leaves running).
 */
export interface ShellRequest {
  id: number;
  kind: 'confirmEnd';
  action: 'quit' | 'close' | 'quitBackground';
}

export const IPC_CALL_CHANNEL = 'toolshed:call';
export const IPC_EVENT_CHANNEL = 'toolshed:event';
export const IPC_SHELL_REQUEST_CHANNEL = 'toolshed:shell-request';
export const IPC_SHELL_ANSWER_CHANNEL = 'toolshed:shell-answer';
export const IPC_PICK_PATH_CHANNEL = 'toolshed:pick-path';
/** The scheme the Electron shell serves the renderer from. */
export const APP_ORIGIN = 'app://toolshed';

/**
 * Whether a URL is one of the app's own pages. Its scheme and host are compared:
 * in Node (Electron's main process) a URL of a scheme Node does not know, such
 * as app:, has the opaque origin "null", so comparing origins refuses everything.
 */
export function isAppUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}
