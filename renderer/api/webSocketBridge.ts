// The contract over `toolshed serve`'s WebSocket, shaped like the Electron
// preload's bridge. It presents the page's token as a subprotocol
// (shared/serveAuth.ts) and reconnects by itself; calls made while
// disconnected wait for the connection (up to a limit) rather than fail at
// once, and a sent call that gets no reply in time fails instead of waiting
// forever. When the server refuses the token (it was restarted with a new one)
// the bridge stops retrying and says so.
import type { ToolshedBridge } from '../../shared/bridge.js';
import type { CallName, EventMessage } from '../../shared/contract.js';
import type { ErrorData } from '../../shared/errors.js';
import { SESSION_CHECK_PATH, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../shared/serveAuth.js';
import { replyTimeoutMs, type Reply, type ServerMessage } from '../../shared/wire.js';

/**
 * connecting → open; when the connection drops: reconnecting, then "lost"
 * when the server has not answered for a while (still trying); "refused" when
 * the page has no token the server accepts (final).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'lost' | 'refused';

/** How long a call made while disconnected waits for the connection. */
const CONNECT_WAIT_MS = 15_000;
/** Reconnecting this long without an answer is "lost". */
const LOST_AFTER_MS = 10_000;

export interface BridgeOptions {
  /** The page's access token (undefined: none, so every connection would be refused). */
  token: string | undefined;
  /** How long a sent call waits for its reply (shared/wire's replyTimeoutMs; tests shorten it). */
  replyTimeoutMs?: (method: CallName) => number;
}

export interface WebSocketBridge extends ToolshedBridge {
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Connects again with another token (the URL of a restarted serve pasted into this tab). */
  useToken(token: string): void;
}

/** Whether the server takes this token: "refused" (401), "accepted" (204), or "unreachable" (no answer). */
async function checkToken(url: string, token: string): Promise<'accepted' | 'refused' | 'unreachable'> {
  try {
    const response = await fetch(new URL(SESSION_CHECK_PATH, url.replace(/^ws/, 'http')), { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (response.status === 401) return 'refused';
    return response.ok ? 'accepted' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}

export function connectWebSocket(url: string, options: BridgeOptions): WebSocketBridge {
  const replyWait = options.replyTimeoutMs ?? replyTimeoutMs;
  let socket: WebSocket | undefined;
  let state: ConnectionState = options.token ? 'connecting' : 'refused';
  let nextId = 1;
  let retryMs = 300;
  let downSince: number | undefined;
  const pending = new Map<number, { method: CallName; resolve: (reply: Reply) => void; timer: ReturnType<typeof setTimeout> | undefined }>();
  const queued: { id: number; text: string }[] = [];
  const eventListeners = new Set<(message: EventMessage) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();

  const setState = (next: ConnectionState) => {
    if (next === state) return;
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

  const refusedError: ErrorData = {
    code: 'DISCONNECTED',
    message: 'This page has no access token the Toolshed server accepts: open the URL that `toolshed serve` printed.',
  };

  /** Fails the call if its reply does not come in time. */
  const awaitReply = (id: number, method: CallName) =>
    setTimeout(() => {
      const seconds = Math.round(replyWait(method) / 1000);
      fail(id, { code: 'TIMEOUT', message: `The Toolshed backend did not answer ${method} within ${seconds} s; the connection may be stalled.` });
    }, replyWait(method));

  function open(token: string): void {
    const ws = new WebSocket(url, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`]);
    socket = ws;
    ws.onopen = () => {
      retryMs = 300;
      downSince = undefined;
      setState('open');
      for (const { id, text } of queued.splice(0)) {
        const call = pending.get(id);
        if (!call) continue; // gave up waiting meanwhile
        clearTimeout(call.timer);
        call.timer = awaitReply(id, call.method);
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
      for (const id of [...pending.keys()])
        if (!queued.some((q) => q.id === id)) fail(id, { code: 'DISCONNECTED', message: 'The connection to the Toolshed backend was lost; try again.' });
      downSince ??= Date.now();
      setState(Date.now() - downSince > LOST_AFTER_MS ? 'lost' : state === 'connecting' ? 'connecting' : 'reconnecting');
      // a socket refused before it opened looks like any other failure: ask whether the token still holds
      void checkToken(url, token).then((answer) => {
        if (answer === 'refused') {
          setState('refused');
          for (const id of [...pending.keys()]) fail(id, refusedError);
          queued.length = 0;
          return;
        }
        setTimeout(() => open(token), retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      });
    };
  }

  if (options.token) open(options.token);

  return {
    call(method: CallName, args: unknown): Promise<Reply> {
      if (state === 'refused') return Promise.resolve({ ok: false, error: refusedError });
      const id = nextId++;
      const text = JSON.stringify({ id, method, args });
      return new Promise<Reply>((resolve) => {
        // a sent call is answered by the backend, or failed here when the socket closes or the reply is late;
        // one made while disconnected waits a while for the connection
        const sendNow = state === 'open' && socket?.readyState === WebSocket.OPEN;
        const timer = sendNow
          ? awaitReply(id, method)
          : setTimeout(
              () => fail(id, { code: 'DISCONNECTED', message: 'The Toolshed backend did not answer; is `toolshed serve` still running?' }),
              CONNECT_WAIT_MS,
            );
        pending.set(id, { method, resolve, timer });
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
    useToken(token) {
      const previous = socket;
      socket = undefined; // its close is not a reason to retry
      previous?.close();
      retryMs = 300;
      downSince = undefined;
      setState('reconnecting');
      open(token);
    },
  };
}
