// The Electron shell: one instance, one window, the engine behind IPC: the
// user's background engine where one runs (its tabs outlive the window), else
// one of the app's own. All logic lives in electron/services; this file only
// wires it to Electron.
import { app, BrowserWindow, Menu, screen, shell } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createEngine, type Engine } from '../services/engine.js';
import { engineSocketPath } from '../services/background/backgroundEngine.js';
import { attachToBackgroundEngine, type BackgroundEngine } from '../services/background/engineClient.js';
import { isCliCommand, main as runCli } from '../server/cli.js';
import { quoteExecTemplate } from '../services/desktop/desktopEntry.js';
import { APP_ORIGIN } from '../../shared/bridge.js';
import { isWebLink } from '../../shared/links.js';
import { appMenuTemplate } from './appMenu.js';
import { userEnvironment } from './appImageEnvironment.js';
import { registerAppScheme, serveRenderer } from './appProtocol.js';
import { EndGuard } from './endGuard.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { registerPathPicker } from './pathPicker.js';
import { DEEP_LINK_SCHEME, handOffData, OpenRequestQueue, openRequestFromArgv, openRequestFromSecondInstance } from './deepLink.js';
import { hardenSessions } from './security.js';
import { loadWindowState, saveWindowState } from './windowState.js';
import { mainWindowOptions } from './windowOptions.js';

const log = (message: string) => process.stderr.write(`[toolshed] ${message}\n`);

// `toolshed serve …` and `toolshed --help` are the CLI's, in the packaged app too (its /usr/bin/toolshed is this
// executable): no window, no single-instance lock; a serve runs until it is stopped
const appArgs = process.argv.slice(app.isPackaged ? 1 : 2);
// `toolshed --open NAME` / toolshed://open/NAME: a second instance hands its request to the first and quits
const openAtStart = openRequestFromArgv(process.argv);
// the words that run this app's command line (the background engine's unit adds `engine`): the packaged
// executable (an AppImage: its file), else Electron on this app's folder
const serviceCommand = app.isPackaged ? [process.env.APPIMAGE ?? process.execPath] : [process.execPath, path.resolve(process.argv[1] ?? '.')];
if (isCliCommand(appArgs)) {
  const place = {
    staticDir: path.join(__dirname, '..', 'renderer'),
    launchCommand: quoteExecTemplate(process.env.APPIMAGE ?? process.execPath),
    serviceCommand,
  };
  void runCli(appArgs, place).then((code) => {
    if ((appArgs[0] !== 'serve' && appArgs[0] !== 'engine') || code !== 0) app.exit(code);
  });
} else if (!app.requestSingleInstanceLock(handOffData(openAtStart))) {
  app.quit();
} else {
  registerAppScheme();
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  // launcher entries start this executable (an AppImage runs from a temporary mount: use the AppImage
  // file), unless TOOLSHED_LAUNCH_COMMAND says otherwise (the engine reads it)
  const launchCommand = app.isPackaged && !process.env.TOOLSHED_LAUNCH_COMMAND ? quoteExecTemplate(process.env.APPIMAGE ?? process.execPath) : undefined;
  // what the engine starts (shells, tabs, host commands) gets the user's environment, not the app's
  const env = userEnvironment(process.env);
  const engineSocket = engineSocketPath(process.getuid?.() ?? 0, env);
  // asked at once, so that the engine's first podman calls overlap Chromium's start
  const engineReady: Promise<{ engine: Engine; background?: BackgroundEngine }> = attachToBackgroundEngine(engineSocket, log).then((background) =>
    background ? { engine: background, background } : { engine: createEngine({ log, env, serviceCommand, ...(launchCommand ? { launchCommand } : {}) }) },
  );
  let engine: Engine | undefined;
  let background: BackgroundEngine | undefined;
  // open requests reach the renderer as an engine event, once its page has loaded
  const openRequests = new OpenRequestQueue(({ container }) => engine?.requestOpen(container));
  openRequests.push(openAtStart);
  let mainWindow: BrowserWindow | undefined;
  const endGuard = new EndGuard(
    () => mainWindow,
    () => background,
    log,
  );
  const icon = path.join(__dirname, '..', 'icons', '256x256.png');

  const createWindow = (engine: Engine) => {
    const userData = app.getPath('userData');
    const state = loadWindowState(
      userData,
      screen.getAllDisplays().map((display) => display.workArea),
    );
    const window = new BrowserWindow({
      ...mainWindowOptions(path.join(__dirname, 'preload.cjs')),
      width: state.width,
      height: state.height,
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      ...(existsSync(icon) ? { icon } : {}),
    });
    mainWindow = window;
    if (state.maximized) window.maximize();
    forwardEvents(engine, window);
    endGuard.guard(window);
    window.webContents.on('did-start-loading', () => openRequests.setNotReady());
    window.webContents.on('did-finish-load', () => openRequests.setReady());
    // a crashed renderer would leave a blank window: load the page again (the tabs live in the engine and come back)
    window.webContents.on('render-process-gone', (_event, details) => {
      log(`the window's page ended (${details.reason}, exit code ${details.exitCode}); loading it again`);
      if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.webContents.reload();
    });
    window.once('ready-to-show', () => window.show());
    window.on('close', () => {
      if (!window.isDestroyed()) saveWindowState(userData, { ...window.getNormalBounds(), maximized: window.isMaximized() });
    });
    window.loadURL(`${APP_ORIGIN}/index.html`).catch((error: unknown) => log(`could not load the window's page: ${String(error)}`));
    window.on('closed', () => {
      openRequests.setNotReady();
      if (mainWindow === window) mainWindow = undefined;
    });
  };

  app.on('second-instance', (_event, argv, _workingDirectory, additionalData) => {
    openRequests.push(openRequestFromSecondInstance(argv, additionalData));
    if (!engine) return; // the first window opens once the engine is there, and takes the request
    if (!mainWindow) return createWindow(engine);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // closing the window ends the app; a quit from anywhere (menu, logout, SIGTERM) ends the app's own engine: its
  // podman events stream, the host agent, every tab's shell, running operations (a background engine runs on:
  // only the menu's Quit ends it, after asking)
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => engine?.dispose());

  void app.whenReady().then(async () => {
    ({ engine, background } = await engineReady);
    if (background) log(`attached to the background engine at ${engineSocket}`);
    // a background engine that restarted has none of the window's state: the page loads again and catches up
    background?.onReconnected(() => mainWindow?.webContents.reload());
    hardenSessions();
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          quit: () => endGuard.quit(),
          closeWindow: () => mainWindow?.close(),
          openDocs: (url) => void (isWebLink(url) && shell.openExternal(url)),
          ...(app.isPackaged ? {} : { toggleDevTools: () => mainWindow?.webContents.toggleDevTools() }),
        }),
      ),
    );
    serveRenderer(path.join(__dirname, '..', 'renderer'));
    registerIpc(engine, log);
    registerPathPicker(log);
    createWindow(engine);
  });
}
