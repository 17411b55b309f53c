import { useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';

const KEY = 'toolshed.split';
const MIN = 0.12;
const MAX = 0.8;
const STEP = 0.05;
const clamp = (value: number) => Math.min(MAX, Math.max(MIN, value));

function savedSplit(): number {
  const value = Number(localStorage.getItem(KEY));
  return Number.isFinite(value) && value > 0 ? clamp(value) : 0.34;
}

/**
 * The border between the container list (above) and the terminals (below):
 * dragged with the mouse, or moved with the arrow keys when focused; the
 * window remembers it (localStorage). It sets --split, the list's share of the
 * window's height, which the stylesheet reads.
 */
export function SplitHandle() {
  const [split, setSplit] = useState(savedSplit);

  useEffect(() => {
    document.documentElement.style.setProperty('--split', String(split));
    try {
      localStorage.setItem(KEY, String(split));
    } catch {
      // storage off: the split lasts as long as the page
    }
  }, [split]);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!event.currentTarget.hasPointerCapture(event.pointerId)) return;
    const top = document.querySelector('.app > main')?.getBoundingClientRect().top ?? 0;
    setSplit(clamp((event.clientY - top) / window.innerHeight));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = { ArrowUp: split - STEP, ArrowDown: split + STEP, Home: MIN, End: MAX }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setSplit(clamp(next));
  };

  return (
    <div
      className="split-handle"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize the container list and the terminals"
      aria-valuemin={Math.round(MIN * 100)}
      aria-valuemax={Math.round(MAX * 100)}
      aria-valuenow={Math.round(split * 100)}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onKeyDown={onKeyDown}
    />
  );
}
