// The messages of both transports. A call is answered by exactly one reply;
// events flow from the backend at any time.
import { z } from 'zod';
import type { CallName, CallResults, EventMessage } from './contract.js';
import type { ErrorData } from './errors.js';

/** What the backend accepts from a client; `args` is checked per call by callSchemas. */
export const callMessageSchema = z.strictObject({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(64),
  args: z.unknown(),
});

export type Reply<K extends CallName = CallName> = { ok: true; result: CallResults[K] } | { ok: false; error: ErrorData };

export type ServerMessage = ({ id: number } & Reply) | EventMessage;

/**
 * How long a client waits for the reply to a call it sent. Every call is
 * answered, but a connection can stall: a bound keeps a caller (a tab's input,
 * a button) from waiting forever. Pulls and creates may rightly take long (a
 * big image on a slow line); they report progress and can be cancelled.
 */
export function replyTimeoutMs(method: CallName): number {
  return method === 'pullImage' || method === 'createToolbox' ? 60 * 60_000 : 2 * 60_000;
}
