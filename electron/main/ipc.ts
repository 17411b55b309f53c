// The IPC side of the contract: one channel for calls (see ipcHandler.ts for
// the checks), one for events to the window.
import { ipcMain, type BrowserWindow } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/bridge.js';
import type { Engine } from '../services/engine.js';
import { createIpcCallHandler } from './ipcHandler.js';

export function registerIpc(engine: Engine, log: (message: string) => void): void {
  ipcMain.handle(IPC_CALL_CHANNEL, createIpcCallHandler(engine.api, log));
}

/** Sends every engine event to the window while it lives. */
export function forwardEvents(engine: Engine, window: BrowserWindow): void {
  const subscription = engine.subscribe((message) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  window.on('closed', () => subscription.dispose());
}
