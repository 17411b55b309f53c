// A headless xterm beside each session that parses the same output the
// windows get, so a window that (re)attaches, or falls too far behind, can be
// given the screen and the recent scrollback at once (serialize addon), and so
// the engine knows what the shell said about itself: its title (OSC 0/2) and
// the container it entered (OSC 777 container push/pop, as `toolbox enter`
// prints it). The xterm itself lives in the mirror worker (mirrorWorker.ts).
import { mirrorWorker, type MirrorEvent, type MirrorWorker } from './mirrorWorker.js';
import { unfinishedEscape } from './unfinishedEscape.js';

export interface ScreenMirrorOptions {
  cols: number;
  rows: number;
  /** Lines kept above the screen (and serialized). */
  scrollback: number;
  onTitle: (title: string) => void;
  /** The container a nested `toolbox enter` is in; undefined once it left. */
  onNestedContainer: (name: string | undefined) => void;
  /** Characters the mirror has finished parsing (flow control counts its backlog). */
  onParsed: (chars: number) => void;
  /** The worker to parse in: the process's own unless a test brings one. */
  worker?: MirrorWorker;
}

/** Reads `container;push;<name>;…` / `container;pop;…` (OSC 777, as Toolbx and Ptyxis write it). */
export function parseContainerOsc(data: string): { push: string } | { pop: true } | undefined {
  const [kind, action, name] = data.split(';');
  if (kind !== 'container') return undefined;
  if (action === 'push' && name) return { push: name };
  if (action === 'pop') return { pop: true };
  return undefined;
}

function noScreenNote(reason: string): string {
  return `[Toolshed keeps no copy of this tab's screen (its worker cannot run: ${reason}): earlier output is not shown.]\r\n`;
}

export class ScreenMirror {
  private id: number;
  private written = 0;
  private parsed = 0;
  /** Characters of floods the worker did not parse: they would have scrolled out of the scrollback (mirrorWorker.ts). */
  skipped = 0;
  private lastRequest = 0;
  private readonly requests = new Map<number, (text: string) => void>();
  /** The escape sequence the output written so far ends inside, if any (a serialized screen ends with it). */
  private unfinished = '';
  /** Why the screen copy was lost, shown once in the next serialized screen. */
  private lostReason: string | undefined;
  private disposed = false;
  private readonly worker: MirrorWorker;

  constructor(private readonly options: ScreenMirrorOptions) {
    this.worker = options.worker ?? mirrorWorker;
    this.id = this.open();
  }

  /** Characters written and not parsed yet. */
  get backlog(): number {
    return this.written - this.parsed;
  }

  write(data: string): void {
    if (this.disposed || !data) return;
    this.written += data.length;
    const ground = this.unfinished === '';
    this.unfinished = unfinishedEscape(this.unfinished, data);
    if (this.worker.failure === undefined) this.worker.post({ type: 'write', id: this.id, data, ground });
    // no worker can run: nothing will parse it (told after the caller counted it as sent)
    else queueMicrotask(() => this.receive({ type: 'parsed', id: this.id, chars: data.length }));
  }

  resize(cols: number, rows: number): void {
    this.options.cols = cols;
    this.options.rows = rows;
    if (!this.disposed) this.worker.post({ type: 'resize', id: this.id, cols, rows });
  }

  /**
   * The screen and scrollback after everything written so far, as escape
   * sequences that rebuild them in a fresh xterm of the same size, followed by
   * the start of a sequence the output was cut inside (what comes next ends it).
   */
  serialize(): Promise<string> {
    if (this.disposed) return Promise.resolve('');
    if (this.worker.failure !== undefined) return Promise.resolve(noScreenNote(this.worker.failure));
    const request = (this.lastRequest += 1);
    const unfinished = this.unfinished;
    return new Promise((resolve) => {
      this.requests.set(request, (text) => resolve(text + unfinished));
      this.worker.post({ type: 'serialize', id: this.id, request });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker.close(this.id);
    for (const resolve of this.requests.values()) resolve('');
    this.requests.clear();
  }

  private open(): number {
    const { cols, rows, scrollback } = this.options;
    return this.worker.open((event) => this.receive(event), { cols, rows, scrollback });
  }

  private receive(event: MirrorEvent): void {
    switch (event.type) {
      case 'parsed':
        this.parsed += event.chars;
        this.skipped += event.skipped ?? 0;
        this.options.onParsed(event.chars);
        break;
      case 'title':
        this.options.onTitle(event.title);
        break;
      case 'osc777': {
        const parsed = parseContainerOsc(event.data);
        if (parsed) this.options.onNestedContainer('push' in parsed ? parsed.push : undefined);
        break;
      }
      case 'serialized': {
        const resolve = this.requests.get(event.request);
        this.requests.delete(event.request);
        const note = this.lostReason === undefined ? '' : `[Toolshed lost this tab's earlier output: its screen copy stopped (${this.lostReason}).]\r\n`;
        this.lostReason = undefined;
        resolve?.(note + event.text);
        break;
      }
      case 'lost': {
        // what was in flight will never be parsed: count it so flow control does not wait for it
        const backlog = this.backlog;
        this.parsed = this.written;
        if (backlog > 0) this.options.onParsed(backlog);
        this.lostReason = event.reason;
        if (this.disposed) return;
        if (this.worker.failure !== undefined) {
          for (const resolve of this.requests.values()) resolve(noScreenNote(this.worker.failure));
          this.requests.clear();
          return;
        }
        this.id = this.open();
        // requests in flight ask the new copy (empty, then current)
        for (const request of this.requests.keys()) this.worker.post({ type: 'serialize', id: this.id, request });
        break;
      }
    }
  }
}
