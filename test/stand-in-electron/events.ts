// Electron's event objects and its ordering rules, shared by the stand-in's modules.
import { EventEmitter } from 'node:events';

/** What Electron passes first to most listeners: preventDefault() cancels the default action. */
export interface StandInEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function newEvent(): StandInEvent {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** Emits an event with a fresh Event object; answers whether a listener prevented the default. */
export function emitPreventable(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  const event = newEvent();
  emitter.emit(name, event, ...args);
  return event.defaultPrevented;
}

let ready = false;
const readyWaiters: (() => void)[] = [];

export function isReady(): boolean {
  return ready;
}

export function markReady(): void {
  ready = true;
  for (const resolve of readyWaiters.splice(0)) resolve();
}

export function whenReady(): Promise<void> {
  return ready ? Promise.resolve() : new Promise((resolve) => readyWaiters.push(resolve));
}

/** Electron's rule for APIs that exist only once the app is ready (it throws the same way). */
export function requireReady(what: string): void {
  if (!ready) throw new Error(`${what} can only be used after the app's ready event (Electron refuses it before).`);
}

/** Lines a test can read: what the app asked of the desktop (links opened, menus, notifications). */
export function record(kind: string, detail: unknown): void {
  process.stderr.write(`[stand-in] ${kind} ${JSON.stringify(detail)}\n`);
}
