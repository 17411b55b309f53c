// The host-commands protocol (docs/HOST-COMMANDS.md) from Node: frames and
// request fields, built (well-formed or not) and read back, plus the built
// toolshed-host program and its agent, for the tests and the bench.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

type Bytes = Uint8Array | string;

const bytes = (data: Bytes): Buffer => (typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
const typeByte = (type: string | number): number => (typeof type === 'number' ? type : type.charCodeAt(0));

/** `[type][length, 4 bytes BE][payload]`; the length may be given to lie about it (a truncated or oversized frame). */
function tlv(type: string | number, payload: Bytes, length?: number): Buffer {
  const body = bytes(payload);
  const head = Buffer.alloc(5);
  head[0] = typeByte(type);
  head.writeUInt32BE(length ?? body.length, 1);
  return Buffer.concat([head, body]);
}

/** A frame; `length` overrides the header's length (for malformed frames). */
export function frame(type: string | number, payload: Bytes = '', length?: number): Buffer {
  return tlv(type, payload, length);
}

/** One request field, raw: any tag, any bytes, any claimed length. */
export function field(tag: string | number, data: Bytes, length?: number): Buffer {
  return tlv(tag, data, length);
}

/** Two 2-byte big-endian numbers: the payload of a T field or a W frame. */
export function size(cols: number, rows: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt16BE(cols, 0);
  out.writeUInt16BE(rows, 2);
  return out;
}

export function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

export interface HostRequest {
  argv: string[];
  /** `NAME=VALUE` entries. */
  env?: string[];
  cwd: string;
  terminal?: { cols: number; rows: number };
}

/** A well-formed R payload: V, the A fields, the E fields, C, and T when asked. */
export function requestPayload(request: HostRequest): Buffer {
  return Buffer.concat([
    field('V', '1'),
    ...request.argv.map((arg) => field('A', arg)),
    ...(request.env ?? []).map((entry) => field('E', entry)),
    field('C', request.cwd),
    ...(request.terminal ? [field('T', size(request.terminal.cols, request.terminal.rows))] : []),
  ]);
}

export function requestFrame(request: HostRequest): Buffer {
  return frame('R', requestPayload(request));
}

export interface Frame {
  type: string;
  payload: Buffer;
}

/** Collects the frames in a socket's chunks, however they are cut. */
export class FrameReader {
  readonly frames: Frame[] = [];
  private rest: Buffer = Buffer.alloc(0);

  /** Adds a chunk; returns the frames it completed. */
  push(chunk: Buffer): Frame[] {
    this.rest = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const done: Frame[] = [];
    while (this.rest.length >= 5) {
      const length = this.rest.readUInt32BE(1);
      if (this.rest.length < 5 + length) break;
      done.push({ type: String.fromCharCode(this.rest[0]!), payload: Buffer.from(this.rest.subarray(5, 5 + length)) });
      this.rest = this.rest.subarray(5 + length);
    }
    this.frames.push(...done);
    return done;
  }

  /** The payloads of every frame of this type, joined. */
  payload(type: string): Buffer {
    return Buffer.concat(this.frames.filter((f) => f.type === type).map((f) => f.payload));
  }

  text(type: string): string {
    return this.payload(type).toString();
  }

  types(): string[] {
    return this.frames.map((f) => f.type);
  }

  /** The X frame, decoded, once it came. */
  exit(): { status: number } | { signal: number } | undefined {
    const x = this.frames.find((f) => f.type === 'X');
    if (!x) return undefined;
    const value = x.payload.readUInt32BE(4);
    return x.payload.readUInt32BE(0) === 1 ? { signal: value } : { status: value };
  }
}

/** A raw connection to an agent: what it sent, waiting for a frame, and its closing. */
export interface AgentConnection {
  socket: net.Socket;
  reader: FrameReader;
  send(data: Buffer): void;
  /** Resolves with the first frame (already come or to come) of this type. */
  next(type: string, timeoutMs?: number): Promise<Frame>;
  /** Resolves once the agent closed the connection. */
  closed: Promise<void>;
}

export async function connectAgent(socketPath: string): Promise<AgentConnection> {
  const socket = net.createConnection(socketPath);
  const reader = new FrameReader();
  const waiters = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    reader.push(chunk);
    for (const waiter of waiters) waiter();
  });
  // the agent closes right after F, often while this side still writes: EPIPE or ECONNRESET is expected
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    reader,
    closed,
    send: (data) => void socket.write(data),
    next(type, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = reader.frames.find((f) => f.type === type);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} frame within ${timeoutMs} ms (got ${reader.types().join(' ') || 'nothing'})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Builds native/toolshed-host (when out of date) and returns the program's absolute path. */
export function hostBinary(): string {
  try {
    execFileSync(process.execPath, [path.join(REPO, 'scripts/build-native.js')], { cwd: REPO, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`scripts/build-native.js failed: ${output || String(error)}`, { cause: error });
  }
  return path.join(REPO, 'dist/native/toolshed-host');
}

export interface RunningAgent {
  process: ChildProcess;
  /** SIGTERM to its process group (it and the connections it serves), and its exit; SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** The built agent on this socket and log; or a whole command line that starts one (e.g. through runuser, as another user). */
export type AgentOptions = { socket: string; log: string; env?: NodeJS.ProcessEnv } | { command: string; args: string[]; env?: NodeJS.ProcessEnv };

/** Starts `toolshed-host --agent`; resolves once it prints its "listening" line, rejects with its stderr if it exits first or prints none within 10 s. */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const [command, args] =
    'command' in options ? [options.command, options.args] : [hostBinary(), ['--agent', '--socket', options.socket, '--log', options.log]];
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (message: string) => {
      clearTimeout(timer);
      signalGroup('SIGKILL');
      reject(new Error(`${message}: ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail('the agent printed no "listening" line within 10 s'), 10_000);
    child.once('error', (error) => fail(`cannot start the agent (${error.message})`));
    child.once('exit', (code, signal) => fail(`the agent exited (${String(code ?? signal)}) before listening`));
    // both pipes are read for as long as it runs, so that a full pipe never blocks it
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      if (!stdout.includes('listening ')) return;
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') signalGroup('SIGKILL');
    },
  };
}
