// The window's one connection to the engine, bound once at start-up
// (main.tsx): every state module reaches the engine through api() and follows
// its events through onEngineEvent(). A leaf module: it imports no state.
import type { PickPathRequest, ShellRequest } from '../../shared/bridge';
import type { Api, EventMessage } from '../../shared/contract';
import type { Client, ConnectionState } from './client';

let client: Client | undefined;

export function bindClient(bound: Client): void {
  client = bound;
}

function bound(): Client {
  if (!client) throw new Error('The engine connection is used before main.tsx bound it.');
  return client;
}

/** The engine's calls (the contract's Api). */
export function api(): Api {
  return bound().api;
}

/** Every engine event; returns the function that stops listening. */
export function onEngineEvent(listener: (message: EventMessage) => void): () => void {
  return bound().onEvent(listener);
}

/** The connection's state as it changes (called at once with the current one). */
export function onConnectionState(listener: (state: ConnectionState) => void): () => void {
  return bound().onConnection(listener);
}

/** Calls `listener` each time the connection opens again after it was lost: what was reported meanwhile is asked for again. */
export function onReconnected(listener: () => void): () => void {
  let last: ConnectionState | undefined;
  return onConnectionState((state) => {
    if (state === 'open' && (last === 'reconnecting' || last === 'lost')) listener();
    last = state;
  });
}

/** Answers the desktop shell's questions (nothing to answer in a browser). */
export function onShellRequest(handler: (request: ShellRequest) => Promise<boolean>): () => void {
  return bound().onShellRequest?.(handler) ?? (() => undefined);
}

/** The desktop's file chooser, or undefined where there is none (a browser). */
export function pathPicker(): ((request: PickPathRequest) => Promise<string | null>) | undefined {
  return bound().pickPath;
}
