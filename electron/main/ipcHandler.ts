// The IPC call handler, apart from Electron's ipcMain so tests can call it
// exactly as the preload would (type-only Electron import: no binary needed).
import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from '../../shared/bridge.js';
import type { Api } from '../../shared/contract.js';
import type { Reply } from '../../shared/wire.js';
import { dispatch } from '../services/dispatch.js';

/** Only the app's own top frame, loaded from app://toolshed, may call. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  return Boolean(frame) && frame === event.sender.mainFrame && isAppUrl(frame!.url);
}

export function createIpcCallHandler(api: Api, log: (message: string) => void) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, method: unknown, args: unknown): Promise<Reply> => {
    if (!isTrustedSender(event)) {
      log('refused an IPC call from a frame that is not the Toolshed window');
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the Toolshed window only.' } };
    }
    return dispatch(api, method, args, (error) => log(`call ${String(method).slice(0, 64)} failed: ${String(error)}`));
  };
}
