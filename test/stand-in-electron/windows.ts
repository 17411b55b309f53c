// BrowserWindow and webContents, each window a page of Debian's Chromium
// (driven through Playwright). The window's preload runs in the page before
// its scripts, with a renderer-side `electron` (rendererElectron.page.js) wired
// to ipcMain here; the app's protocol handler answers the page's requests;
// navigation, new windows and permissions go through the app's own handlers.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Frame, Page, Route } from 'playwright-core';
import { emitPreventable, newEvent, record, requireReady } from './events.js';
import { answerInvoke, findAccelerated, Menu, session, type KeyPress, type MenuItem } from './modules.js';
import { answerFromHandler, originOf, toAppUrl, toPageUrl } from './protocol.js';
import rendererElectronSource from './rendererElectron.page.js';

/** What the app module provides to windows (set by app.ts; no import cycle). */
export const windowHooks = {
  context: undefined as BrowserContext | undefined,
  created: (_contents: WebContents) => {},
  closed: (_window: BrowserWindow) => {},
  quit: () => {},
};

/** Where a page's ipcRenderer posts (on its own origin, so its CSP's connect-src 'self' allows it). */
const IPC_PATH = '/__stand-in-electron__/ipc';
const DELIVER_FUNCTION = '__standInElectronDeliver';
const byPage = new Map<Page, WebContents>();
const answeredPopups = new WeakSet<Page>();
/** The addresses popups asked for first, in order (such a request comes before Playwright knows its page). */
const popupRequests: string[] = [];
let routingInstalled = false;

/** Electron's WebFrameMain, as far as a sender check reads it. */
export class WebFrameMain {
  constructor(private readonly frame: Frame) {}
  get url(): string {
    return toAppUrl(this.frame.url());
  }
  get origin(): string {
    return originOf(this.url);
  }
  get name(): string {
    return this.frame.name();
  }
  get parent(): WebFrameMain | null {
    const parent = this.frame.parentFrame();
    return parent ? frameObject(parent) : null;
  }
  get top(): WebFrameMain {
    return frameObject(this.frame.page().mainFrame());
  }
  isDestroyed(): boolean {
    return this.frame.isDetached();
  }
}

const frames = new WeakMap<Frame, WebFrameMain>();
function frameObject(frame: Frame): WebFrameMain {
  let object = frames.get(frame);
  if (!object) frames.set(frame, (object = new WebFrameMain(frame)));
  return object;
}

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' };

let nextContentsId = 1;

export class WebContents extends EventEmitter {
  readonly id = nextContentsId++;
  page: Page | undefined;
  private destroyed = false;
  private crashed = false;
  private windowOpenHandler: WindowOpenHandler | null = null;
  /** Events sent while a delivery is on its way go together in the next one, in order. */
  private outbox: [string, unknown[]][] = [];
  private delivering = false;
  /** Messages sent, and those that have reached the page (or were dropped with it). */
  private sent = 0;
  private delivered = 0;
  private readonly flushWaiters: { upTo: number; resolve: () => void }[] = [];
  /** Navigations the app itself asked for (loadURL, reload) emit no will-navigate. */
  private appNavigation = false;
  private devToolsOpen = false;
  private deniedPermissions: string[] = [];

  constructor(
    readonly preload: string | undefined,
    readonly owner: BrowserWindow,
  ) {
    super();
  }

  get mainFrame(): WebFrameMain {
    if (!this.page) throw new Error('The window has no page yet.');
    return frameObject(this.page.mainFrame());
  }
  get session() {
    return session.defaultSession;
  }

  async attach(page: Page): Promise<void> {
    this.page = page;
    byPage.set(page, this);
    page.on('crash', () => {
      this.crashed = true;
      this.emit('render-process-gone', newEvent(), { reason: 'crashed', exitCode: 139 });
    });
    page.on('close', () => {
      if (this.page === page) this.gone();
    });
    // window.open: the popup's first request was held back (answerRoute); the app's window-open handler decides
    page.on('popup', (popup) => void this.openRequested(popup, popupRequests.shift() ?? popup.url()));
    page.on('domcontentloaded', () => this.emit('dom-ready', newEvent()));
    page.on('load', () => {
      this.emit('did-finish-load', newEvent());
      this.emit('did-stop-loading', newEvent());
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.emit('did-navigate', newEvent(), toAppUrl(frame.url()));
    });
  }

