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
export type CallMessage = z.infer<typeof callMessageSchema>;

export type Reply<K extends CallName = CallName> = { ok: true; result: CallResults[K] } | { ok: false; error: ErrorData };

export type ServerMessage = ({ id: number } & Reply) | EventMessage;
