// A headless xterm beside each session that parses the same output the
// windows get, so a window that (re)attaches can be given the screen and the
// recent scrollback at once (serialize addon), and so the engine knows what
// the shell said about itself: its title (OSC 0/2) and the container it
// entered (OSC 777 container push/pop, as `toolbox enter` prints it).
// The xterm packages are CommonJS bundles: Node's ESM loader only sees their default export.
import xtermHeadless from '@xterm/headless';
import xtermSerialize from '@xterm/addon-serialize';
import xtermUnicode11 from '@xterm/addon-unicode11';

const { Terminal } = xtermHeadless;
const { SerializeAddon } = xtermSerialize;
const { Unicode11Addon } = xtermUnicode11;

export interface ScreenMirrorOptions {
  cols: number;
  rows: number;
  /** Lines kept above the screen for replay. */
  scrollback: number;
  onTitle: (title: string) => void;
  /** The container a nested `toolbox enter` is in; undefined once it left. */
  onNestedContainer: (name: string | undefined) => void;
  /** Characters the mirror has finished parsing (flow control counts its backlog). */
  onParsed: (chars: number) => void;
}

/** Reads `container;push;<name>;…` / `container;pop;…` (OSC 777, as Toolbx and Ptyxis write it). */
export function parseContainerOsc(data: string): { push: string } | { pop: true } | undefined {
  const [kind, action, name] = data.split(';');
  if (kind !== 'container') return undefined;
  if (action === 'push' && name) return { push: name };
  if (action === 'pop') return { pop: true };
  return undefined;
}

export class ScreenMirror {
  private readonly terminal: InstanceType<typeof Terminal>;
  private readonly serializer: InstanceType<typeof SerializeAddon>;
  private written = 0;
  private parsed = 0;
  private readonly waiters: { until: number; resolve: () => void }[] = [];

  constructor(private readonly options: ScreenMirrorOptions) {
    this.terminal = new Terminal({ cols: options.cols, rows: options.rows, scrollback: options.scrollback, allowProposedApi: true });
    this.serializer = new SerializeAddon();
    this.terminal.loadAddon(this.serializer);
    // the same character widths as the windows (they load unicode11 too)
    this.terminal.loadAddon(new Unicode11Addon());
    this.terminal.unicode.activeVersion = '11';
    this.terminal.onTitleChange((title) => options.onTitle(title));
    this.terminal.parser.registerOscHandler(777, (data) => {
      const parsed = parseContainerOsc(data);
      if (parsed) options.onNestedContainer('push' in parsed ? parsed.push : undefined);
      // let other handlers (none today) see notifications and the like
      return parsed !== undefined;
    });
  }

  /** Characters written and not parsed yet. */
  get backlog(): number {
    return this.written - this.parsed;
  }

  write(data: string): void {
    this.written += data.length;
    this.terminal.write(data, () => {
      this.parsed += data.length;
      this.options.onParsed(data.length);
      while (this.waiters[0] && this.waiters[0].until <= this.parsed) this.waiters.shift()!.resolve();
    });
  }

  resize(cols: number, rows: number): void {
    this.terminal.resize(cols, rows);
  }

  /** Resolves once everything written so far has been parsed. */
  caughtUp(): Promise<void> {
    if (this.parsed >= this.written) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ until: this.written, resolve }));
  }

  /** The screen and scrollback as escape sequences that rebuild them in a fresh xterm of the same size. */
  serialize(): string {
    return this.serializer.serialize({ scrollback: this.options.scrollback });
  }

  dispose(): void {
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    this.terminal.dispose();
  }
}
