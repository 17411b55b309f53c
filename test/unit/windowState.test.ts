// The window's size and place across runs (electron/main/windowState.ts): a
// saved state is input, checked against the screens there are now.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, loadWindowState, restoredState, saveWindowState } from '../../electron/main/windowState.js';

const screen = { x: 0, y: 32, width: 1920, height: 1048 };
const folder = mkdtempSync(path.join(os.tmpdir(), 'toolshed-window-state-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('restoredState', () => {
  it('keeps a size and a place on a screen', () => {
    expect(restoredState({ x: 40, y: 60, width: 1000, height: 700, maximized: true }, [screen])).toEqual({
      x: 40,
      y: 60,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });

  it('lets the desktop place a window saved on a screen that is gone, and fits its size to the largest screen', () => {
    expect(restoredState({ x: 3000, y: 60, width: 2500, height: 700 }, [screen])).toEqual({ width: 1920, height: 700, maximized: false });
  });

  it('raises a size below the minimum', () => {
    expect(restoredState({ width: 100, height: 100 }, [screen])).toEqual({ width: 720, height: 480, maximized: false });
  });

  it('replaces anything malformed by the defaults', () => {
    for (const saved of [null, 'big', [], { width: 'wide', height: 700 }, { width: 1e9, height: 700 }, { width: 1000.5, height: 700 }]) {
      expect(restoredState(saved, [screen]), JSON.stringify(saved)).toEqual(DEFAULT_WINDOW);
    }
  });
});

describe('the saved file', () => {
  it('round-trips, and a broken file gives the defaults', () => {
    saveWindowState(folder, { x: 10, y: 50, width: 900, height: 600, maximized: false });
    expect(loadWindowState(folder, [screen])).toEqual({ x: 10, y: 50, width: 900, height: 600, maximized: false });
    writeFileSync(path.join(folder, 'window-state.json'), '{"width": 9');
    expect(loadWindowState(folder, [screen])).toEqual(DEFAULT_WINDOW);
    expect(readFileSync(path.join(folder, 'window-state.json'), 'utf8')).toBe('{"width": 9');
  });
});
