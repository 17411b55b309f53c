// The smaller main-process modules: ipcMain, session, shell, dialog, Menu, Notification.
import { EventEmitter } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { record, requireReady } from './events.js';

// ---- ipcMain -------------------------------------------------------------------------------

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
const invokeHandlers = new Map<string, InvokeHandler>();

class IpcMain extends EventEmitter {
  handle(channel: string, handler: InvokeHandler): void {
    // Electron: "Attempted to register a second handler for 'channel'"
    if (invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, handler);
  }
  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      invokeHandlers.delete(channel);
      return handler(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    invokeHandlers.delete(channel);
  }
}

export const ipcMain = new IpcMain();

/** An ipcRenderer.invoke as Electron answers it: the handler's result structured-cloned, or its error in Electron's words. */
export async function answerInvoke(channel: string, event: unknown, args: unknown[]): Promise<{ result: unknown } | { error: string }> {
  const handler = invokeHandlers.get(channel);
  if (!handler) return { error: `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'` };
  try {
    return { result: structuredClone(await handler(event, ...args)) };
  } catch (error) {
    return { error: `Error invoking remote method '${channel}': ${String(error)}` };
  }
}

// ---- session -------------------------------------------------------------------------------

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string, details: Record<string, unknown>) => boolean;

class Session {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.checkHandler = handler;
  }
  /**
   * Whether the app's handlers grant a permission to a page: the check handler
   * answers Chromium's checks, the request handler its requests; with no handler
   * Electron grants. The stand-in asks both when a page loads.
   */
  async grants(contents: unknown, permission: string, url: string, origin: string): Promise<boolean> {
    const checked = this.checkHandler
      ? this.checkHandler(contents, permission, origin, { requestingUrl: url, isMainFrame: true, embeddingOrigin: origin })
      : true;
    const requested = this.requestHandler
      ? await new Promise<boolean>((resolve) => this.requestHandler!(contents, permission, resolve, { requestingUrl: url, isMainFrame: true }))
      : true;
    return checked === true && requested === true;
  }
}

let defaultSession: Session | undefined;
export const session = {
  get defaultSession(): Session {
    // Electron: "Session can only be received when app is ready"
    requireReady('session.defaultSession');
    return (defaultSession ??= new Session());
  },
};

// ---- shell ---------------------------------------------------------------------------------

export const shell = {
  async openExternal(url: string): Promise<void> {
    record('openExternal', url);
  },
  async openPath(target: string): Promise<string> {
    record('openPath', target);
    return '';
  },
  showItemInFolder(target: string): void {
    record('showItemInFolder', target);
  },
};

// ---- dialog --------------------------------------------------------------------------------

// No native dialog can be shown here. What the user picks is what a test wrote, as JSON, into
// the file STAND_IN_DIALOG_ANSWER names ({"path": "/x"}, or {"canceled": true}), read once
// when a dialog opens and then removed; with no such file the user cancelled. Each dialog is
// recorded (`[stand-in] dialog {...}`) with its options.
interface DialogOptions {
  title?: string;
  defaultPath?: string;
  properties?: string[];
}

function answerDialog(kind: string, window: unknown, options: DialogOptions | undefined): { canceled: boolean; path?: string } {
  const given = (window && typeof window === 'object' && 'webContents' in window ? options : (window as DialogOptions | undefined)) ?? {};
  record('dialog', { kind, ...given });
  const file = process.env.STAND_IN_DIALOG_ANSWER;
  if (!file) return { canceled: true };
  try {
    const answer = JSON.parse(readFileSync(file, 'utf8')) as { path?: string; canceled?: boolean };
    rmSync(file, { force: true });
    return answer.canceled || !answer.path ? { canceled: true } : { canceled: false, path: answer.path };
  } catch {
    return { canceled: true };
  }
}

export const dialog = {
  // Electron: dialog.showOpenDialog([window, ]options) → { canceled, filePaths }
  async showOpenDialog(window: unknown, options?: DialogOptions): Promise<{ canceled: boolean; filePaths: string[] }> {
    const { canceled, path } = answerDialog('open', window, options);
    return { canceled, filePaths: path ? [path] : [] };
  },
  // Electron: dialog.showSaveDialog([window, ]options) → { canceled, filePath } ("" when cancelled)
  async showSaveDialog(window: unknown, options?: DialogOptions): Promise<{ canceled: boolean; filePath: string }> {
    const { canceled, path } = answerDialog('save', window, options);
    return { canceled, filePath: path ?? '' };
  },
};

// ---- Menu ----------------------------------------------------------------------------------

export interface MenuItemOptions {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  enabled?: boolean;
  visible?: boolean;
  click?: (item: MenuItem, window: unknown, event: unknown) => void;
  submenu?: MenuItemOptions[] | Menu;
}

export class MenuItem {
  label: string;
  role: string | undefined;
  type: string;
  accelerator: string | undefined;
  enabled: boolean;
  visible: boolean;
  click: MenuItemOptions['click'];
  submenu: Menu | undefined;
  constructor(options: MenuItemOptions) {
    this.label = options.label ?? '';
    this.role = options.role;
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal');
    // a role's default accelerator, unless the item says otherwise ('' for none)
    this.accelerator = options.accelerator ?? (options.role ? ROLE_ACCELERATORS[options.role.toLowerCase()] : undefined);
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.click = options.click;
    this.submenu = options.submenu instanceof Menu ? options.submenu : options.submenu ? Menu.buildFromTemplate(options.submenu) : undefined;
  }
}