  /** The preload and the renderer-side electron, composed for this page (and re-run in every new document). */
  async installPreload(): Promise<void> {
    if (!this.page || !this.preload) return;
    const preloadSource = readFileSync(this.preload, 'utf8');
    const config = { ipcPath: IPC_PATH, deliver: DELIVER_FUNCTION, denied: this.deniedPermissions };
    await this.page.addInitScript({
      content: `(${rendererElectronSource.trim()})(${JSON.stringify(config)}, function (require, module, exports, __filename, __dirname) {\n${preloadSource}\n});`,
    });
  }

  /** Grants the page what the app's permission handlers grant its origin, and nothing else. */
  async applyPermissions(appUrl: string): Promise<void> {
    const context = windowHooks.context!;
    const origin = originOf(appUrl);
    const pageOrigin = new URL(toPageUrl(`${origin}/`)).origin;
    const asked: [electronName: string, chromiumName: string][] = [
      ['clipboard-read', 'clipboard-read'],
      ['clipboard-sanitized-write', 'clipboard-write'],
      ['notifications', 'notifications'],
    ];
    const granted: string[] = [];
    this.deniedPermissions.length = 0;
    for (const [electronName, chromiumName] of asked) {
      if (await this.session.grants(this, electronName, appUrl, origin)) granted.push(chromiumName);
      else this.deniedPermissions.push(electronName);
    }
    await context.clearPermissions();
    if (granted.length) await context.grantPermissions(granted, { origin: pageOrigin });
  }

  async loadURL(url: string): Promise<void> {
    if (!this.page) throw new Error('The window was destroyed.');
    this.emit('did-start-loading', newEvent());
    await this.applyPermissions(url);
    this.appNavigation = true;
    try {
      const response = await this.page.goto(toPageUrl(url), { waitUntil: 'load' });
      if (response && !response.ok()) throw new Error(`ERR_HTTP_RESPONSE_CODE_FAILURE (${response.status()}) loading '${url}'`);
    } catch (error) {
      this.emit('did-fail-load', newEvent(), -2, String(error), url);
      // Electron rejects loadURL when the load fails
      throw new Error(`ERR_FAILED (-2) loading '${url}': ${String(error)}`, { cause: error });
    } finally {
      this.appNavigation = false;
    }
  }

  reload(): void {
    const page = this.page;
    if (!page) return;
    this.appNavigation = true;
    this.emit('did-start-loading', newEvent());
    const reloading = this.crashed ? this.replaceCrashedPage(page) : page.reload();
    void reloading.catch((error: unknown) => record('reload failed', String(error))).finally(() => (this.appNavigation = false));
  }

  /** Electron gives a crashed window a new renderer process; here the window gets a new page, at the same address. */
  private async replaceCrashedPage(crashed: Page): Promise<void> {
    const url = crashed.url();
    const fresh = await crashed.context().newPage();
    await fresh.setViewportSize(this.owner.getBounds());
    this.crashed = false;
    byPage.delete(crashed);
    await this.attach(fresh);
    await this.installPreload();
    await crashed.close().catch(() => undefined);
    await fresh.goto(url);
  }

  getURL(): string {
    return this.page ? toAppUrl(this.page.url()) : '';
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    // Electron serializes with the structured clone algorithm at the call (a function throws here)
    this.outbox.push([channel, structuredClone(args)]);
    this.sent += 1;
    void this.deliver();
  }

  private async deliver(): Promise<void> {
    if (this.delivering || !this.page) return;
    this.delivering = true;
    try {
      while (this.outbox.length && !this.destroyed) {
        const batch = this.outbox.splice(0);
        // a page between two documents drops what is sent to it, as a navigating renderer does
        await this.page
          .evaluate(([name, messages]) => (window as unknown as Record<string, (m: unknown) => void>)[name]?.(messages), [DELIVER_FUNCTION, batch] as const)
          .catch(() => undefined);
        this.delivered += batch.length;
        this.releaseWaiters();
      }
    } finally {
      this.delivering = false;
      // a destroyed page takes nothing more: nobody waits for it
      if (this.destroyed) this.delivered = this.sent;
      this.releaseWaiters();
    }
  }

