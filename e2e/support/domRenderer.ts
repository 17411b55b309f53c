// Chromium here can do WebGL (SwiftShader), whose canvas has no text to read:
// specs that read a terminal's screen take the path of a machine without
// WebGL2, where xterm.js draws with its DOM renderer.
import type { Page } from '@playwright/test';

export async function withoutWebGL(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
      return type === 'webgl2' ? null : (getContext as (...args: unknown[]) => unknown).call(this, type, ...rest);
    } as typeof getContext;
  });
}

/** What the active terminal shows, read from xterm's DOM renderer. */
export const screenText = (page: Page) => page.locator('.terminal-panel:not([hidden]) .xterm-rows').innerText();
