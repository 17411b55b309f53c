import { useEffect, useRef, useState } from 'react';
import type { TerminalInfo } from '../../../shared/contract';
import { notifyError } from '../../state/notices';
import { useStore } from '../../state/store';
import { closeTab, focusTaken, reopenStoppedTabs, reopenTab, stoppedTabsOf, tabConnection, useTerminals } from '../../state/terminals';
import { XtermHost } from '../../terminal/xtermHost';

const SIGNALS: Record<number, string> = { 1: 'hung up', 2: 'interrupted', 9: 'killed', 15: 'terminated' };

/** How the session ended, in words: with its container (running again since?), by a signal, or with an exit code (kept for tests as exit-code). */
function endedText(info: TerminalInfo, runningAgain: boolean) {
  const code = info.exitCode ?? 0;
  const signal = code > 128 ? SIGNALS[code - 128] : undefined;
  const number = <strong data-testid="exit-code">{code}</strong>;
  if (info.endReason && runningAgain) {
    return (
      <>
        {info.container} is running again. This shell ended when it stopped{signal ? ` (${signal})` : ''}, code {number}.
      </>
    );
  }
  if (info.endReason) {
    return (
      <>
        {info.endReason} The shell ended with it{signal ? ` (${signal})` : ''}, code {number}.
      </>
    );
  }
  if (signal)
    return (
      <>
        The shell was {signal} (code {number}).
      </>
    );
  return <>The shell exited with code {number}.</>;
}

/**
 * One tab's terminal. It attaches to the engine's session (screen and
 * scrollback replayed from the engine's copy of the screen), then shows its output and
 * acknowledges each piece once xterm has parsed it, sends input and keeps the
 * session's size equal to the visible grid.
 */
export function TerminalView({ info, active }: { info: TerminalInfo; active: boolean }) {
  const { id } = info;
  const host = useRef<HTMLDivElement>(null);
  const xterm = useRef<XtermHost | undefined>(undefined);
  const epoch = useTerminals((s) => s.epoch);
  const fontSize = useTerminals((s) => s.fontSize);
  const fontFamily = useTerminals((s) => s.fontFamily);
  const [grid, setGrid] = useState<{ cols: number; rows: number } | undefined>();
  const [searching, setSearching] = useState(false);
  // a tab its toolbox's stop ended, now that the toolbox runs again: it says so, and offers its sisters' reopening too
  const runningAgain = useStore((s) => info.endReason !== undefined && s.containers.some((c) => c.id === info.containerId && c.state === 'running'));
  const stoppedWithIt = useTerminals((s) => stoppedTabsOf(s, info.containerId).length);
  // its toolbox is gone (removed): a Reopen could not work, so there is none
  const containerGone = useStore((s) => info.containerId !== undefined && s.loaded && !s.containers.some((c) => c.id === info.containerId));
  const [query, setQuery] = useState('');

  // the xterm instance lives as long as the tab
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const state = useTerminals.getState();
    const connection = tabConnection(id);
    const made = new XtermHost(element, {
      cols: info.cols,
      rows: info.rows,
      fontSize: state.fontSize,
      fontFamily: state.fontFamily,
      onInput: (data) => connection.sendInput(data),
      onFindRequest: () => setSearching(true),
    });
    xterm.current = made;
    return () => {
      connection.detach();
      xterm.current = undefined;
      made.dispose();
    };
    // the instance is made once per tab; its size and font are kept up to date by the effects below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  // (re)attach: the engine's copy of the screen replaces ours, then live output follows
  useEffect(() => {
    const term = xterm.current;
    if (!term) return;
    let cancelled = false;
    const connection = tabConnection(id);
    // the screen was serialized at the session's size: replayed at that size, then fitted
    void connection
      .attach(term)
      .then((current) => {
        if (cancelled) return;
        term.fit();
        setGrid({ cols: term.cols, rows: term.rows });
        if (term.cols !== current.cols || term.rows !== current.rows) connection.resize(term.cols, term.rows);
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
    const term = xterm.current;
    const element = host.current;
    if (!term || !element || !active) return;
    let frame = 0;
    const refit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!term.fit()) return;
        setGrid({ cols: term.cols, rows: term.rows });
        tabConnection(id).resize(term.cols, term.rows);
      });
    };
    const observer = new ResizeObserver(refit);
    observer.observe(element);
    refit();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [id, active]);

  // the keyboard comes here when the user chose this tab, or when nothing else has it
  const focusWanted = useTerminals((s) => s.focusId === id);
  useEffect(() => {
    if (!active || !xterm.current) return;
    const focused = document.activeElement;
    if (focusWanted || !focused || focused === document.body) xterm.current.focus();
    if (focusWanted) focusTaken(id);
  }, [id, active, focusWanted]);

  useEffect(() => xterm.current?.setFont(fontSize, fontFamily), [fontSize, fontFamily]);

  const ended = info.exitCode !== undefined;
  // after the screen is replayed too (a reload of an ended tab)
  useEffect(() => {
    if (ended) xterm.current?.showEnded();
  }, [ended, epoch, grid]);
  const find = (backwards: boolean) => xterm.current?.find(query, backwards);

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
                xterm.current?.clearFind();
                xterm.current?.focus();
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
              xterm.current?.focus();
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
            {endedText(info, runningAgain)}
            {containerGone && ` ${info.container ?? 'Its toolbox'} no longer exists.`}
          </span>
          {!containerGone && (
            <button type="button" className="primary" onClick={() => void reopenTab(id)}>
              Reopen
            </button>
          )}
          {runningAgain && stoppedWithIt > 1 && info.containerId && (
            <button type="button" onClick={() => void reopenStoppedTabs(info.containerId!)}>
              Reopen all {stoppedWithIt}
            </button>
          )}
          <button type="button" className={containerGone ? 'primary' : undefined} onClick={() => void closeTab(id)}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}
