// One tab's xterm.js, apart from React: the terminal with its addons (fit,
// search, Unicode 11, web links, WebGL with the DOM renderer as fallback), its
// themes following the system, X11-style middle-click paste, and the keys that
// belong to the app rather than to the shell.
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import '@xterm/xterm/css/xterm.css';
import { isWebLink } from '../../shared/links';
import { TERMINAL_SCROLLBACK_LINES } from '../../shared/terminal';
import { DisposableStore, toDisposable } from '../../shared/disposable';

const DARK: ITheme = {
  background: '#1e1f22',
  foreground: '#e8e6e3',
  cursor: '#e8e6e3',
  cursorAccent: '#1e1f22',
  selectionBackground: '#34465a',
  black: '#2e3436',
  red: '#ef6b60',
  green: '#8ae234',
  yellow: '#fce94f',
  blue: '#729fcf',
  magenta: '#ad7fa8',
  cyan: '#34e2e2',
  white: '#d3d7cf',
  brightBlack: '#777b80',
  brightRed: '#ff8c80',
  brightGreen: '#a6f05a',
  brightYellow: '#fff07a',
  brightBlue: '#94b8e8',
  brightMagenta: '#c9a0c4',
  brightCyan: '#6ff0f0',
  brightWhite: '#eeeeec',
};

const LIGHT: ITheme = {
  background: '#ffffff',
  foreground: '#1e1f22',
  cursor: '#1e1f22',
  cursorAccent: '#ffffff',
  selectionBackground: '#b8d3f0',
  black: '#1e1f22',
  red: '#b3261e',
  green: '#2e7d32',
  yellow: '#8a6d00',
  blue: '#2f5d8a',
  magenta: '#8e3b8e',
  cyan: '#00747a',
  white: '#8a8a8a',
  brightBlack: '#5f6368',
  brightRed: '#d93025',
  brightGreen: '#388e3c',
  brightYellow: '#a07c00',
  brightBlue: '#1a73e8',
  brightMagenta: '#a142a1',
  brightCyan: '#008b92',
  brightWhite: '#3c4043',
};

const darkScheme = () => window.matchMedia('(prefers-color-scheme: dark)');

function copy(text: string): void {
  if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
}

export interface XtermHostOptions {
  cols: number;
  rows: number;
  fontSize: number;
  fontFamily: string;
  /** Keystrokes and pastes for the session. */
  onInput: (data: string) => void;
  /** Ctrl+Shift+F. */
  onFindRequest: () => void;
}

export type RendererKind = 'webgl' | 'dom';

export class XtermHost {
  private readonly term: Terminal;
  private readonly fitAddon = new FitAddon();
  private readonly searchAddon = new SearchAddon();
  /** Listeners and timers on things that outlive the terminal, let go of with it. */
  private readonly store = new DisposableStore();
  /** The renderer drawing now; the element's parent says it too (data-renderer), for tests. */
  renderer: RendererKind = 'dom';

  constructor(element: HTMLElement, options: XtermHostOptions) {
    const term = new Terminal({
      allowProposedApi: true,
      cols: options.cols,
      rows: options.rows,
      fontSize: options.fontSize,
      fontFamily: options.fontFamily,
      scrollback: TERMINAL_SCROLLBACK_LINES,
      cursorBlink: true,
      theme: darkScheme().matches ? DARK : LIGHT,
    });
    this.term = term;
    term.loadAddon(this.fitAddon);
    term.loadAddon(this.searchAddon);
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        if (isWebLink(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
      }),
    );
    term.open(element);
    this.loadRenderer(element.parentElement);

