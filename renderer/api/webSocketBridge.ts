// The contract over `toolshed serve`'s WebSocket, shaped like the Electron
// preload's bridge. Reconnects by itself; calls made while disconnected wait
// for the connection (up to a limit) rather than fail at once.
import type { ToolshedBridge } from '../../shared/bridge';
import type { CallName, EventMessage } from '../../shared/contract';
import type { ErrorData } from '../../shared/errors';
import type { Reply, ServerMessage } from '../../shared/wire';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

const CALL_WAIT_MS = 15_000;

export interface WebSocketBridge extends ToolshedBridge {
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export function connectWebSocket(url: string): WebSocketBridge {
  let socket: WebSocket | undefined;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retryMs = 300;
  const pending = new Map<number, { resolve: (reply: Reply) => void; timer: ReturnType<typeof setTimeout> | undefined }>();
  const queued: { id: number; text: string }[] = [];
  const eventListeners = new Set<(message: EventMessage) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of connectionListeners) listener(next);
  };

  const fail = (id: number, error: ErrorData) => {
    const call = pending.get(id);
    if (!call) return;
    clearTimeout(call.timer);
    pending.delete(id);
    call.resolve({ ok: false, error });
  };

  function open(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 300;
      setState('open');
      for (const { id, text } of queued.splice(0)) {
        const call = pending.get(id);
        if (!call) continue; // gave up waiting meanwhile
        clearTimeout(call.timer);
        call.timer = undefined;
        ws.send(text);
      }
    };
    ws.onmessage = (event: MessageEvent<string>) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      if ('event' in message) {
        for (const listener of eventListeners) listener(message);
        return;
      }
      const call = pending.get(message.id);
      if (!call) return;
      clearTimeout(call.timer);
      pending.delete(message.id);
      call.resolve(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      // calls already sent may never be answered now
      for (const id of [...pending.keys()]) fail(id, { code: 'DISCONNECTED', message: 'The connection to the Toolshed backend was lost; try again.' });
      setState('reconnecting');
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  open();

  return {
    call(method: CallName, args: unknown): Promise<Reply> {
      const id = nextId++;
      const text = JSON.stringify({ id, method, args });
      return new Promise<Reply>((resolve) => {
        // a call sent over an open socket is answered or failed by the backend (podman calls have their own
        // timeouts; a pull may rightly take long), or failed here when the socket closes
        const sendNow = state === 'open' && socket?.readyState === WebSocket.OPEN;
        const timer = sendNow
          ? undefined
          : setTimeout(() => fail(id, { code: 'DISCONNECTED', message: 'The Toolshed backend did not answer; is `toolshed serve` still running?' }), CALL_WAIT_MS);
        pending.set(id, { resolve, timer });
        if (sendNow) socket!.send(text);
        else queued.push({ id, text });
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
