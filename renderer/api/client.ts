// The renderer's only way to the engine: the typed Api of shared/contract,
// over Electron's preload bridge when there is one, else over the WebSocket
// of `toolshed serve`. Errors come back as ToolshedError with their code.
import type { ToolshedBridge } from '../../shared/bridge';
import { callSchemas, type Api, type CallName, type EventMessage } from '../../shared/contract';
import { fromErrorData } from '../../shared/errors';
import { takePageAccess } from './serveToken';
import { connectWebSocket, type ConnectionState } from './webSocketBridge';

declare global {
  interface Window {
    toolshed?: ToolshedBridge;
  }
}

export interface Client {
  api: Api;
  onEvent(listener: (message: EventMessage) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** A toolbox the page was opened for (`toolshed --open NAME` in serve mode), to open a tab in once loaded. */
  openAtStart: string | undefined;
  /** The desktop shell's questions (Electron only; undefined in a browser). */
  onShellRequest: ToolshedBridge['onShellRequest'];
  /** The desktop's file chooser (Electron only; undefined in a browser, whose files are not the engine's machine's). */
  pickPath: ToolshedBridge['pickPath'];
}

export function createClient(): Client {
  let bridge: ToolshedBridge;
  let onConnection: Client['onConnection'];
  let openAtStart: string | undefined;
  if (window.toolshed) {
    bridge = window.toolshed;
    onConnection = (listener) => {
      listener('open');
      return () => undefined;
    };
  } else {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const access = takePageAccess(window.location, window.sessionStorage, window.history);
    openAtStart = access.open;
    const ws = connectWebSocket(`${scheme}://${window.location.host}/ws`, { token: access.token });
    // the URL of a restarted serve pasted into this tab changes only the fragment: no page load follows
    window.addEventListener('hashchange', () => {
      const pasted = takePageAccess(window.location, window.sessionStorage, window.history);
      if (pasted.token && pasted.token !== access.token) {
        access.token = pasted.token;
        ws.useToken(pasted.token);
      }
    });
    bridge = ws;
    onConnection = ws.onConnection;
  }
  const api = Object.fromEntries(
    (Object.keys(callSchemas) as CallName[]).map((method) => [
      method,
      async (args: unknown) => {
        const reply = await bridge.call(method, args);
        if (!reply.ok) throw fromErrorData(reply.error);
        return reply.result;
      },
    ]),
  ) as unknown as Api;
  return {
    api,
    onEvent: (listener) => bridge.onEvent(listener),
    onConnection,
    openAtStart,
    onShellRequest: bridge.onShellRequest?.bind(bridge),
    pickPath: bridge.pickPath?.bind(bridge),
  };
}

export type { ConnectionState };
