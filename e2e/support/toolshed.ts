// The two ways Toolshed runs, for the e2e suite: `toolshed serve` in a browser
// page (project "served"), and the desktop app, its real built main and
// preload on the stand-in Electron with the window in Debian's Chromium
// (project "desktop"). Specs take `test` from here: `page` is then the served
// page or the app's window, and `toolshed` the instance behind it. A test
// about one way only is tagged @served or @desktop (playwright.config.ts runs
// it in that project alone).
import { test as base, chromium, expect, type Browser, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { REPO, ServeClient, servingUrl } from '../../test/support/serve.js';
import { seedToolboxConfig } from '../../test/support/toolboxConfig.js';
import { clearStaleProfileLock } from '../../test/support/profileLocks.js';
import { signal } from '../../electron/services/terminal/processes.js';
import type { ToolshedBridge } from '../../shared/bridge.js';
import type { CallArgs, CallName, CallResults } from '../../shared/contract.js';
import type { Reply } from '../../shared/wire.js';
import { E2E_PORT, E2E_TOKEN, e2eEnv } from './server.js';
import { APP_PAGE, STAND_IN } from '../../test/support/standIn.js';

export type ShellKind = 'served' | 'desktop';

export interface Toolshed {
  kind: ShellKind;
  /** The process the engine runs in (`toolshed serve`, or the app's main process). */
  pid(): number;
  /** What it has printed (the engine's log, and the stand-in's records on the desktop). */
  output(): string;
  /** Shows the UI: served, in `page` (at its URL, `open` asking for a tab in that toolbox); on the desktop in the app's window, reloaded as a fresh one (`open` handed over by a second instance, as a menu entry does). */
  open(page: Page, options?: { open?: string }): Promise<Page>;
  /** A call to the engine, for a spec's set-up (over the WebSocket, or the window's IPC bridge). */
  call<K extends CallName>(method: K, args: CallArgs<K>): Promise<CallResults[K]>;
  stop(): Promise<void>;
}

export interface ToolshedOptions {
  env?: Record<string, string>;
  /** Served only: the port (default: a free one). */
  port?: number;
  /** Desktop only: Chromium switches for the window. */
  switches?: string[];
  /** Desktop only: a packaged app's executable (packagedLayout.ts) instead of the stand-in running this checkout. */
  executable?: string;
}

export { APP_PAGE, STAND_IN };

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (data: Buffer) => (text += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (text += data.toString()));
  return () => text;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout' && child.pid !== undefined) signal(-child.pid, 'SIGKILL');
}

