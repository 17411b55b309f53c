// The Electron shell: one instance, one window, the engine behind IPC. All
// logic lives in electron/services; this file only wires it to Electron.
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { createEngine } from '../services/engine.js';
import { APP_ORIGIN } from '../../shared/bridge.js';
import { registerAppScheme, serveRenderer } from './appProtocol.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { hardenSessions } from './security.js';
import { mainWindowOptions } from './windowOptions.js';

const log = (message: string) => process.stderr.write(`[toolshed] ${message}\n`);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  const engine = createEngine({ log });
  let mainWindow: BrowserWindow | undefined;

  const createWindow = () => {
    mainWindow = new BrowserWindow(mainWindowOptions(path.join(__dirname, 'preload.cjs')));
    forwardEvents(engine, mainWindow);
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow) return createWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    engine.dispose();
    app.quit();
  });

  void app.whenReady().then(() => {
    hardenSessions();
    serveRenderer(path.join(__dirname, '..', 'renderer'));
    registerIpc(engine, log);
    createWindow();
  });
}
