// The Electron shell: one instance, one window, the engine behind IPC. All
// logic lives in electron/services; this file only wires it to Electron.
import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { createEngine } from '../services/engine.js';
import { quoteExecTemplate } from '../services/desktop/desktopEntry.js';
import { APP_ORIGIN } from '../../shared/bridge.js';
import { registerAppScheme, serveRenderer } from './appProtocol.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { DEEP_LINK_SCHEME, handOffData, OpenRequestQueue, openRequestFromArgv, openRequestFromSecondInstance } from './deepLink.js';
import { hardenSessions } from './security.js';
import { mainWindowOptions } from './windowOptions.js';

const log = (message: string) => process.stderr.write(`[toolshed] ${message}\n`);

// `toolshed --open NAME` / toolshed://open/NAME: a second instance hands its request to the first and quits
const openAtStart = openRequestFromArgv(process.argv);
if (!app.requestSingleInstanceLock(handOffData(openAtStart))) {
  app.quit();
} else {
  registerAppScheme();
  if (app.isPackaged) {
    // electronegativity: PROTOCOL_HANDLER_JS_CHECK toolshed:// only carries open/NAME, parsed and validated by deepLink.ts
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  // launcher entries start this executable (an AppImage runs from a temporary mount: use the AppImage
  // file), unless TOOLSHED_LAUNCH_COMMAND says otherwise (the engine reads it)
  const launchCommand = app.isPackaged && !process.env.TOOLSHED_LAUNCH_COMMAND ? quoteExecTemplate(process.env.APPIMAGE ?? process.execPath) : undefined;
  const engine = createEngine({ log, ...(launchCommand ? { launchCommand } : {}) });
  // open requests reach the renderer as an engine event, once its page has loaded
  const openRequests = new OpenRequestQueue(({ container }) => engine.requestOpen(container));
  openRequests.push(openAtStart);
  let mainWindow: BrowserWindow | undefined;

  const createWindow = () => {
    // electronegativity: CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK the options come from
    // mainWindowOptions() (contextIsolation, sandbox, Auxclick disabled), checked by test/unit/electronSecurity.test.ts
    mainWindow = new BrowserWindow(mainWindowOptions(path.join(__dirname, 'preload.cjs')));
    forwardEvents(engine, mainWindow);
    mainWindow.webContents.on('did-start-loading', () => openRequests.setNotReady());
    mainWindow.webContents.on('did-finish-load', () => openRequests.setReady());
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
    mainWindow.on('closed', () => {
      openRequests.setNotReady();
      mainWindow = undefined;
    });
  };

  app.on('second-instance', (_event, argv, _workingDirectory, additionalData) => {
    openRequests.push(openRequestFromSecondInstance(argv, additionalData));
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