  private releaseWaiters(): void {
    for (const waiter of [...this.flushWaiters]) {
      if (waiter.upTo > this.delivered) continue;
      this.flushWaiters.splice(this.flushWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /**
   * Resolves once what was sent so far has reached the page. An invoke's reply
   * waits for it: Electron's messages to a renderer keep their order, so events
   * sent before a reply arrive before it.
   */
  flushed(): Promise<void> {
    const upTo = this.sent;
    if (this.delivered >= upTo || this.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push({ upTo, resolve }));
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** window.open from this window's page: the app's handler decides; a denied popup is closed. */
  async openRequested(popup: Page, pageUrl: string): Promise<void> {
    if (answeredPopups.has(popup)) return;
    answeredPopups.add(popup);
    const url = toAppUrl(pageUrl);
    const answer = this.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' }) ?? { action: 'allow' };
    record('window.open', { url, action: answer.action });
    if (answer.action === 'deny') await popup.close().catch(() => undefined);
  }

  /** A navigation the page itself started: the app's will-navigate decides. */
  willNavigate(appUrl: string): boolean {
    if (this.appNavigation) return true;
    return !emitPreventable(this, 'will-navigate', appUrl);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  isCrashed(): boolean {
    return this.crashed;
  }
  isLoading(): boolean {
    return false;
  }
  focus(): void {
    void this.page?.bringToFront().catch(() => undefined);
  }
  openDevTools(): void {
    this.devToolsOpen = true;
    record('devTools', 'opened');
  }
  closeDevTools(): void {
    this.devToolsOpen = false;
  }
  isDevToolsOpened(): boolean {
    return this.devToolsOpen;
  }
  toggleDevTools(): void {
    if (this.devToolsOpen) this.closeDevTools();
    else this.openDevTools();
  }
  async executeJavaScript(code: string): Promise<unknown> {
    return this.page?.evaluate(code);
  }

  gone(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.page) byPage.delete(this.page);
    this.delivered = this.sent;
    this.releaseWaiters();
    this.emit('destroyed', newEvent());
  }

  /** A key press the page did not consume: the application menu's accelerators act on it, as on Linux. */
  pressed(press: KeyPress): void {
    const item = findAccelerated(Menu.getApplicationMenu(), press);
    if (item) activate(item, this.owner);
  }
}

/** A menu item chosen: its click, or its role's action. */
export function activate(item: MenuItem, window: BrowserWindow | undefined): void {
  record('menu', item.label || item.role);
  if (item.click) return item.click(item, window, newEvent());
  switch (item.role?.toLowerCase()) {
    case 'quit':
      return windowHooks.quit();
    case 'close':
      window?.close();
      return undefined;
    case 'reload':
    case 'forcereload':
      return window?.webContents.reload();
    case 'toggledevtools':
      return window?.webContents.toggleDevTools();
    case 'minimize':
      return window?.minimize();
    case 'togglefullscreen':
      return window?.setFullScreen(!window.isFullScreen());
    default:
      // edit roles and zoom: Chromium's own key handling already did them in the page
      return undefined;
  }
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface WindowOptions {
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  show?: boolean;
  title?: string;
  icon?: string;
  webPreferences?: { preload?: string; contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean };
  [key: string]: unknown;
}

const windows = new Set<BrowserWindow>();
let nextWindowId = 1;

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return [...windows];
  }
  static getFocusedWindow(): BrowserWindow | null {
    return [...windows].find((window) => window.focused) ?? null;
  }
  static fromWebContents(contents: WebContents): BrowserWindow | null {
    return contents.owner;
  }

  readonly id = nextWindowId++;
  readonly webContents: WebContents;
  readonly options: WindowOptions;
  private readonly pageReady: Promise<Page>;
  private bounds: Bounds;
  private visible = false;
  private minimized = false;
  private maximized = false;
  private fullScreen = false;
  private focused = false;
  private destroyed = false;
  private title: string;

  constructor(options: WindowOptions = {}) {
    super();
    // Electron: "Cannot create BrowserWindow before app is ready"
    requireReady('new BrowserWindow');
    const prefs = options.webPreferences ?? {};
    // the stand-in runs preloads the way a sandboxed, isolated renderer does: anything else is not what it models
    if (prefs.contextIsolation === false || prefs.sandbox === false || prefs.nodeIntegration === true) {
      throw new Error('The stand-in Electron models sandboxed, context-isolated windows without Node integration only.');
    }
    this.options = options;
    this.title = options.title ?? '';
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new WebContents(prefs.preload, this);
    windows.add(this);
    windowHooks.created(this.webContents);
    if (options.icon) record('windowIcon', options.icon);
    this.pageReady = this.openPage();
    if (options.show !== false) this.show();
  }

  private async openPage(): Promise<Page> {
    const context = windowHooks.context;
    if (!context) throw new Error('Chromium is not running.');
    await installRouting(context);
    const page = await context.newPage();
    await page.setViewportSize({ width: this.bounds.width, height: this.bounds.height });
    await this.webContents.attach(page);
    await this.webContents.installPreload();
    page.once('domcontentloaded', () => this.emit('ready-to-show', newEvent()));
    this.webContents.on('destroyed', () => this.finishClose());
    return page;
  }

  async loadURL(url: string): Promise<void> {
    await this.pageReady;
    return this.webContents.loadURL(url);
  }

  show(): void {
    this.visible = true;
    this.focused = true;
    this.emit('show', newEvent());
    record('window', { id: this.id, shown: true, bounds: this.bounds });
  }
  hide(): void {
    this.visible = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.focused = true;
    this.webContents.focus();
  }
  isFocused(): boolean {
    return this.focused;
  }
  minimize(): void {
    this.minimized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  unmaximize(): void {
    this.maximized = false;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  setFullScreen(on: boolean): void {
    this.fullScreen = on;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  getBounds(): Bounds {
    return { ...this.bounds };
  }
  getNormalBounds(): Bounds {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<Bounds>): void {
    this.bounds = { ...this.bounds, ...bounds };
    void this.pageReady.then(() => this.webContents.page?.setViewportSize({ width: this.bounds.width, height: this.bounds.height })).catch(() => undefined);
    this.emit('resize', newEvent());
    this.emit('move', newEvent());
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setMenuBarVisibility(): void {}
  setAutoHideMenuBar(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Like the user closing the window: 'close' may prevent it. Answers whether it closes. */
  close(): boolean {
    if (this.destroyed) return true;
    if (emitPreventable(this, 'close')) return false;
    this.destroy();
    return true;
  }

  destroy(): void {
    if (this.destroyed) return;
    void this.pageReady.then(() => this.webContents.page?.close()).catch(() => this.finishClose());
  }

  private finishClose(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.gone();
    windows.delete(this);
    this.emit('closed', newEvent());
    windowHooks.closed(this);
  }
}

/**
 * The page reaches the main side by a request to a reserved path of its own
 * origin, which only this stand-in intercepts. (A Playwright binding would not
 * do: every client attached to the page, a test's included, answers a binding
 * call, and the first answer wins.)
 */
async function installRouting(context: BrowserContext): Promise<void> {
  if (routingInstalled) return;
  routingInstalled = true;
  await context.route('**/*', (route) => answerRoute(route));
}

async function answerIpc(route: Route, contents: WebContents): Promise<void> {
  const request = route.request();
  const { kind, channel, args } = JSON.parse(request.postData() ?? '{}') as { kind: string; channel: string; args: unknown[] };
  let answer: unknown = { result: undefined };
  if (kind === 'accelerator') contents.pressed(args[0] as KeyPress);
  else answer = await answerInvoke(channel, { sender: contents, senderFrame: frameObject(request.frame()), processId: 1, frameId: 1 }, args);
  await contents.flushed();
  await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(answer) });
}

/** Every request of every page: the app's scheme from its handler, page-started navigations through will-navigate. */
async function answerRoute(route: Route): Promise<void> {
  const request = route.request();
  const appUrl = toAppUrl(request.url());
  let frame: Frame;
  try {
    frame = request.frame();
  } catch {
    // the first navigation of a page being opened (window.open): held back for the opener's window-open handler
    popupRequests.push(request.url());
    return route.abort('blockedbyclient');
  }
  const contents = byPage.get(frame.page());
  if (!contents) {
    // a popup, or a page that is not a window: nothing loads. A popup's first navigation may come
    // with its frame already known: its address is kept for the window-open handler all the same
    // (else the handler saw the error page the abort leaves: seen in a fresh-clone run)
    if (request.isNavigationRequest() && frame === frame.page().mainFrame() && !answeredPopups.has(frame.page())) popupRequests.push(request.url());
    return route.abort('blockedbyclient');
  }
  if (request.method() === 'POST' && new URL(request.url()).pathname === IPC_PATH) return answerIpc(route, contents);
  if (request.isNavigationRequest() && frame === frame.page().mainFrame() && !contents.willNavigate(appUrl)) return route.abort('aborted');
  const response = await answerFromHandler(appUrl, { method: request.method(), headers: request.headers() }).catch((error: unknown) => {
    record('protocol handler failed', String(error));
    return new Response('', { status: 500 });
  });
  if (!response) return appUrl === request.url() ? route.continue() : route.abort('failed');
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
}
