// The window's size and place, kept across runs in the app's userData folder.
// A saved state is input: anything malformed, or off every screen now, is
// replaced by the defaults.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../services/privateFile.js';

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { width: 1200, height: 800, maximized: false };
export const MIN_WINDOW = { width: 720, height: 480 };
const FILE = 'window-state.json';

const whole = (value: unknown): value is number => Number.isInteger(value) && Math.abs(value as number) < 100_000;

/** The saved state checked against the screens' work areas now: sizes within bounds, a place only where it is on a screen. */
export function restoredState(saved: unknown, screens: readonly Area[]): WindowState {
  if (!saved || typeof saved !== 'object') return DEFAULT_WINDOW;
  const { x, y, width, height, maximized } = saved as Record<string, unknown>;
  if (!whole(width) || !whole(height)) return DEFAULT_WINDOW;
  const state: WindowState = { width: Math.max(MIN_WINDOW.width, width), height: Math.max(MIN_WINDOW.height, height), maximized: maximized === true };
  // a place is kept only when the window's title bar area is on a screen (a monitor unplugged since: the desktop places it)
  const onScreen = whole(x) && whole(y) && screens.some((area) => x + 100 > area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height);
  if (onScreen) Object.assign(state, { x, y });
  const largest = screens.reduce(
    (best, area) => (area.width * area.height > best.width * best.height ? area : best),
    screens[0] ?? { x: 0, y: 0, width: state.width, height: state.height },
  );
  state.width = Math.min(state.width, Math.max(MIN_WINDOW.width, largest.width));
  state.height = Math.min(state.height, Math.max(MIN_WINDOW.height, largest.height));
  return state;
}

export function loadWindowState(folder: string, screens: readonly Area[]): WindowState {
  try {
    return restoredState(JSON.parse(readFileSync(path.join(folder, FILE), 'utf8')), screens);
  } catch {
    return DEFAULT_WINDOW;
  }
}

export function saveWindowState(folder: string, state: WindowState): void {
  writePrivateFile(path.join(folder, FILE), `${JSON.stringify(state)}\n`);
}