export async function startServed(options: ToolshedOptions = {}): Promise<Toolshed> {
  const env: Record<string, string> = { ...e2eEnv, ...options.env, TOOLSHED_TOKEN: E2E_TOKEN };
  seedToolboxConfig(env.XDG_CONFIG_HOME!);
  const child = spawn(process.execPath, ['bin/toolshed.js', 'serve', '--another', '--port', String(options.port ?? 0)], {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = collect(child);
  const url = new URL(await servingUrl(child));
  const address = { origin: url.origin, token: E2E_TOKEN };
  let client: Promise<ServeClient> | undefined;
  return {
    kind: 'served',
    pid: () => child.pid!,
    output,
    async open(page, { open } = {}) {
      await page.goto(`${url.origin}/#token=${E2E_TOKEN}${open ? `&open=${open}` : ''}`);
      return page;
    },
    async call(method, args) {
      client ??= ServeClient.connect(address);
      return (await client).call(method, args);
    },
    async stop() {
      if (client) (await client.catch(() => undefined))?.close();
      await stopChild(child);
    },
  };
}

export interface DesktopToolshed extends Toolshed {
  /** A connection of the spec's own to the app's window (started again first if the app has quit). */
  connect(): Promise<{ window: Page; close(): Promise<void> }>;
}

/** The desktop app on the stand-in Electron: one process, as `npm start` runs it. */
export async function startDesktop(options: ToolshedOptions = {}): Promise<DesktopToolshed> {
  const env = { ...e2eEnv, ...options.env };
  seedToolboxConfig(env.XDG_CONFIG_HOME!);
  let child: ChildProcess | undefined;
  let output = () => '';
  let browser: Browser | undefined;

  const launch = async () => {
    // a Chromium the previous run of this app left behind would hold its profile (and take the new window over)
    try {
      execFileSync('pkill', ['-KILL', '-f', `${env.XDG_CONFIG_HOME}/[^ ]*/stand-in-chromium`]);
    } catch {
      // none left: the usual case
    }
    const switches = ['--remote-debugging-port=0', ...(options.switches ?? [])];
    const [command, ...args] = options.executable ? [options.executable, ...switches] : [process.execPath, STAND_IN, ...switches, REPO];
    child = spawn(command!, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    output = collect(child);
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the desktop app printed no DevTools endpoint within 30 s:\n${output().slice(-2000)}`)), 30_000);
      child!.stderr!.on('data', () => {
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output());
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child!.once('exit', (code) => reject(new Error(`the desktop app exited (${String(code)}) before its window opened:\n${output().slice(-2000)}`)));
    });
    browser = await chromium.connectOverCDP(endpoint);
  };
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null && browser?.isConnected();

  /** The app's window, as this connection sees it (a spec's connection is its own: its init scripts end with it). */
  const windowIn = async (connection: Browser): Promise<Page> => {
    let window: Page | undefined;
    await expect
      .poll(
        () => {
          window = connection
            .contexts()
            .flatMap((context) => context.pages())
            .find((page) => page.url().startsWith(APP_PAGE.slice(0, -'index.html'.length)));
          return window !== undefined;
        },
        { message: 'the desktop app shows its window', timeout: 30_000 },
      )
      .toBe(true);
    return window!;
  };

  await launch();
  const instance: DesktopToolshed = {
    kind: 'desktop',
    pid: () => child!.pid!,
    output: () => output(),
    async connect() {
      if (!running()) await launch();
      const connection = await chromium.connectOverCDP(endpointOf(output()));
      return { window: await windowIn(connection), close: () => connection.close() };
    },
    async open(page, { open } = {}) {
      if (open) {
        // what a menu entry runs: a second instance hands the request to this one and quits
        const second = spawn(process.execPath, [STAND_IN, REPO, '--open', open], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
        const secondOutput = collect(second);
        const code = await new Promise((resolve) => second.once('exit', resolve));
        if (code !== 0) throw new Error(`the second instance exited with ${String(code)}: ${secondOutput()}`);
        return page;
      }
      // a fresh window, as a served test's new page is: nothing remembered from an earlier test
      await page.goto(APP_PAGE);
      await page.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      await page.goto(APP_PAGE);
      return page;
    },
    async call(method, args) {
      if (!running()) await launch();
      const appWindow = await windowIn(browser!);
      const reply = (await appWindow.evaluate(([m, a]) => (globalThis as unknown as { toolshed: ToolshedBridge }).toolshed.call(m as CallName, a), [
        method,
        args,
      ] as const)) as Reply;
      if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
      return reply.result as CallResults[typeof method];
    },
    async stop() {
      await browser?.close().catch(() => undefined);
      if (child) await stopChild(child);
    },
  };
  return instance;
}

function endpointOf(output: string): string {
  const all = [...output.matchAll(/DevTools listening on (ws:\/\/\S+)/g)];
  const last = all.at(-1);
  if (!last) throw new Error('the desktop app has printed no DevTools endpoint');
  return last[1]!;
}

export const test = base.extend<{ shellKind: ShellKind }, { toolshed: Toolshed }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  shellKind: async ({}, use, testInfo) => use(testInfo.project.name === 'desktop' ? 'desktop' : 'served'),
  toolshed: [
    // eslint-disable-next-line no-empty-pattern -- as above
    async ({}, use, workerInfo) => {
      const instance = workerInfo.project.name === 'desktop' ? await startDesktop() : await startServed({ port: E2E_PORT });
      await use(instance);
      await instance.stop();
    },
    // always there, as a served app or an open window is for every test
    { scope: 'worker', auto: true },
  ],
  page: async ({ page, toolshed }, use, testInfo) => {
    const before = toolshed.output().length;
    const logSinceStart = () => toolshed.output().slice(before);
    try {
      if (toolshed.kind === 'served') return await use(page);
      const { window, close } = await (toolshed as DesktopToolshed).connect();
      try {
        await use(window);
      } finally {
        await close();
      }
      // Electron shows an uncaught error of the main process and goes on; a test must not
      const errors = logSinceStart()
        .split('\n')
        .filter((line) => /^\[stand-in\] (uncaughtException|unhandledRejection) /.test(line));
      expect(errors, 'errors the main process left uncaught').toEqual([]);
    } finally {
      const cleared = clearStaleProfileLock();
      if (cleared) process.stderr.write(`\n--- "${testInfo.title}": ${cleared} ---\n`);
      // a failed test shows what the engine did meanwhile (every podman call's start and end: TOOLSHED_LOG_PODMAN)
      if (testInfo.status !== testInfo.expectedStatus) {
        const log = logSinceStart();
        await testInfo.attach(`${toolshed.kind} log`, { body: log, contentType: 'text/plain' });
        process.stderr.write(
          `\n--- ${toolshed.kind} Toolshed's log during "${testInfo.title}" (last 150 lines) ---\n${log.split('\n').slice(-150).join('\n')}\n---\n`,
        );
      }
    }
  },
});

export { expect };

/** Closes every terminal tab of the instance (tabs an earlier test left open). */
export async function closeAllTerminals(toolshed: Toolshed): Promise<void> {
  // each close waits for its shell to go (up to the session's grace period): all at once
  await Promise.all((await toolshed.call('listTerminals', {})).map(({ id }) => toolshed.call('closeTerminal', { id })));
}

/** Another instance, of the same kind as the project's (a spec's own environment: settings, a scratch podman…). */
export function startAnother(kind: ShellKind, options: ToolshedOptions = {}): Promise<Toolshed> {
  return kind === 'desktop' ? startDesktop(options) : startServed(options);
}

/** The UI of an instance a spec started itself: served, in `page`; on the desktop, that app's own window. */
export async function showUi(instance: Toolshed, page: Page): Promise<{ page: Page; close(): Promise<void> }> {
  if (instance.kind === 'served') return { page: await instance.open(page), close: async () => undefined };
  const { window, close } = await (instance as DesktopToolshed).connect();
  return { page: await instance.open(window), close };
}
