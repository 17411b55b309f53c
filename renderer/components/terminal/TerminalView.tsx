import { useEffect, useRef, useState } from 'react';
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import '@xterm/xterm/css/xterm.css';
import type { TerminalInfo } from '../../../shared/contract';
import { isWebLink } from '../../../shared/links';
import { api } from '../../state/actions';
import { notifyError } from '../../state/store';
import { acknowledge, closeTab, reopenTab, sendInput, sendResize, setTerminalSink, useTerminals } from '../../state/terminals';

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

/**
 * One tab's xterm.js. It attaches to the engine's session (screen and
 * scrollback replayed from the engine's snapshot), then shows its output and
 * acknowledges each piece once xterm has parsed it, sends input and keeps the
 * session's size equal to the visible grid.
 */
export function TerminalView({ info, active }: { info: TerminalInfo; active: boolean }) {
  const { id } = info;
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<Terminal | undefined>(undefined);
  const fit = useRef<FitAddon | undefined>(undefined);
  const search = useRef<SearchAddon | undefined>(undefined);
  const epoch = useTerminals((s) => s.epoch);
  const fontSize = useTerminals((s) => s.fontSize);
  const fontFamily = useTerminals((s) => s.fontFamily);
  const [grid, setGrid] = useState<{ cols: number; rows: number } | undefined>();
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');

  // the xterm instance lives as long as the tab
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const state = useTerminals.getState();
    const term = new Terminal({
      allowProposedApi: true,
      cols: info.cols,
      rows: info.rows,
      fontSize: state.fontSize,
      fontFamily: state.fontFamily,
      scrollback: 5000,
      cursorBlink: true,
      theme: darkScheme().matches ? DARK : LIGHT,
    });
    const fitAddon = new FitAddon();
    const searchAddon = new SearchAddon();
    term.loadAddon(fitAddon);
    term.loadAddon(searchAddon);
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.loadAddon(
      new WebLinksAddon((event, uri) => {
        event.preventDefault();
        if (isWebLink(uri)) window.open(uri, '_blank', 'noopener,noreferrer');
      }),
    );
    term.open(element);
    // WebGL when the GPU allows it; on failure or a lost context, xterm's DOM renderer
    // (the panel says which, for the curious and for tests)
    const panel = element.parentElement;
    try {
      const webgl = new WebglAddon();
      webgl.onContextLoss(() => {
        webgl.dispose();
        if (panel) panel.dataset.renderer = 'dom';
      });
      term.loadAddon(webgl);
      if (panel) panel.dataset.renderer = 'webgl';
    } catch {
      if (panel) panel.dataset.renderer = 'dom';
    }

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
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown') return true;
      const key = event.key.toLowerCase();
      if (event.ctrlKey && event.shiftKey && key === 'c') {
        copy(term.getSelection());
        return false;
      }
      if (event.ctrlKey && event.shiftKey && key === 'v') {
        void navigator.clipboard
          ?.readText()
          .then((text) => text && term.paste(text))
          .catch((error: unknown) => notifyError(error, 'Could not read the clipboard'));
        return false;
      }
      if (event.ctrlKey && event.shiftKey && key === 'f') {
        setSearching(true);
        return false;
      }
      // tab shortcuts belong to the tab bar (its window listener sees the event next)
      if (event.ctrlKey && (event.key === 'PageUp' || event.key === 'PageDown')) return false;
      if (event.ctrlKey && event.shiftKey && (key === 't' || key === 'w')) return false;
      return true;
    });
    term.onData((data) => sendInput(id, data));
    term.onBinary((data) => sendInput(id, data));

    terminal.current = term;
    fit.current = fitAddon;
    search.current = searchAddon;
    const scheme = darkScheme();
    const onScheme = () => (term.options.theme = scheme.matches ? DARK : LIGHT);
    scheme.addEventListener('change', onScheme);
    return () => {
      scheme.removeEventListener('change', onScheme);
      element.removeEventListener('auxclick', onMiddleClick);
      setTerminalSink(id, undefined);
      terminal.current = undefined;
      fit.current = undefined;
      search.current = undefined;
      term.dispose();
    };
    // the instance is made once per tab; its size and font are kept up to date by the effects below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  // (re)attach: the engine's snapshot replaces the screen, then live output follows
  useEffect(() => {
    const term = terminal.current;
    if (!term) return;
    let cancelled = false;
    setTerminalSink(id, undefined);
    void api()
      .attachTerminal({ id })
      .then(({ info: current, snapshot }) => {
        if (cancelled) return;
        term.reset();
        // the snapshot was taken at the session's size: replay it at that size, then fit
        term.resize(current.cols, current.rows);
        term.write(snapshot);
        setTerminalSink(id, (data) => term.write(data, () => acknowledge(id, data.length)));
        fit.current?.fit();
        setGrid({ cols: term.cols, rows: term.rows });
        if (term.cols !== current.cols || term.rows !== current.rows) sendResize(id, term.cols, term.rows);
      })
      .catch((error: unknown) => {
        if (!cancelled) notifyError(error, `Could not attach to the terminal "${info.title}"`);
      });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, epoch]);

  // keep the session's pty the size of the visible grid
  useEffect(() => {
    const term = terminal.current;
    const element = host.current;
    if (!term || !element || !active) return;
    let frame = 0;
    const refit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        // fit() resizes only to a measurable size that differs
        const { cols, rows } = term;
        fit.current?.fit();
        if (term.cols === cols && term.rows === rows) return;
        setGrid({ cols: term.cols, rows: term.rows });
        sendResize(id, term.cols, term.rows);
      });
    };
    const observer = new ResizeObserver(refit);
    observer.observe(element);
    refit();
    term.focus();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [id, active]);

  useEffect(() => {
    const term = terminal.current;
    if (!term) return;
    term.options.fontSize = fontSize;
    term.options.fontFamily = fontFamily;
  }, [fontSize, fontFamily]);

  const ended = info.exitCode !== undefined;
  const find = (backwards: boolean) => {
    if (!query) return;
    const options = { caseSensitive: false, incremental: !backwards };
    if (backwards) search.current?.findPrevious(query, options);
    else search.current?.findNext(query, options);
  };

  return (
    <div
      className="terminal-panel"
      role="tabpanel"
      id={`terminal-panel-${id}`}
      aria-labelledby={`terminal-tab-${id}`}
      hidden={!active}
      data-terminal-id={id}
      data-cols={grid?.cols}
      data-rows={grid?.rows}
    >
      {searching && (
        <form
          className="terminal-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            find(false);
          }}
        >
          <input
            autoFocus
            type="search"
            aria-label="Find in the terminal"
            placeholder="Find"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && e.shiftKey) {
                e.preventDefault();
                find(true);
              } else if (e.key === 'Escape') {
                setSearching(false);
                search.current?.clearDecorations();
                terminal.current?.focus();
              }
            }}
          />
          <button type="button" onClick={() => find(true)} aria-label="Find previous">
            ↑
          </button>
          <button type="submit" aria-label="Find next">
            ↓
          </button>
          <button
            type="button"
            onClick={() => {
              setSearching(false);
              terminal.current?.focus();
            }}
          >
            Done
          </button>
        </form>
      )}
      <div className="terminal-host" ref={host} />
      {ended && (
        <div className="terminal-ended" role="status">
          <span>
            {info.endReason ? `${info.endReason} ` : ''}
            The shell exited with code <strong data-testid="exit-code">{info.exitCode}</strong>.
          </span>
          <button type="button" className="primary" onClick={() => void reopenTab(id)}>
            Reopen
          </button>
          <button type="button" onClick={() => void closeTab(id)}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}
