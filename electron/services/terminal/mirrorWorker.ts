// The headless xterms that mirror the sessions' screens run in one worker
// thread, shared by all sessions: parsing a flood there runs beside the pty
// reads instead of after them, and the engine's event loop stays free for the
// calls and the other tabs. The worker runs mirrorWorkerMain's source (eval'd:
// the same code serves the TypeScript sources, the ESM and CommonJS bundles and
// an asar archive) and loads xterm from paths the engine resolved for it.
//
// A flood of plain lines (text, CR, LF, tab, backspace, bell: nothing that
// changes a mode) that has piled up in front of a mirror is not parsed whole:
// only its first line and as many last lines as could still be on the screen or
// in the scrollback, whatever rows the cursor started on (scrollback + 2 × rows).
// The lines between would have scrolled out of the scrollback: the screen ends
// the same, and the parse no longer paces the pty. Only on the normal screen
// with no scroll region, after CR LF, and from the parser's ground state.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { moduleDir, outsideAsar } from '../packageFiles.js';

export type ToMirrorWorker =
  | { type: 'open'; id: number; cols: number; rows: number; scrollback: number }
  /** `ground`: the output before it ended no escape sequence halfway (unfinishedEscape.ts). */
  | { type: 'write'; id: number; data: string; ground: boolean }
  | { type: 'resize'; id: number; cols: number; rows: number }
  /** Answered once everything written before it is parsed. */
  | { type: 'serialize'; id: number; request: number }
  | { type: 'close'; id: number };

