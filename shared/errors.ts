// Errors cross every boundary (IPC, WebSocket) as plain data with a code the
// UI can act on, and are rebuilt as ToolshedError on the other side.

export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  /** The caller may not make calls at all (an IPC call from a frame other than the app's window). */
  'FORBIDDEN',
  'UNKNOWN_METHOD',
  'PODMAN_MISSING',
  'PODMAN_FAILED',
  'TIMEOUT',
  'NOT_FOUND',
  'NAME_TAKEN',
  'CONTAINER_RUNNING',
  /** Another operation on the same toolbox is under way (a setup edit, a restore…); the message names it. */
  'BUSY',
  'PULL_FAILED',
  'INIT_FAILED',
  'CANCELLED',
  'DISCONNECTED',
  /** Something this needs is turned off or absent on this machine (host commands, a systemd user instance). */
  'UNAVAILABLE',
  /** What the user was shown (a file Toolshed would change) is no longer so: nothing was done; look again. */
  'CHANGED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** Extra text for the "details" disclosure: podman's stderr, an init log. */
  detail?: string;
}

export class ToolshedError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'ToolshedError';
    this.code = code;
    if (detail !== undefined) this.detail = detail;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into data safe to send: unknown errors never leak a stack. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof ToolshedError) {
    const data: ErrorData = { code: error.code, message: error.message };
    if (error.detail !== undefined) data.detail = error.detail;
    return data;
  }
  return { code: 'INTERNAL', message: 'Toolshed hit an unexpected error; see the backend log.' };
}

export function fromErrorData(data: ErrorData): ToolshedError {
  return new ToolshedError(isErrorCode(data.code) ? data.code : 'INTERNAL', data.message, data.detail);
}