    let lastSelection = '';
    term.onSelectionChange(() => {
      if (term.hasSelection()) lastSelection = term.getSelection();
    });
    const onMiddleClick = (event: MouseEvent) => {
      // middle click pastes the last selection, as X11 terminals do
      if (event.button !== 1 || !lastSelection) return;
      event.preventDefault();
      term.paste(lastSelection);
    };
    element.addEventListener('auxclick', onMiddleClick);
    this.store.add(toDisposable(() => element.removeEventListener('auxclick', onMiddleClick)));
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return true;
      const key = event.key.toLowerCase();
      if (event.ctrlKey && event.shiftKey && key === 'c') {
        copy(term.getSelection());
        return false;
      }
      // Ctrl+Shift+V is the browser's own paste (as plain text): xterm receives it as a paste event. Reading the
      // clipboard here as well pasted everything twice, and needed a permission a paste does not
      if (event.ctrlKey && event.shiftKey && key === 'v') return false;
      if (event.ctrlKey && event.shiftKey && key === 'f') {
        options.onFindRequest();
        return false;
      }
      // tab shortcuts belong to the tab bar (its window listener sees the event next)
      if (event.ctrlKey && (event.key === 'PageUp' || event.key === 'PageDown')) return false;
      if (event.ctrlKey && event.shiftKey && (key === 't' || key === 'w')) return false;
      // the way out to the list (App), and back (the tab bar)
      if (event.ctrlKey && event.shiftKey && key === 'e') return false;
      if (event.ctrlKey && event.code === 'Backquote') return false;
      return true;
    });
    term.onData(options.onInput);
    term.onBinary(options.onInput);

    const scheme = darkScheme();
    const onScheme = () => (term.options.theme = scheme.matches ? DARK : LIGHT);
    scheme.addEventListener('change', onScheme);
    this.store.add(toDisposable(() => scheme.removeEventListener('change', onScheme)));
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** Replaces the screen with a session's serialized screen, taken at that session's size. */
  replay(screen: string, cols: number, rows: number): void {
    this.term.reset();
    this.term.resize(cols, rows);
    this.term.write(screen);
  }

  /** Writes output; `parsed` runs once xterm has parsed it (the ack for flow control). */
  write(data: string, parsed: () => void): void {
    this.term.write(data, parsed);
  }

  /** Fits the grid to the element; true when the size changed (an unmeasurable element changes nothing). */
  fit(): boolean {
    const { cols, rows } = this.term;
    this.fitAddon.fit();
    return this.term.cols !== cols || this.term.rows !== rows;
  }

  /** The session has ended: no blinking cursor waiting for input that cannot come (this window only). */
  showEnded(): void {
    this.term.options.cursorBlink = false;
    this.term.write('\x1b[?25l');
  }

  setFont(fontSize: number, fontFamily: string): void {
    this.term.options.fontSize = fontSize;
    this.term.options.fontFamily = fontFamily;
  }

  focus(): void {
    this.term.focus();
  }

  find(query: string, backwards: boolean): void {
    if (!query) return;
    const options = { caseSensitive: false, incremental: !backwards };
    if (backwards) this.searchAddon.findPrevious(query, options);
    else this.searchAddon.findNext(query, options);
  }

  clearFind(): void {
    this.searchAddon.clearDecorations();
  }

  dispose(): void {
    this.store.dispose();
    this.term.dispose();
  }

  /**
   * WebGL when the GPU allows it and draws right; xterm's DOM renderer otherwise: when WebGL cannot
   * start, loses its context, or, checked at the first frame with text and whenever the device pixel
   * ratio changes, its canvas is not sized for the screen's pixels or shows nothing (software WebGL at
   * a ratio of 2 draws a blank terminal).
   */
  private loadRenderer(panel: HTMLElement | null): void {
    const drawWith = (kind: RendererKind, why?: string) => {
      this.renderer = kind;
      if (!panel) return;
      panel.dataset.renderer = kind;
      if (why) panel.dataset.rendererFallback = why;
    };
    let webgl: WebglAddon;
    try {
      webgl = new WebglAddon();
      this.term.loadAddon(webgl);
    } catch {
      drawWith('dom', 'no WebGL');
      return;
    }
    drawWith('webgl');
    const fallBack = (why: string) => {
      if (this.renderer !== 'webgl') return;
      webgl.dispose();
      drawWith('dom', why);
    };
    webgl.onContextLoss(() => fallBack('context lost'));
    const verifyAtNextText = () => {
      const check = this.term.onRender(() => {
        const problem = this.webglProblem();
        if (problem === 'no text yet') return;
        check.dispose();
        if (problem) fallBack(problem);
      });
      this.store.add(check);
    };
    verifyAtNextText();
    // a window moved to a screen of another pixel ratio: check again
    let ratio = window.devicePixelRatio;
    const onRatio = () => {
      if (window.devicePixelRatio === ratio) return;
      ratio = window.devicePixelRatio;
      verifyAtNextText();
    };
    const timer = setInterval(onRatio, 1000);
    this.store.add(toDisposable(() => clearInterval(timer)));
  }

  /** Why the WebGL canvas does not show the terminal right, 'no text yet' before there is text to see, or null. */
  private webglProblem(): string | null {
    const buffer = this.term.buffer.active;
    let text = false;
    for (let y = 0; y < this.term.rows && !text; y += 1)
      text =
        (buffer
          .getLine(buffer.viewportY + y)
          ?.translateToString(true)
          .trim() ?? '') !== '';
    if (!text) return 'no text yet';
    const canvas = this.term.element?.querySelector<HTMLCanvasElement>('.xterm-screen > canvas:not(.xterm-link-layer)');
    if (!canvas || canvas.clientWidth === 0) return null;
    const expected = canvas.clientWidth * window.devicePixelRatio;
    if (Math.abs(canvas.width - expected) > 2) return `WebGL canvas sized ${canvas.width}px for ${Math.round(expected)} device pixels`;
    // read back this frame (it is still in the drawing buffer during the render callback)
    const probe = document.createElement('canvas');
    probe.width = canvas.width;
    probe.height = canvas.height;
    const context = probe.getContext('2d', { willReadFrequently: true });
    if (!context) return null;
    context.drawImage(canvas, 0, 0);
    const pixels = context.getImageData(0, 0, probe.width, probe.height).data;
    for (let i = 4; i < pixels.length; i += 4) {
      if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2] || pixels[i + 3] !== pixels[3]) return null;
    }
    return 'WebGL drew a blank terminal';
  }
}
