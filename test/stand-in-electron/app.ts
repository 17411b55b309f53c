// The app module: Electron's lifecycle (ready, before-quit → every window's
// close → will-quit → quit, window-all-closed), the single-instance lock with
// second-instance, and the paths.
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { emitPreventable, isReady, newEvent, record, whenReady } from './events.js';
import { BrowserWindow, windowHooks } from './windows.js';

export interface AppIdentity {
  name: string;
  version: string;
  appPath: string;
  isPackaged: boolean;
}

let identity: AppIdentity = { name: 'Electron', version: '0.0.0', appPath: process.cwd(), isPackaged: false };
let quitting = false;
let exiting = false;
let lockServer: net.Server | undefined;
/** What ends the process: set by the launcher (closes Chromium first). */
let shutdown: (code: number) => void = (code) => process.exit(code);

class App extends EventEmitter {
  readonly commandLine = {
    switches: new Map<string, string>(),
    appendSwitch(name: string, value = '') {
      this.switches.set(name, value);
    },
    hasSwitch(name: string) {
      return this.switches.has(name);
    },
    getSwitchValue(name: string) {
      return this.switches.get(name) ?? '';
    },
  };

  get isPackaged(): boolean {
    return identity.isPackaged;
  }
  get name(): string {
    return identity.name;
  }
  getName(): string {
    return identity.name;
  }
  getVersion(): string {
    return identity.version;
  }
  getAppPath(): string {
    return identity.appPath;
  }
  isReady(): boolean {
    return isReady();
  }
  whenReady(): Promise<void> {
    return whenReady();
  }

  getPath(name: string): string {
    const home = os.homedir();
    const appData = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
    const paths: Record<string, string> = {
      home,
      appData,
      userData: path.join(appData, identity.name),
      sessionData: path.join(appData, identity.name),
      temp: os.tmpdir(),
      exe: process.execPath,
      desktop: path.join(home, 'Desktop'),
      downloads: path.join(home, 'Downloads'),
      logs: path.join(appData, identity.name, 'logs'),
    };
    const found = paths[name];
    if (!found) throw new Error(`Failed to get '${name}' path`);
    return found;
  }

  setAsDefaultProtocolClient(protocol: string): boolean {
    record('setAsDefaultProtocolClient', protocol);
    return true;
  }

  disableHardwareAcceleration(): void {
    if (isReady()) throw new Error('app.disableHardwareAcceleration() can only be called before app is ready');
  }

  /**
   * Electron's single-instance lock: the first instance listens on a socket in
   * its userData folder; a later one hands it its argv, working directory and
   * additionalData, and gets false.
   */
  requestSingleInstanceLock(additionalData: unknown = {}): boolean {
    const folder = this.getPath('userData');
    mkdirSync(folder, { recursive: true });
    const socket = path.join(folder, 'SingletonSocket');
    if (handOff(socket, { argv: process.argv, cwd: process.cwd(), additionalData })) return false;
    rmSync(socket, { force: true });
    lockServer = net.createServer((connection) => {
      let text = '';
      connection.on('data', (chunk) => (text += chunk.toString()));
      connection.on('end', () => {
        connection.end('ok');
        const { argv, cwd, additionalData: data } = JSON.parse(text) as { argv: string[]; cwd: string; additionalData: unknown };
        void whenReady().then(() => this.emit('second-instance', newEvent(), argv, cwd, data));
      });
    });
    lockServer.listen(socket);
    lockServer.unref();
    return true;
  }

  isExiting(): boolean {
    return exiting;
  }

  hasSingleInstanceLock(): boolean {
    return lockServer !== undefined;
  }

  /** before-quit, then every window's close (any may cancel the quit), then will-quit, quit and the exit. */
  quit(): void {
    if (quitting || exiting) return;
    if (emitPreventable(this, 'before-quit')) return;
    quitting = true;
    const open = BrowserWindow.getAllWindows();
    if (open.length === 0) return void this.finishQuit();
    for (const window of open) {
      if (!window.close()) {
        quitting = false;
        record('quit', 'cancelled by a window');
        return;
      }
    }
  }

  /** Ends at once: no before-quit, no will-quit, no close. */
  exit(code = 0): void {
    exiting = true;
    record('exit', code);
    shutdown(code);
  }

  relaunch(): void {
    record('relaunch', process.argv);
  }

  finishQuit(): void {
    if (exiting) return;
    if (emitPreventable(this, 'will-quit')) {
      quitting = false;
      return;
    }
    this.emit('quit', newEvent(), 0);
    exiting = true;
    record('quit', 0);
    shutdown(0);
  }
}

/** Hands this instance's request to a running one: true when one took it (synchronous, as Electron's lock is). */
function handOff(socket: string, message: unknown): boolean {
  const probe = `const s=require('net').connect(process.argv[1]);s.on('connect',()=>s.end(process.argv[2]));s.on('data',()=>process.exit(0));s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),5000);`;
  try {
    execFileSync(process.execPath, ['-e', probe, socket, JSON.stringify(message)], { stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    return true;
  } catch {
    return false;
  }
}

export const app = new App();

export function configureApp(appIdentity: AppIdentity, end: (code: number) => void): void {
  identity = appIdentity;
  shutdown = end;
}

windowHooks.created = (contents) => app.emit('web-contents-created', newEvent(), contents);
windowHooks.quit = () => app.quit();
windowHooks.closed = () => {
  if (BrowserWindow.getAllWindows().length > 0) return;
  if (quitting) return app.finishQuit();
  // the last window closed by the user: window-all-closed if the app listens, else quit
  if (app.listenerCount('window-all-closed') > 0) app.emit('window-all-closed', newEvent());
  else app.quit();
};
