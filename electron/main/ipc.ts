// The IPC side of the contract: one channel for calls, answered only for the
// app's own top frame, arguments validated by dispatch() like the WebSocket's.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { APP_ORIGIN, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/bridge.js';
import type { Engine } from '../services/engine.js';
import { dispatch } from '../services/dispatch.js';
import type { Reply } from '../../shared/wire.js';

export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function registerIpc(engine: Engine, log: (message: string) => void): void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method: unknown, args: unknown): Promise<Reply> => {
    if (!isTrustedSender(event)) {
      log(`refused IPC from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Calls are accepted from the Toolshed window only.' } };
    }
    return dispatch(engine.api, method, args, (error) => log(`call ${String(method)} failed: ${String(error)}`));
  });
}

/** Sends every engine event to the window while it lives. */
export function forwardEvents(engine: Engine, window: BrowserWindow): void {
  const unsubscribe = engine.subscribe((message) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  window.on('closed', unsubscribe);
}
