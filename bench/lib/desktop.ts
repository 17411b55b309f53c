// The desktop app as `npm start` runs it, on the stand-in Electron (the real
// built main and preload; the window's page in Debian's Chromium, started by
// the stand-in as Electron starts its own): from its start until a container's
// row is on screen in its window. Its own config and state folders, as the
// served bench's `toolshed serve` has.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { listRow } from './browser.js';
import { REPO, stopChild } from '../../test/support/serve.js';
import { APP_PAGE, STAND_IN } from '../../test/support/standIn.js';
import { seedToolboxConfig } from '../../test/support/toolboxConfig.js';

/** Pages of the app's own (app://toolshed/) at the stand-in's address. */
const APP_ORIGIN = new URL('/', APP_PAGE).href;

/**
 * Starts the desktop app; resolves with ms from its start until `name`'s row is visible in its
 * window, and until the stand-in's Chromium listened (what a real Electron does otherwise).
 */
export async function desktopStartToRow(name: string, timeoutMs = 60_000): Promise<{ ms: number; chromiumMs: number }> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'tsh-bench-desktop-'));
  seedToolboxConfig(path.join(scratch, 'config'));
  const env = {
    ...process.env,
    TOOLSHED_ULIMIT_HOST: process.env.TOOLSHED_ULIMIT_HOST ?? '0',
    TOOLSHED_UPDATE_CHECK_HOURS: '0',
    XDG_CONFIG_HOME: path.join(scratch, 'config'),
    XDG_STATE_HOME: path.join(scratch, 'state'),
    XDG_DATA_HOME: path.join(scratch, 'data'),
  };
  const started = performance.now();
  const child = spawn(process.execPath, [STAND_IN, '--remote-debugging-port=0', REPO], { cwd: REPO, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  // the stand-in prints Electron's line once the window's Chromium listens; the clock keeps running while the bench connects
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the desktop app printed no DevTools endpoint within 30 s: ${output.slice(-500)}`)), 30_000);
    child.stderr!.on('data', () => {
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`the desktop app exited before its window opened: ${output.slice(-500)}`)));
  });
  const chromiumMs = performance.now() - started;
  const browser = await chromium.connectOverCDP(endpoint);
  try {
    let window: Page | undefined;
    while (!window) {
      window = browser
        .contexts()
        .flatMap((context) => context.pages())
        .find((page) => page.url().startsWith(APP_ORIGIN));
      if (!window) {
        if (performance.now() - started > timeoutMs) throw new Error(`the desktop app showed no window within ${timeoutMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    await listRow(window, name).waitFor({ state: 'visible', timeout: timeoutMs });
    return { ms: performance.now() - started, chromiumMs };
  } finally {
    await browser.close().catch(() => undefined);
    await stopChild(child, exited);
    rmSync(scratch, { recursive: true, force: true });
  }
}
