// The stand-in `electron` executable: runs an Electron app's real main script
// under Node, with `require('electron')` answering this folder's test double,
// and its windows in Debian's Chromium.
//
//   node dist/stand-in-electron/electron.cjs [CHROMIUM SWITCHES] APP [ARGS]
//     APP: a folder with a package.json (its "main"), or the main script itself
//     --remote-debugging-port=N: as Electron, prints "DevTools listening on ws://…"
//       so a test can drive the windows (Playwright's connectOverCDP)
//   --stand-in-exe=PATH: the executable Electron would be (process.execPath). When
//     it is not named "electron" the app is packaged (app.isPackaged): it runs
//     resources/app.asar (or resources/app) beside it (packagedLayout.ts makes
//     such an executable, for electron-builder to package).
import childProcess from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { chromium, type BrowserContext } from 'playwright-core';
import { app, configureApp } from './app.js';
import { markReady, record } from './events.js';
import { dialog, ipcMain, Menu, MenuItem, Notification, screen, session, setDefaultMenuIfNone, setScreenScale, shell } from './modules.js';
import { net, protocol } from './protocol.js';
import { BrowserWindow, windowHooks } from './windows.js';

const ELECTRON_VERSION = '45.3.4';
const CHROMIUM = process.env.TOOLSHED_CHROMIUM ?? '/usr/bin/chromium';

interface Launch {
  exe: string;
  /** resources/ beside the executable (a mirror of it when the app is in an asar archive). */
  resources: string;
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
  let resources = path.join(path.dirname(exe), 'resources');
  if (isPackaged) {
    if (existsSync(path.join(resources, 'app.asar'))) {
      resources = mirrorResources(resources);
      appPath = path.join(resources, 'app.asar');
    } else appPath = path.join(resources, 'app');
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
  return { exe, resources, appPath, mainScript, appArgs, switches, debuggingPort, isPackaged };
}

/**
 * Electron reads app.asar as a folder; Node cannot. Its files are laid out at
 * the same relative paths in a scratch copy of resources/ (app.asar a folder,
 * app.asar.unpacked the package's own), so the app finds its files where the
 * package puts them. What Electron could not run or mount from the archive is
 * refused here too (refuseArchivePaths).
 */
function mirrorResources(resources: string): string {
  const mirror = path.join(mkdtempSync(path.join(os.tmpdir(), 'stand-in-electron-')), 'resources');
  mkdirSync(mirror);
  symlinkSync(path.join(resources, 'app.asar.unpacked'), path.join(mirror, 'app.asar.unpacked'));
  const archive = path.join(mirror, 'app.asar');
  for (const file of listPackage(path.join(resources, 'app.asar'), { isPack: false })) {
    const target = path.join(archive, file);
    const entry = statFile(path.join(resources, 'app.asar'), file.replace(/^\//, ''), false) as { files?: unknown; unpacked?: boolean; link?: string };
    if (entry.files) mkdirSync(target, { recursive: true });
    else if (entry.link) symlinkSync(path.join(archive, entry.link), target);
    else if (entry.unpacked) symlinkSync(path.join(resources, 'app.asar.unpacked', file), target);
    else writeFileSync(target, extractFile(path.join(resources, 'app.asar'), file.replace(/^\//, '')), { mode: 0o644 });
  }
  return mirror;
}

/** A program inside app.asar cannot be run, nor a file in it mounted into a container: Electron's asar is a file. */
function refuseArchivePaths(): void {
  const inArchive = (value: unknown) => typeof value === 'string' && /\/app\.asar\//.test(value);
  const guarded = childProcess as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['spawn', 'spawnSync', 'execFile', 'execFileSync']) {
    const original = guarded[name]!;
    guarded[name] = (file: unknown, args: unknown, ...rest: unknown[]) => {
      const words = [file, ...(Array.isArray(args) ? args : [])];
      const found = words.find(inArchive);
      if (found) throw new Error(`stand-in electron: ${String(found)} is inside app.asar, which Electron cannot run or mount from`);
      return original(file, args, ...rest);
    };
  }
}

function appIdentity(launch: Launch) {
  const root = statSync(launch.appPath).isDirectory() ? launch.appPath : path.dirname(launch.appPath);
  let manifest: { name?: string; productName?: string; version?: string } = {};
  try {
    manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  } catch {
    // a bare script: Electron's own name and version
  }
  return {
    name: manifest.productName ?? manifest.name ?? 'Electron',
    version: manifest.version ?? ELECTRON_VERSION,
    appPath: root,
    isPackaged: launch.isPackaged,
  };
}

const electronModule = { app, BrowserWindow, dialog, ipcMain, Menu, MenuItem, Notification, net, protocol, screen, session, shell };

async function startChromium(launch: Launch): Promise<BrowserContext> {
  const profile = path.join(app.getPath('userData'), 'stand-in-chromium');
  const args = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...launch.switches];
  if (launch.debuggingPort !== undefined) args.push(`--remote-debugging-port=${launch.debuggingPort}`);
  // a HiDPI screen: Chromium's switch, which pages keep through the viewport Playwright emulates
  const scale = Number(
    /^--force-device-scale-factor=([\d.]+)$/.exec(launch.switches.find((arg) => arg.startsWith('--force-device-scale-factor=')) ?? '')?.[1] ?? 1,
  );
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
  Object.assign(process, { type: 'browser', resourcesPath: launch.resources });
  if (launch.isPackaged) refuseArchivePaths();
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
