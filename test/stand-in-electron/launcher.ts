// The stand-in `electron` executable: runs an Electron app's real main script
// under Node, with `require('electron')` answering this folder's test double,
// and its windows in Debian's Chromium.
//
//   node dist/stand-in-electron/electron.cjs [CHROMIUM SWITCHES] APP [ARGS]
//     APP: a folder with a package.json (its "main"), or the main script itself
//     --remote-debugging-port=N: as Electron, prints "DevTools listening on ws://…"
//       so a test can drive the windows (Playwright's connectOverCDP)
//   A copy of this launcher named other than "electron" (a packaged layout,
//   bin/stand-in-electron.sh) runs resources/app.asar or resources/app beside it,
//   with app.isPackaged true.
import { readFileSync } from 'node:fs';
import { existsSync, statSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { app, configureApp } from './app.js';
import { markReady, record } from './events.js';
import { ipcMain, Menu, MenuItem, Notification, screen, session, setDefaultMenuIfNone, setScreenScale, shell } from './modules.js';
import { net, protocol } from './protocol.js';
import { BrowserWindow, windowHooks } from './windows.js';

const ELECTRON_VERSION = '45.3.4';
const CHROMIUM = process.env.TOOLSHED_CHROMIUM ?? '/usr/bin/chromium';

interface Launch {
  exe: string;
  appPath: string;
  mainScript: string;
  appArgs: string[];
  switches: string[];
  debuggingPort: string | undefined;
  isPackaged: boolean;
}

function parseLaunch(argv: string[]): Launch {
  let exe = process.execPath;
  const switches: string[] = [];
  let debuggingPort: string | undefined;
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('--'); i += 1) {
    const arg = argv[i]!;
    if (arg.startsWith('--stand-in-exe=')) exe = arg.slice('--stand-in-exe='.length);
    else if (arg.startsWith('--remote-debugging-port=')) debuggingPort = arg.slice('--remote-debugging-port='.length);
    else switches.push(arg);
  }
  // Electron's rule for app.isPackaged: the executable is not named "electron"
  const isPackaged = path.basename(exe) !== 'electron' && exe !== process.execPath;
  let appPath: string;
  let appArgs: string[];
  if (isPackaged) {
    const resources = path.join(path.dirname(exe), 'resources');
    appPath = ['app.asar', 'app'].map((name) => path.join(resources, name)).find((candidate) => existsSync(candidate)) ?? path.join(resources, 'app');
    appArgs = argv.slice(i);
  } else {
    if (argv[i] === undefined) throw new Error('Usage: electron [switches] APP [args]');
    appPath = path.resolve(argv[i]!);
    appArgs = argv.slice(i + 1);
  }
  let mainScript = appPath;
  if (statSync(appPath).isDirectory()) {
    const manifest = JSON.parse(readFileSync(path.join(appPath, 'package.json'), 'utf8')) as { main?: string };
    mainScript = path.join(appPath, manifest.main ?? 'index.js');
  }
  return { exe, appPath, mainScript, appArgs, switches, debuggingPort, isPackaged };
}

function appIdentity(launch: Launch) {
  const root = statSync(launch.appPath).isDirectory() ? launch.appPath : path.dirname(launch.appPath);
  let manifest: { name?: string; productName?: string; version?: string } = {};
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  } catch {
    // a bare script: Electron's own name and version
  }
  return { name: manifest.productName ?? manifest.name ?? 'Electron', version: manifest.version ?? ELECTRON_VERSION, appPath: root, isPackaged: launch.isPackaged };
}

const electronModule = { app, BrowserWindow, ipcMain, Menu, MenuItem, Notification, net, protocol, screen, session, shell };

async function startChromium(launch: Launch): Promise<BrowserContext> {
  const profile = path.join(app.getPath('userData'), 'stand-in-chromium');
  const args = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...launch.switches];
  if (launch.debuggingPort !== undefined) args.push(`--remote-debugging-port=${launch.debuggingPort}`);
  // a HiDPI screen: Chromium's switch, which pages keep through the viewport Playwright emulates
  const scale = Number(/^--force-device-scale-factor=([\d.]+)$/.exec(launch.switches.find((arg) => arg.startsWith('--force-device-scale-factor=')) ?? '')?.[1] ?? 1);
  setScreenScale(scale);
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args, deviceScaleFactor: scale });
  // the context's first blank page is not a window
  for (const page of context.pages()) await page.close();
  if (launch.debuggingPort !== undefined) {
    const [port, browserPath] = readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n');
    process.stderr.write(`\nDevTools listening on ws://127.0.0.1:${port}${browserPath}\n`);
  }
  return context;
}

async function main(): Promise<void> {
  const launch = parseLaunch(process.argv.slice(2));
  configureApp(appIdentity(launch), (code) => {
    // Electron ends the process once the quit is done, whatever Node still has pending
    const context = windowHooks.context;
    const closing = context ? Promise.race([context.close(), new Promise((resolve) => setTimeout(resolve, 5000))]) : Promise.resolve();
    void closing.finally(() => process.exit(code));
  });

  // what Electron's main process has that Node has not
  Object.assign(process, { type: 'browser', resourcesPath: path.join(path.dirname(launch.exe), 'resources') });
  Object.assign(process.versions, { electron: ELECTRON_VERSION });
  process.argv = launch.isPackaged ? [launch.exe, ...launch.appArgs] : [launch.exe, launch.appPath, ...launch.appArgs];
  const moduleWithLoad = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = moduleWithLoad._load;
  moduleWithLoad._load = (request, parent, isMain) => (request === 'electron' ? electronModule : load(request, parent, isMain));
  // Electron shows uncaught errors of the main process and keeps running; these lines make them visible to tests
  process.on('uncaughtException', (error) => record('uncaughtException', String(error?.stack ?? error)));
  process.on('unhandledRejection', (reason) => record('unhandledRejection', String((reason as Error)?.stack ?? reason)));
  // a session's end (SIGTERM) or Ctrl+C quits the way app.quit() does
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => app.quit());

  Module.createRequire(launch.mainScript)(launch.mainScript);
  // an app that quit while loading (a second instance) never gets a browser
  if (app.isExiting()) return;

  windowHooks.context = await startChromium(launch);
  app.emit('will-finish-launching');
  setDefaultMenuIfNone();
  markReady();
  app.emit('ready', { preventDefault() {}, defaultPrevented: false }, {});
}

main().catch((error: unknown) => {
  process.stderr.write(`stand-in electron: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