/** Electron's default accelerators of the roles on Linux. */
const ROLE_ACCELERATORS: Record<string, string> = {
  quit: 'CommandOrControl+Q',
  close: 'CommandOrControl+W',
  reload: 'CommandOrControl+R',
  forcereload: 'Shift+CommandOrControl+R',
  toggledevtools: 'Ctrl+Shift+I',
  resetzoom: 'CommandOrControl+0',
  zoomin: 'CommandOrControl+Plus',
  zoomout: 'CommandOrControl+-',
  togglefullscreen: 'F11',
  minimize: 'CommandOrControl+M',
  undo: 'CommandOrControl+Z',
  redo: 'Shift+CommandOrControl+Z',
  cut: 'CommandOrControl+X',
  copy: 'CommandOrControl+C',
  paste: 'CommandOrControl+V',
  selectall: 'CommandOrControl+A',
};

let applicationMenu: Menu | null = null;
let applicationMenuSet = false;

export class Menu {
  items: MenuItem[] = [];
  static buildFromTemplate(template: (MenuItemOptions | MenuItem)[]): Menu {
    const menu = new Menu();
    for (const item of template) menu.append(item instanceof MenuItem ? item : new MenuItem(item));
    return menu;
  }
  static setApplicationMenu(menu: Menu | null): void {
    applicationMenu = menu;
    applicationMenuSet = true;
    record('applicationMenu', menu ? menu.items.map((item) => item.label || item.role) : null);
  }
  static getApplicationMenu(): Menu | null {
    return applicationMenu;
  }
  append(item: MenuItem): void {
    this.items.push(item);
  }
  getMenuItemById(): MenuItem | null {
    return null;
  }
}

/** What Electron sets at ready when the app set no menu of its own (Linux): Ctrl+W closes, Ctrl+R reloads, Ctrl+Shift+I opens the developer tools. */
export function setDefaultMenuIfNone(): void {
  if (applicationMenuSet) return;
  applicationMenu = Menu.buildFromTemplate([
    { label: 'File', submenu: [{ role: 'quit' }] },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ]);
}

export interface KeyPress {
  key: string;
  code: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
}

/** Whether a key press (one the page did not consume) is an accelerator, as Electron matches them on Linux. */
export function matchesAccelerator(accelerator: string, press: KeyPress): boolean {
  const parts = accelerator.split('+').map((part) => part.trim().toLowerCase());
  // "CommandOrControl+Plus": a trailing "+" key is written Plus
  const key = parts.pop() ?? '';
  const wants = { ctrl: false, shift: false, alt: false, meta: false };
  for (const modifier of parts) {
    if (['commandorcontrol', 'cmdorctrl', 'control', 'ctrl'].includes(modifier)) wants.ctrl = true;
    else if (modifier === 'shift') wants.shift = true;
    else if (['alt', 'option', 'altgr'].includes(modifier)) wants.alt = true;
    else if (['super', 'meta', 'command', 'cmd'].includes(modifier)) wants.meta = true;
  }
  if (wants.ctrl !== press.ctrl || wants.alt !== press.alt || wants.meta !== press.meta) return false;
  const pressed = press.code.startsWith('Key')
    ? press.code.slice(3).toLowerCase()
    : press.code.startsWith('Digit')
      ? press.code.slice(5)
      : press.key.toLowerCase();
  const named: Record<string, string> = { plus: '+', esc: 'escape', return: 'enter', space: ' ' };
  const wanted = named[key] ?? key;
  // Shift may be implied by the character ("Plus" is Shift+= on many layouts)
  if (wanted === '+') return pressed === '+' || (press.code === 'Equal' && press.shift);
  return wants.shift === press.shift && (pressed === wanted || press.key.toLowerCase() === wanted);
}

export function findAccelerated(menu: Menu | null, press: KeyPress): MenuItem | undefined {
  for (const item of menu?.items ?? []) {
    if (!item.visible || !item.enabled) continue;
    if (item.submenu) {
      const found = findAccelerated(item.submenu, press);
      if (found) return found;
    } else if (item.accelerator && matchesAccelerator(item.accelerator, press)) return item;
  }
  return undefined;
}

// ---- Notification --------------------------------------------------------------------------

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  constructor(private readonly options: { title?: string; body?: string } = {}) {
    super();
    requireReady('Notification');
  }
  show(): void {
    record('notification', this.options);
  }
  close(): void {}
}

// ---- screen --------------------------------------------------------------------------------

export function setScreenScale(scale: number): void {
  DISPLAY.scaleFactor = scale;
}

/** One 1920×1080 screen, with a 32-pixel panel at the top (at the scale --force-device-scale-factor gives). */
const DISPLAY = { id: 1, scaleFactor: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 32, width: 1920, height: 1048 } };
export const screen = {
  getAllDisplays() {
    requireReady('screen');
    return [DISPLAY];
  },
  getPrimaryDisplay() {
    requireReady('screen');
    return DISPLAY;
  },
  getDisplayMatching() {
    requireReady('screen');
    return DISPLAY;
  },
};
