// With the app's own engine, closing the window or quitting ends every tab's
// shell: the window asks the user first when a tab runs a program (as closing
// a busy tab does); a quit the desktop asks for (logout, SIGTERM) goes ahead,
// since nobody could answer. With the background engine, closing the window
// ends nothing and asks nothing; the menu's Quit ends that engine, after the
// window named every tab it ends.
import { app, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_SHELL_ANSWER_CHANNEL, IPC_SHELL_REQUEST_CHANNEL, type ShellRequest } from '../../shared/bridge.js';
import { isTrustedSender } from './ipcHandler.js';
import type { BackgroundEngine } from '../services/background/engineClient.js';

export class EndGuard {
  private agreed = false;
  private nextId = 1;
  private readonly waiting = new Map<number, (confirmed: boolean) => void>();

  constructor(
    private readonly currentWindow: () => BrowserWindow | undefined,
    private readonly background: () => BackgroundEngine | undefined,
    private readonly log: (message: string) => void,
  ) {
    ipcMain.handle(IPC_SHELL_ANSWER_CHANNEL, (event: IpcMainInvokeEvent, id: unknown, confirmed: unknown) => {
      if (!isTrustedSender(event) || typeof id !== 'number') return;
      this.waiting.get(id)?.(confirmed === true);
      this.waiting.delete(id);
    });
    // past this point every window closes without asking: the user agreed, or the desktop is ending the app
    app.on('before-quit', () => (this.agreed = true));
  }

  /** Keeps a window from closing until its user agreed to end busy tabs. */
  guard(window: BrowserWindow): void {
    window.on('close', (event) => {
      if (this.agreed || this.background()) return;
      event.preventDefault();
      void this.ask('close').then((confirmed) => {
        if (!confirmed || window.isDestroyed()) return;
        this.agreed = true;
        window.close();
      });
    });
  }

  /** Quit from the app's menu: asks first; then ends the background engine too, when the app is attached to one. */
  quit(): void {
    const background = this.background();
    void this.ask(background ? 'quitBackground' : 'quit').then(async (confirmed) => {
      if (!confirmed) return;
      await background?.quit().catch((error: unknown) => this.log(`the background engine could not be ended: ${String(error)}`));
      app.quit();
    });
  }

  /** The window's answer; a window without a working page cannot show busy tabs, so it is not asked. */
  private ask(action: ShellRequest['action']): Promise<boolean> {
    const window = this.currentWindow();
    if (!window || window.isDestroyed() || window.webContents.isCrashed()) return Promise.resolve(true);
    const request: ShellRequest = { id: this.nextId++, kind: 'confirmEnd', action };
    return new Promise((resolve) => {
      this.waiting.set(request.id, resolve);
      // a page that reloads meanwhile has dropped the question: nothing was agreed
      window.webContents.once('did-start-loading', () => {
        this.waiting.delete(request.id);
        resolve(false);
      });
      window.webContents.send(IPC_SHELL_REQUEST_CHANNEL, request);
    });
  }
}
