// Batching of pty output: a few milliseconds or a size limit per batch, cut
// only between whole characters; multi-byte UTF-8 written by a real program
// in pieces arrives intact.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from '../../electron/services/terminal/outputBatcher.js';
import { safeCutIndex, splitSafely } from '../../shared/text.js';
import { TerminalSession, spawnLocal } from '../../electron/services/terminal/session.js';
import { localEnvironment } from '../../electron/services/terminal/enterArgs.js';

const EMOJI = '😀'; // one character, two UTF-16 code units, four UTF-8 bytes

describe('splitSafely', () => {
  it('never separates the halves of a surrogate pair', () => {
    const text = `ab${EMOJI}cd${EMOJI}${EMOJI}e`;
    for (let max = 2; max <= text.length; max += 1) {
      const pieces = splitSafely(text, max);
      expect(pieces.join('')).toBe(text);
      for (const piece of pieces) {
        expect(piece.length).toBeLessThanOrEqual(max);
        expect(piece.length).toBeGreaterThan(0);
        expect(/^[\uDC00-\uDFFF]/.test(piece), `piece starts with a low surrogate (max ${max})`).toBe(false);
        expect(/[\uD800-\uDBFF]$/.test(piece), `piece ends with a high surrogate (max ${max})`).toBe(false);
      }
    }
  });

  it('moves a cut that would split a pair one place back', () => {
    expect(safeCutIndex(`a${EMOJI}`, 2)).toBe(1);
    expect(safeCutIndex(`a${EMOJI}`, 1)).toBe(1);
    expect(safeCutIndex('abc', 9)).toBe(3);
  });
});

describe('OutputBatcher', () => {
  afterEach(() => vi.useRealTimers());

  it('sends a read after a quiet spell at once, and gathers the reads that follow it', () => {
    vi.useFakeTimers();
    const batches: string[] = [];
    const batcher = new OutputBatcher({ intervalMs: 5, maxChars: 100, onBatch: (b) => batches.push(b) }, () => Date.now());
    batcher.push('k'); // the echo of a key: no delay
    expect(batches).toEqual(['k']);
    batcher.push('a');
    batcher.push('b');
    vi.advanceTimersByTime(4);
    batcher.push('c');
    expect(batches).toEqual(['k']);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual(['k', 'abc']);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual(['k', 'abc']);
    batcher.push('later');
    expect(batches).toEqual(['k', 'abc', 'later']);
  });

  it('sends the first read after input at once, however soon after the last batch, with what was pending', () => {
    vi.useFakeTimers();
    const batches: string[] = [];
    const batcher = new OutputBatcher({ intervalMs: 5, maxChars: 100, onBatch: (b) => batches.push(b) }, () => Date.now());
    batcher.push('a'); // after a quiet spell: at once
    batcher.push('b'); // output still coming: gathered
    expect(batches).toEqual(['a']);
    batcher.inputWritten();
    batcher.push('k'); // the echo of a key typed 0 ms later: at once, after what was gathered
    expect(batches).toEqual(['a', 'bk']);
    batcher.push('c'); // the key's echo went out: back to gathering
    expect(batches).toEqual(['a', 'bk']);
    vi.advanceTimersByTime(5);
    expect(batches).toEqual(['a', 'bk', 'c']);
  });

  it('sends at once when a batch is full, and never a batch over the limit', () => {
    vi.useFakeTimers();
    const batches: string[] = [];
    const batcher = new OutputBatcher({ intervalMs: 5, maxChars: 8, onBatch: (b) => batches.push(b) }, () => Date.now());
    batcher.push('0');
    batcher.push('12345');
    batcher.push(`67${EMOJI}xyz${EMOJI}${EMOJI}`);
    expect(batches.join('')).toBe(`01234567${EMOJI}xyz${EMOJI}${EMOJI}`);
    expect(batches.every((b) => b.length <= 8)).toBe(true);
    batcher.push('tail');
    batcher.flush();
    expect(batches.at(-1)).toBe('tail');
    batcher.dispose();
  });
});

describe('UTF-8 from a real pty', () => {
  it('arrives whole when a program writes a character byte by byte, with pauses between the bytes', async () => {
    const data: string[] = [];
    // "é" (2 bytes), "€" (3 bytes) and an emoji (4 bytes), each written one byte at a time
    const script = String.raw`for b in '\303' '\251' '\342' '\202' '\254' '\360' '\237' '\230' '\200'; do printf "$b"; sleep 0.02; done; printf '\n'`;
    const session = new TerminalSession({
      id: 't1',
      spawn: spawnLocal({ file: '/bin/sh', args: ['-c', script], env: localEnvironment(process.env), cwd: '/tmp' }),
      cols: 80,
      rows: 24,
      title: 'utf8',
      mark: 'unit-utf8',
      shellIsPtyProcess: true,
      tuning: { batchMs: 1 },
      onData: (d) => {
        data.push(d);
        session.ack(d.length);
      },
      onChange: () => undefined,
      onExit: () => undefined,
    });
    expect(await session.exited).toBe(0);
    const text = data.join('');
    expect(text).toBe(`é€${EMOJI}\r\n`);
    expect(text).not.toContain('\uFFFD');
    expect(data.length).toBeGreaterThan(1); // it really came in several batches
    session.dispose();
  });
});