export type FromMirrorWorker =
  /** `skipped`: of these, the characters of a flood's middle that were not parsed (they would have scrolled out). */
  | { type: 'parsed'; id: number; chars: number; skipped?: number }
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
  /** Characters handed to xterm ahead of its parse: enough that it never waits for the next, little enough that the rest can be skipped. */
  const FEED_AHEAD = 64 * 1024;
  /** A flood is skipped once this many times the lines that may show have piled up, or this long after the wait began. */
  const GATHER_SCREENS = 8;
  const GATHER_MS = 5;
  /** After a skip, plain output keeps piling up this long before it is parsed: the flood is likely still coming. */
  const FLOOD_MS = 100;
  // nothing but text and the controls that move within or between lines (C1 controls count as escapes)
  // eslint-disable-next-line no-control-regex
  const NOT_PLAIN = /[\x00-\x06\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
  type Pending =
    | { kind: 'write'; data: string; plain: boolean; lineFeeds: number }
    | { kind: 'resize'; cols: number; rows: number }
    | { kind: 'serialize'; request: number };
  type Write = Extract<Pending, { kind: 'write' }>;
  interface Mirror {
    terminal: InstanceType<typeof Terminal>;
    serializer: InstanceType<typeof SerializeAddon>;
    scrollback: number;
    /** What came and has not been handed to xterm, in order. */
    queue: Pending[];
    /** Characters handed to xterm and not parsed yet, and how many of those writes were not plain. */
    fed: number;
    fedNotPlain: number;
    /** Waiting for more of a flood to pile up; done waiting (what is there goes to xterm until it caught up or a skip). */
    gathering: ReturnType<typeof setTimeout> | undefined;
    gathered: boolean;
    /** Until when plain output is taken for more of a flood that was skipped. */
    floodUntil: number;
  }
  const mirrors = new Map<number, Mirror>();

  /** Lines at the end of a flood that may still show, whatever row it started on: the scrollback and twice the screen. */
  const linesThatMayShow = (mirror: Mirror): number => mirror.scrollback + 2 * mirror.terminal.rows;

  const countLineFeeds = (data: string): number => {
    let count = 0;
    for (let at = data.indexOf('\n'); at !== -1; at = data.indexOf('\n', at + 1)) count += 1;
    return count;
  };

  /** The normal screen with no scroll region: where lines that scroll off the top go to the scrollback. */
  const scrollsToScrollback = (terminal: InstanceType<typeof Terminal>): boolean => {
    if (terminal.buffer.active.type !== 'normal') return false;
    const buffer = (terminal as unknown as { _core?: { buffer?: { scrollTop?: number; scrollBottom?: number } } })._core?.buffer;
    return buffer?.scrollTop === 0 && buffer.scrollBottom === terminal.rows - 1;
  };

  /** The plain writes at the head of the queue: how many, their lines, and whether they are all there is so far (a flood may still be arriving). */
  const plainRun = (queue: Pending[]): { run: number; lineFeeds: number; arriving: boolean } => {
    let run = 0;
    let lineFeeds = 0;
    for (; run < queue.length; run += 1) {
      const pending = queue[run]!;
      if (pending.kind !== 'write' || !pending.plain) break;
      lineFeeds += pending.lineFeeds;
    }
    return { run, lineFeeds, arriving: run === queue.length };
  };

  /**
   * Skips the middle of the first `run` writes (all plain), keeping their first line and the lines that may
   * still show. Only the writes that hold those are joined: a flood's middle is never copied.
   */
  const skipScrolledOut = (id: number, mirror: Mirror, run: number): boolean => {
    const { queue, terminal } = mirror;
    if (!scrollsToScrollback(terminal)) return false;
    const writes = queue.slice(0, run) as Write[];
    const keep = linesThatMayShow(mirror);
    // the head: everything up to the first line feed
    let headEnd = 0;
    while (headEnd < run && writes[headEnd]!.lineFeeds === 0) headEnd += 1;
    // the tail: the last writes that hold the keep + 1 last line feeds, after the head's write
    let tailStart = run;
    for (let feeds = 0; feeds <= keep && tailStart > headEnd + 1;) feeds += writes[(tailStart -= 1)]!.lineFeeds;
    const head = writes
      .slice(0, headEnd + 1)
      .map((write) => write.data)
      .join('');
    const tail = writes
      .slice(tailStart)
      .map((write) => write.data)
      .join('');
    const first = head.indexOf('\n');
    let cut = tail.length;
    for (let kept = 0; kept <= keep && cut > 0; kept += 1) cut = tail.lastIndexOf('\n', cut - 1);
    // after CR LF both ways go on from column 0 (a cut before the tail's first line feed: too few lines to skip)
    if (first < 1 || cut < 1 || head[first - 1] !== '\r' || tail[cut - 1] !== '\r') return false;
    let skipped = head.length - first - 1 + cut + 1;
    for (let between = headEnd + 1; between < tailStart; between += 1) skipped += writes[between]!.data.length;
    queue.splice(0, run, { kind: 'write', data: head.slice(0, first + 1) + tail.slice(cut + 1), plain: true, lineFeeds: keep + 1 });
    post({ type: 'parsed', id, chars: skipped, skipped });
    return true;
  };

  /** Hands xterm what is next, in order: writes up to FEED_AHEAD ahead, a resize or a serialization once all before it is parsed. */
  const pump = (id: number, mirror: Mirror): void => {
    const { queue, terminal } = mirror;
    while (queue.length > 0 && mirrors.get(id) === mirror) {
      const next = queue[0]!;
      if (next.kind === 'write') {
        if (mirror.fed >= FEED_AHEAD) return;
        const head = plainRun(queue);
        const mayShow = linesThatMayShow(mirror);
        const flooding = head.lineFeeds > mayShow + 1 || performance.now() < mirror.floodUntil;
        // a flood still arriving: let more of it pile up before parsing any (each skip parses the lines that may show)
        if (head.arriving && flooding && head.lineFeeds < GATHER_SCREENS * mayShow && !mirror.gathered) {
          mirror.gathering ??= setTimeout(() => {
            mirror.gathering = undefined;
            mirror.gathered = true;
            pump(id, mirror);
          }, GATHER_MS);
          return;
        }
        clearTimeout(mirror.gathering);
        mirror.gathering = undefined;
        if (head.lineFeeds > mayShow + 1) {
          // what is in flight may change the screen or the scroll region: skip once it is parsed
          if (mirror.fedNotPlain > 0) return;
          if (skipScrolledOut(id, mirror, head.run)) {
            mirror.floodUntil = performance.now() + FLOOD_MS;
            mirror.gathered = false;
          }
        }
        const { data, plain } = queue.shift() as Write;
        if (queue.length === 0) mirror.gathered = false;
        mirror.fed += data.length;
        if (!plain) mirror.fedNotPlain += 1;
        terminal.write(data, () => {
          mirror.fed -= data.length;
          if (!plain) mirror.fedNotPlain -= 1;
          post({ type: 'parsed', id, chars: data.length });
          pump(id, mirror);
        });
        continue;
      }
      if (mirror.fed > 0) return;
      queue.shift();
      if (next.kind === 'resize') terminal.resize(next.cols, next.rows);
      else post({ type: 'serialized', id, request: next.request, text: mirror.serializer.serialize({ scrollback: mirror.scrollback }) });
    }
  };

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
      mirrors.set(id, {
        terminal,
        serializer,
        scrollback: message.scrollback,
        queue: [],
        fed: 0,
        fedNotPlain: 0,
        gathering: undefined,
        gathered: false,
        floodUntil: 0,
      });
      return;
    }
    const mirror = mirrors.get(id);
    if (!mirror) return;
    switch (message.type) {
      case 'write':
        mirror.queue.push({
          kind: 'write',
          data: message.data,
          plain: message.ground && !NOT_PLAIN.test(message.data),
          lineFeeds: countLineFeeds(message.data),
        });
        break;
      case 'resize':
        mirror.queue.push({ kind: 'resize', cols: message.cols, rows: message.rows });
        break;
      case 'serialize':
        mirror.queue.push({ kind: 'serialize', request: message.request });
        break;
      case 'close':
        mirrors.delete(id);
        clearTimeout(mirror.gathering);
        mirror.terminal.dispose();
        return;
    }
    pump(id, mirror);
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
