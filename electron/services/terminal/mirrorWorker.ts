// The headless xterms that mirror the sessions' screens run in one worker
// thread, shared by all sessions: parsing a flood there runs beside the pty
// reads instead of after them, and the engine's event loop stays free for the
// calls and the other tabs. The worker runs mirrorWorkerMain's source (eval'd:
// the same code serves the TypeScript sources, the ESM and CommonJS bundles and
// an asar archive) and loads xterm from paths the engine resolved for it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { moduleDir, outsideAsar } from '../packageFiles.js';

export type ToMirrorWorker =
  | { type: 'open'; id: number; cols: number; rows: number; scrollback: number }
  | { type: 'write'; id: number; data: string }
  | { type: 'resize'; id: number; cols: number; rows: number }
  /** Answered once everything written before it is parsed. */
  | { type: 'serialize'; id: number; request: number }
  | { type: 'close'; id: number };

export type FromMirrorWorker =
  | { type: 'parsed'; id: number; chars: number }
  | { type: 'title'; id: number; title: string }
  | { type: 'osc777'; id: number; data: string }
  | { type: 'serialized'; id: number; request: number; text: string };

interface WorkerModules {
  headless: string;
  serialize: string;
  unicode11: string;
}

/**
 * The worker's whole program. Its source is all the worker gets: it uses
 * nothing from this module's scope, and loads modules with the worker's own
 * `require`, passed in (a bundler rewrites calls to a global `require`).
 */
export function mirrorWorkerMain(load: (id: string) => unknown): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof import('node:worker_threads');
  const modules = workerData as WorkerModules;
  const { Terminal } = load(modules.headless) as typeof import('@xterm/headless');
  const { SerializeAddon } = load(modules.serialize) as typeof import('@xterm/addon-serialize');
  const { Unicode11Addon } = load(modules.unicode11) as typeof import('@xterm/addon-unicode11');
  const port = parentPort!;
  const post = (message: FromMirrorWorker) => port.postMessage(message);
  const mirrors = new Map<number, { terminal: InstanceType<typeof Terminal>; serializer: InstanceType<typeof SerializeAddon>; scrollback: number }>();

  port.on('message', (message: ToMirrorWorker) => {
    const { id } = message;
    if (message.type === 'open') {
      const terminal = new Terminal({ cols: message.cols, rows: message.rows, scrollback: message.scrollback, allowProposedApi: true });
      const serializer = new SerializeAddon();
      terminal.loadAddon(serializer);
      // the same character widths as the windows (they load unicode11 too)
      terminal.loadAddon(new Unicode11Addon());
      terminal.unicode.activeVersion = '11';
      terminal.onTitleChange((title) => post({ type: 'title', id, title }));
      terminal.parser.registerOscHandler(777, (data) => {
        post({ type: 'osc777', id, data });
        return false;
      });
      mirrors.set(id, { terminal, serializer, scrollback: message.scrollback });
      return;
    }
    const mirror = mirrors.get(id);
    if (!mirror) return;
    switch (message.type) {
      case 'write': {
        const chars = message.data.length;
        mirror.terminal.write(message.data, () => post({ type: 'parsed', id, chars }));
        break;
      }
      case 'resize':
        mirror.terminal.resize(message.cols, message.rows);
        break;
      case 'serialize':
        mirror.terminal.write('', () =>
          post({ type: 'serialized', id, request: message.request, text: mirror.serializer.serialize({ scrollback: mirror.scrollback }) }),
        );
        break;
      case 'close':
        mirrors.delete(id);
        mirror.terminal.dispose();
        break;
    }
  });
}

/** Where the worker loads xterm from: node_modules as this module resolves it (unpacked when in an asar archive). */
function workerModules(): WorkerModules {
  const resolve = createRequire(path.join(moduleDir(), 'mirrorWorker.js')).resolve;
  return {
    headless: outsideAsar(resolve('@xterm/headless')),
    serialize: outsideAsar(resolve('@xterm/addon-serialize')),
    unicode11: outsideAsar(resolve('@xterm/addon-unicode11')),
  };
}

/** What a mirror hears: its worker's messages, or that the worker died (with the mirror's state). */
export type MirrorEvent = FromMirrorWorker | { type: 'lost'; id: number; reason: string };
type Listener = (event: MirrorEvent) => void;

/** The engine's side of the worker: started with the first mirror; keeps the process alive only while a mirror is open. */
export class MirrorWorker {
  private worker: Worker | undefined;
  private readonly listeners = new Map<number, Listener>();
  private lastId = 0;
  /** The worker answered at least once: one that dies later is restarted. */
  private answered = false;
  /** Why no worker can run here (one died before it ever answered): mirrors then keep no screen. */
  failure: string | undefined;

  constructor(private readonly program: string = `(${mirrorWorkerMain.toString()})(require)`) {}

  /** Registers a mirror; its messages go to `listener`. Returns its id. */
  open(listener: Listener, size: { cols: number; rows: number; scrollback: number }): number {
    const id = (this.lastId += 1);
    this.listeners.set(id, listener);
    this.post({ type: 'open', id, ...size });
    this.worker?.ref();
    return id;
  }

  post(message: ToMirrorWorker): void {
    if (this.failure === undefined) this.started().postMessage(message);
  }

  close(id: number): void {
    if (!this.listeners.delete(id)) return;
    this.post({ type: 'close', id });
    if (this.listeners.size === 0) this.worker?.unref();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.program, { eval: true, workerData: workerModules() });
    this.answered = false;
    worker.on('message', (message: FromMirrorWorker) => {
      this.answered = true;
      this.listeners.get(message.id)?.(message);
    });
    // a worker that died takes its mirrors' state with it: they are told, and the next message starts a new one
    worker.on('error', (error) => this.lost(worker, error.message));
    worker.on('exit', (code) => this.lost(worker, `it exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private lost(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (!this.answered) this.failure = reason;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const [id, listener] of listeners) listener({ type: 'lost', id, reason });
  }
}

/** The one worker of this process. */
export const mirrorWorker = new MirrorWorker();
