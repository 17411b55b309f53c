// The contract over one WebSocket connection: the engine's events out, calls
// in (checked by dispatch), one reply per call. `toolshed serve` speaks it to
// pages; the background engine (`toolshed engine`) to the desktop app and to
// serves that attach to it.
import type { WebSocket } from 'ws';
import type { Engine } from '../services/engine.js';
import { dispatch } from '../services/dispatch.js';
import { callMessageSchema, type ServerMessage } from '../../shared/wire.js';

/** The largest message a client may send. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * A window that stops reading (a suspended laptop, a stuck tab) while another
 * keeps a terminal flowing would queue that output without end: past this much,
 * its connection is closed. Nothing is ever dropped from a connection that stays
 * open (a lost reply would leave a caller waiting); a closed one fails its
 * pending calls at once, and the window reconnects and catches up from snapshots.
 */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface EngineSocketOptions {
  /** Output queued for a client that stopped reading, past which its connection is closed (default 16 MiB). */
  maxBufferedBytes?: number;
  log: (message: string) => void;
}

export function serveEngineSocket(ws: WebSocket, engine: Engine, options: EngineSocketOptions): void {
  const { log } = options;
  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const send = (message: ServerMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) {
      log(`a window stopped reading (${Math.round(ws.bufferedAmount / 1024)} KiB queued): closed its connection; it reconnects and catches up`);
      ws.terminate();
      return;
    }
    ws.send(JSON.stringify(message));
  };
  const subscription = engine.subscribe(send);
  ws.on('message', (data, isBinary) => {
    void handleMessage(isBinary ? null : data.toString());
  });
  ws.on('close', () => subscription.dispose());
  ws.on('error', () => ws.terminate());

  async function handleMessage(text: string | null): Promise<void> {
    let json: unknown;
    try {
      json = text === null ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const message = callMessageSchema.safeParse(json);
    if (!message.success) {
      const id = typeof (json as { id?: unknown } | undefined)?.id === 'number' ? (json as { id: number }).id : 0;
      send({ id, ok: false, error: { code: 'INVALID_ARGUMENT', message: 'A message is JSON {"id": number, "method": string, "args": object}.' } });
      return;
    }
    const reply = await dispatch(engine.api, message.data.method, message.data.args, (error) => log(`call ${message.data.method} failed: ${String(error)}`));
    send({ id: message.data.id, ...reply });
  }
}
