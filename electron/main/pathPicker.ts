// The desktop's own file chooser for the window's path fields (a folder to
// share, a backup to read or write): Electron's dialog, asked only by the app's
// own frame, with a request checked like any call. The chosen path goes back to
// the field, where the engine checks it as if typed.
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import os from 'node:os';
import { IPC_PICK_PATH_CHANNEL } from '../../shared/bridge.js';
import { pickPathRequestSchema } from '../../shared/contract.js';
import { isTrustedSender } from './ipcHandler.js';

export function registerPathPicker(log: (message: string) => void): void {
  ipcMain.handle(IPC_PICK_PATH_CHANNEL, async (event: IpcMainInvokeEvent, request: unknown): Promise<string | null> => {
    if (!isTrustedSender(event)) {
      log('refused a file chooser asked by a frame that is not the Toolshed window');
      return null;
    }
    const parsed = pickPathRequestSchema.safeParse(request);
    if (!parsed.success) {
      log(`refused a file chooser request: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
      return null;
    }
    const { purpose, title, defaultPath = os.homedir() } = parsed.data;
    const window = BrowserWindow.fromWebContents(event.sender);
    if (purpose === 'saveFile') {
      const options = { title, defaultPath, properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const { canceled, filePath } = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return canceled || !filePath ? null : filePath;
    }
    const options: OpenDialogOptions = { title, defaultPath, properties: purpose === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile'] };
    const { canceled, filePaths } = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return canceled ? null : (filePaths[0] ?? null);
  });
}
