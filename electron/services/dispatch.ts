// The backend side of both transports (Electron IPC and the WebSocket): checks
// the method name and validates the arguments against the contract's schema
// before any service sees them, and turns every outcome into a Reply.
import { callSchemas, isCallName, type Api } from '../../shared/contract.js';
import { toErrorData, type ErrorData } from '../../shared/errors.js';
import type { Reply } from '../../shared/wire.js';
import { z } from 'zod';

const MAX_MESSAGE_CHARS = 300;

function invalid(message: string): { ok: false; error: ErrorData } {
  return { ok: false, error: { code: 'INVALID_ARGUMENT', message } };
}

/** One readable line per problem, without echoing huge or hostile input back in full. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length ? issue.path.map(String).join('.') : 'arguments';
      return `${where}: ${issue.message}`.slice(0, MAX_MESSAGE_CHARS);
    })
    .join('; ');
}

export async function dispatch(api: Api, method: unknown, args: unknown, onError?: (error: unknown) => void): Promise<Reply> {
  if (!isCallName(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no call named ${JSON.stringify(String(method).slice(0, 64))}.` } };
  }
  const parsed = callSchemas[method].safeParse(args ?? {});
  if (!parsed.success) return invalid(`Invalid arguments for ${method}: ${describeIssues(parsed.error)}`);
  try {
    const handler = api[method] as (input: unknown) => Promise<unknown>;
    const result = await handler(parsed.data);
    return { ok: true, result } as Reply;
  } catch (error) {
    onError?.(error);
    return { ok: false, error: toErrorData(error) };
  }
}
