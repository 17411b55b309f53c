// Skipping ahead by screen state: a window that falls behind a flood is sent
// the engine's copy of the screen instead of the backlog. The same 50 MiB
// (plain text, colours, cursor movement, the alternate screen, wide
// characters) goes through a real pty twice: to a window that parses every
// byte (skipping off), and to a slow window that is skipped ahead. Both
// windows must end with the same cells as the user sees them (characters,
// widths, colours, attributes, wrapping) in both buffers, scrollback
// included, and the same cursor.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TERMINAL_SCROLLBACK_LINES } from '../../shared/terminal.js';
import { localEnvironment } from '../../electron/services/terminal/enterArgs.js';
import { DEFAULT_TUNING, TerminalSession, spawnLocal } from '../../electron/services/terminal/session.js';
import { cells, windowTerminal } from '../support/terminalCells.js';

const COLS = 100;
const ROWS = 30;
const MIB = 1024 * 1024;

/** Mixed terminal output, the same for a given seed. */
function mixedOutput(bytes: number, seed: number): string {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor(state / 65536) % n; // the high bits: the low ones of this generator repeat quickly
  };
  const words = ['toolshed', 'pet', 'container', 'podman', 'xterm', 'flood', '漢字', 'テスト', '🙂', 'ünïcödé', 'wide字'];
  const line = () => Array.from({ length: 3 + random(12) }, () => words[random(words.length)]).join(' ');
  const parts: string[] = [];
  let size = 0;
  const push = (text: string) => {
    parts.push(text);
    size += text.length;
  };
  while (size < bytes) {
    switch (random(8)) {
      case 0: // colours: 16, 256 and true colour, bold and reset
        push(`\x1b[3${random(8)}m${line()}\x1b[38;5;${random(256)}m ${line()} \x1b[1;48;2;${random(256)};${random(256)};${random(256)}m${line()}\x1b[0m\n`);
        break;
      case 1: // cursor movement: absolute, relative, erase
        push(`\x1b[${1 + random(ROWS)};${1 + random(COLS)}H${line()}\x1b[${1 + random(5)}A\x1b[K${line()}\x1b[${1 + random(9)}C*\n`);
        break;
      case 2: // a full-screen program on the alternate screen, and back
        push(`\x1b[?1049h\x1b[H\x1b[2J${Array.from({ length: 5 }, line).join('\r\n')}\x1b[10;10H\x1b[7mstatus\x1b[27m\x1b[?1049l`);
        break;
      case 3: // a long line that wraps
        push(`${line()} ${line()} ${line()} ${line()} ${line()}\n`);
        break;
      default:
        push(`${line()}\n`);
    }
  }
  // end inside the alternate screen, coloured, with the cursor moved: the hardest state to rebuild
  push(`\x1b[?1049h\x1b[H\x1b[2Jthe end ${line()}\x1b[5;20H\x1b[32mgreen 漢字 🙂\x1b[0m\x1b[12;3H`);
  return parts.join('');
}

interface WindowRun {
  cells: string[];
  cursor: { x: number; y: number; alternate: boolean };
  skips: number;
}

/** Runs `cat file` on a pty into a window that acks what it parsed `ackDelayMs` later. */
async function throughWindow(file: string, options: { skipAhead: boolean; ackDelayMs: number }): Promise<WindowRun> {
  const terminal = windowTerminal({ cols: COLS, rows: ROWS, scrollback: TERMINAL_SCROLLBACK_LINES });
  let parsedAll: Promise<void> = Promise.resolve();
  const session: TerminalSession = new TerminalSession({
    id: 't1',
    spawn: spawnLocal({ file: 'cat', args: [file], env: localEnvironment(process.env), cwd: path.dirname(file) }),
    cols: COLS,
    rows: ROWS,
    title: 'flood',
    mark: 'unit-skip',
    shellIsPtyProcess: true,
    tuning: { skipAhead: options.skipAhead },
    onData: (data) => {
      parsedAll = new Promise((resolve) =>
        terminal.write(data, () => {
          setTimeout(() => session.ack(data.length), options.ackDelayMs);
          resolve();
        }),
      );
    },
    onChange: () => undefined,
    onExit: () => undefined,
  });
  expect(await session.exited).toBe(0);
  await parsedAll;
  const buffer = terminal.buffer.active;
  const run = {
    cells: cells(terminal),
    cursor: { x: buffer.cursorX, y: buffer.cursorY, alternate: buffer.type === 'alternate' },
    skips: session.stats().skips,
  };
  session.dispose();
  terminal.dispose();
  return run;
}

describe('skipping a window ahead by screen state', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-skip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is on by default', () => {
    expect(DEFAULT_TUNING.skipAhead).toBe(true);
  });

  it('leaves a slow window with exactly the screen, scrollback and cursor of one that parsed all 50 MiB', async () => {
    const file = path.join(dir, 'mixed.txt');
    writeFileSync(file, mixedOutput(50 * MIB, 7));

    const every = await throughWindow(file, { skipAhead: false, ackDelayMs: 0 });
    const skipped = await throughWindow(file, { skipAhead: true, ackDelayMs: 30 });

    expect(every.skips).toBe(0);
    // the slow window really was skipped ahead, many times
    expect(skipped.skips).toBeGreaterThan(10);
    expect(skipped.cursor).toEqual(every.cursor);
    expect(every.cursor.alternate).toBe(true);
    expect(every.cells.length).toBe(2 * (TERMINAL_SCROLLBACK_LINES + ROWS) - TERMINAL_SCROLLBACK_LINES); // the alternate buffer has no scrollback
    expect(skipped.cells.length).toBe(every.cells.length);
    const firstDifference = every.cells.findIndex((row, i) => row !== skipped.cells[i]);
    expect(firstDifference, `the first row that differs, as parsed and as skipped:\n${every.cells[firstDifference]}\n${skipped.cells[firstDifference]}`).toBe(
      -1,
    );
  }, 180_000);
});
