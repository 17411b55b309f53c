// A client for renderer state tests: the calls a test answers itself, bound
// as the window's client; the connection is open, and the test sends events.
import type { Api, EventMessage } from '../../../shared/contract.js';
import { bindClient } from '../../../renderer/api/connection.js';
import type { Client } from '../../../renderer/api/client.js';

/** Binds a client whose calls are `api`'s (the others are missing); returns the function that sends an event to the window. */
export function bindScriptedClient(api: Partial<Api>): (message: EventMessage) => void {
  const listeners = new Set<(message: EventMessage) => void>();
  const client: Client = {
    api: api as Api,
    onEvent: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    onConnection: (listener) => (listener('open'), () => undefined),
    openAtStart: undefined,
    onShellRequest: () => () => undefined,
  };
  bindClient(client);
  return (message) => {
    for (const listener of listeners) listener(message);
  };
}
