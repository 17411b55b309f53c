import { Suspense, lazy, useEffect, useState, type DragEvent } from 'react';
import type { TerminalInfo } from '../../../shared/contract';
import { activateTab, closeTab, cycleTab, moveTab, openTab, openTabLikeActive, setMaximized, startTerminals, useTerminals } from '../../state/terminals';
import { useStore } from '../../state/store';
import { SplitHandle } from './SplitHandle';
import './terminal.css';

// xterm.js and its addons are most of the page's code and the first screen (the list) needs none of
// it: they load after it, while the browser is idle, or at once when a tab is there to show
const loadTerminalView = () => import('./TerminalView');
const TerminalView = lazy(() => loadTerminalView().then((module) => ({ default: module.TerminalView })));

/** What a tab is called: where it runs, then what the shell says. */
export function tabLabel(info: TerminalInfo): { place: string; title: string } {
  const place = info.nestedContainer ?? info.container ?? 'host';
  return { place, title: info.title === place ? '' : info.title };
}

/** Tabs in the same place are numbered in their order (2, 3, …): twenty tabs of one toolbox stay apart. */
export function tabNumbers(order: readonly string[], infos: Record<string, TerminalInfo>): Record<string, number | undefined> {
  const seen = new Map<string, number>();
  const numbers: Record<string, number | undefined> = {};
  for (const id of order) {
    const info = infos[id];
    if (!info) continue;
    const { place } = tabLabel(info);
    const n = (seen.get(place) ?? 0) + 1;
    seen.set(place, n);
    numbers[id] = n > 1 ? n : undefined;
  }
  return numbers;
}

/**
 * The terminal tabs of this window: a tab bar (reorder by dragging or
 * Ctrl+Shift+PageUp/PageDown, switch with Ctrl+PageUp/PageDown, new tab with
 * Ctrl+Shift+T) over one terminal per tab. Hidden while no tab is open.
 */
export function TerminalTabs() {
  const order = useTerminals((s) => s.order);
  const infos = useTerminals((s) => s.infos);
  const activeId = useTerminals((s) => s.activeId);
  const maximized = useTerminals((s) => s.maximized);
  const hostShell = useStore((s) => s.status?.hostShell !== false);
  const [dragged, setDragged] = useState<string | undefined>();

  useEffect(() => startTerminals(), []);

  useEffect(() => {
    const idle = requestIdleCallback(() => void loadTerminalView(), { timeout: 2000 });
    return () => cancelIdleCallback(idle);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.ctrlKey || event.altKey || event.metaKey) return;
      const key = event.key.toLowerCase();
      const { order: tabs, activeId: current } = useTerminals.getState();
      if (event.shiftKey && key === 't') {
        void openTabLikeActive();
      } else if (tabs.length === 0) {
        return;
      } else if (event.key === 'PageUp' || event.key === 'PageDown') {
        const step = event.key === 'PageUp' ? -1 : 1;
        if (event.shiftKey && current) moveTab(current, tabs.indexOf(current) + step);
        else cycleTab(step);
      } else if (event.shiftKey && key === 'w' && current) {
        void closeTab(current);
      } else if (event.code === 'Backquote' && !event.shiftKey && current) {
        // back to the active terminal from anywhere, as VS Code's Ctrl+`
        useTerminals.setState({ focusId: current });
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (order.length === 0) return null;
  const active = activeId ? infos[activeId] : undefined;
  const numbers = tabNumbers(order, infos);

  const onDrop = (event: DragEvent, targetId: string) => {
    event.preventDefault();
    if (dragged && dragged !== targetId) moveTab(dragged, order.indexOf(targetId));
    setDragged(undefined);
  };

  return (
    <section className={`terminals${maximized ? ' maximized' : ''}`} aria-label="Terminals">
      {!maximized && <SplitHandle />}
      <div className="terminal-bar">
        <div className="terminal-tabs" role="tablist" aria-label="Terminal tabs">
          {order.map((id) => {
            const info = infos[id];
            if (!info) return null;
            const { place, title } = tabLabel(info);
            const selected = id === activeId;
            return (
              <div
                key={id}
                id={`terminal-tab-${id}`}
                role="tab"
                tabIndex={selected ? 0 : -1}
                aria-selected={selected}
                aria-controls={`terminal-panel-${id}`}
                className={`terminal-tab${selected ? ' selected' : ''}${info.exitCode !== undefined ? ' ended' : ''}${dragged === id ? ' dragging' : ''}`}
                data-terminal-id={id}
                title={[place, title].filter(Boolean).join(' — ')}
                draggable
                onDragStart={(e) => {
                  setDragged(id);
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', id);
                }}
                onDragEnd={() => setDragged(undefined)}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => onDrop(e, id)}
                onClick={() => activateTab(id)}
                onAuxClick={(e) => e.button === 1 && void closeTab(id)}
                onKeyDown={(e) => {
                  if (e.key === 'Delete') void closeTab(id);
                  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') cycleTab(e.key === 'ArrowLeft' ? -1 : 1);
                }}
              >
                <span className={`terminal-place${info.nestedContainer ? ' nested' : ''}`}>{place}</span>
                {numbers[id] !== undefined && <span className="terminal-number">{numbers[id]}</span>}
                {title && <span className="terminal-title">{title}</span>}
                {info.exitCode !== undefined && <span className="terminal-exit">{info.endReason ? 'stopped' : `exited ${info.exitCode}`}</span>}
                <button
                  type="button"
                  className="terminal-close"
                  aria-label={`Close ${place}${title ? ` (${title})` : ''}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    void closeTab(id);
                  }}
                >
                  ×
                </button>
              </div>
            );
          })}
        </div>
        <button
          type="button"
          className="terminal-action"
          onClick={() => void openTabLikeActive()}
          aria-label={`New tab in ${active?.nestedContainer ?? active?.container ?? 'the host'} (Ctrl+Shift+T)`}
          title="New tab (Ctrl+Shift+T)"
        >
          +
        </button>
        {hostShell && (
          <button type="button" className="terminal-action" onClick={() => void openTab()} title="A new tab with a shell on the host">
            Host shell
          </button>
        )}
        <button
          type="button"
          className="terminal-action"
          aria-pressed={maximized}
          onClick={() => setMaximized(!maximized)}
          title={maximized ? 'Show the container list again' : 'Give the terminal the whole window'}
        >
          Maximize
        </button>
      </div>
      <div className="terminal-stack">
        {order.map((id) => {
          const info = infos[id];
          return info ? (
            <Suspense key={id} fallback={null}>
              <TerminalView info={info} active={id === activeId} />
            </Suspense>
          ) : null;
        })}
      </div>
    </section>
  );
}
