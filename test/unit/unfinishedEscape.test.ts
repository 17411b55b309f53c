// Output cut inside an escape sequence: the scanner finds the unfinished
// sequence at the end of what the mirror was given, and a window that starts
// from the mirror's snapshot at any cut ends with the same cells as one that
// parsed all the output.
import { describe, expect, it } from 'vitest';
import { UNFINISHED_ESCAPE_LIMIT, unfinishedEscape } from '../../electron/services/terminal/unfinishedEscape.js';
import { MirrorWorker } from '../../electron/services/terminal/mirrorWorker.js';
import { ScreenMirror } from '../../electron/services/terminal/screenMirror.js';
import { cells, windowTerminal, type WindowTerminal } from '../support/terminalCells.js';

/** What is unfinished after these pieces, fed one after another. */
const after = (...pieces: string[]) => pieces.reduce((unfinished, piece) => unfinishedEscape(unfinished, piece), '');

describe('the unfinished escape sequence at the end of output', () => {
  it('is none after text and after finished sequences', () => {
    expect(after('plain text\r\n')).toBe('');
    expect(after('\x1b[31mred\x1b[0m')).toBe('');
    expect(after('\x1b]0;title\x07')).toBe('');
    expect(after('\x1b]8;;http://example.com\x1b\\link')).toBe('');
    expect(after('\x1b(B', '\x1b7', '\x1b[?1049h')).toBe('');
  });

  it('is the started sequence, across pieces, until it ends', () => {
    expect(after('text \x1b[3')).toBe('\x1b[3');
    expect(after('text \x1b[3', '1')).toBe('\x1b[31');
    expect(after('text \x1b[3', '1', 'm and more')).toBe('');
    expect(after('\x1b')).toBe('\x1b');
    expect(after('\x1b(')).toBe('\x1b(');
    expect(after('\x1b(', '0')).toBe('');
    expect(after('\x1b]0;a ti', 'tle')).toBe('\x1b]0;a title');
    expect(after('\x1b]0;a ti', 'tle\x07')).toBe('');
    // ST (ESC \) ends a string: cut between its two characters, only the ESC is pending
    expect(after('\x1bPq#0;2;0;0;0', '\x1b')).toBe('\x1b');
    expect(after('\x1bPq#0;2;0;0;0', '\x1b', '\\')).toBe('');
    // C0 controls inside a CSI are carried out without ending it
    expect(after('\x1b[1\r', '2')).toBe('\x1b[1\r2');
  });

  it('is none once CAN or SUB aborts the sequence', () => {
    expect(after('\x1b[31\x18')).toBe('');
    expect(after('\x1b]0;title', '\x1a')).toBe('');
  });

  it('is dropped past its limit (an image in a string)', () => {
    expect(after('\x1bPq', 'x'.repeat(UNFINISHED_ESCAPE_LIMIT))).toBe('');
  });
});

// Output on the normal screen cut at every character (between the two halves
// of a surrogate pair excepted: output arrives as whole characters):
// colours (16, 256, true colour, reset), a title, cursor movement and
// erase, wide characters, a DCS string and plain ESC sequences. Left out, as
// the snapshot (xterm's serialize addon) does not carry them: a G0 charset
// (line drawing), the cursor saved by ESC 7 or by the alternate screen, an
// open hyperlink; a window cut there differs until the program sets them again.
const OUTPUT = [
  'plain \x1b[31mred\x1b[0m \x1b[1;48;2;10;20;30mtrue colour\x1b[0m\r\n',
  '\x1b]0;a title\x07after the title\r\n',
  '\x1b[2;3Hmoved\x1b[K\x1b[8;1H\x1b[4munderlined\x1b[24m\x1b=\x1b>',
  'wide 漢字 🙂 \x1b[38;5;200mpink\x1b[m \x1bP$qm\x1b\\end\r\n',
].join('');
const SIZE = { cols: 40, rows: 10, scrollback: 20 };

function parse(terminal: WindowTerminal, data: string): Promise<void> {
  return new Promise((resolve) => terminal.write(data, resolve));
}

describe("a window started from the mirror's snapshot", () => {
  it('ends with the same cells and cursor as one that parsed everything, wherever the output was cut (inside escape sequences too)', async () => {
    const reference = windowTerminal(SIZE);
    await parse(reference, OUTPUT);
    const expected = { cells: cells(reference), x: reference.buffer.active.cursorX, y: reference.buffer.active.cursorY };
    const worker = new MirrorWorker();
    const differing: number[] = [];
    for (let cut = 1; cut < OUTPUT.length; cut += 1) {
      if (/[\ud800-\udbff]/.test(OUTPUT[cut - 1]!)) continue;
      const mirror = new ScreenMirror({ ...SIZE, worker, onParsed: () => undefined, onTitle: () => undefined, onNestedContainer: () => undefined });
      mirror.write(OUTPUT.slice(0, cut));
      const snapshot = await mirror.serialize();
      mirror.dispose();
      const window = windowTerminal(SIZE);
      await parse(window, snapshot + OUTPUT.slice(cut));
      const got = { cells: cells(window), x: window.buffer.active.cursorX, y: window.buffer.active.cursorY };
      if (JSON.stringify(got) !== JSON.stringify(expected)) differing.push(cut);
      window.dispose();
    }
    reference.dispose();
    expect(differing.map((cut) => JSON.stringify(OUTPUT.slice(Math.max(0, cut - 8), cut)))).toEqual([]);
  }, 60_000);
});
