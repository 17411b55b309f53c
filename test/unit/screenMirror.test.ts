// The screen mirror's worker thread: the program it runs is only its own
// source (so a bundle's rewritten `require` cannot reach it), a worker that
// cannot start leaves tabs working without a screen copy and says why, and one
// that dies later is replaced, with the loss said in the next serialized screen.
import { describe, expect, it } from 'vitest';
import { MirrorWorker, mirrorWorkerMain } from '../../electron/services/terminal/mirrorWorker.js';
import { ScreenMirror, type ScreenMirrorOptions } from '../../electron/services/terminal/screenMirror.js';

function mirrorOn(worker: MirrorWorker, events: { parsed: number; titles: string[]; nested: (string | undefined)[] }): ScreenMirror {
  const options: ScreenMirrorOptions = {
    cols: 40,
    rows: 5,
    scrollback: 10,
    worker,
    onParsed: (chars) => (events.parsed += chars),
    onTitle: (title) => events.titles.push(title),
    onNestedContainer: (name) => events.nested.push(name),
  };
  return new ScreenMirror(options);
}

const newEvents = () => ({ parsed: 0, titles: [] as string[], nested: [] as (string | undefined)[] });

describe('the screen mirror worker', () => {
  it("runs its program with the worker's own require only (as an esbuild bundle rewrites a global require)", async () => {
    // what esbuild makes of the function in an ESM bundle: __require is the bundle's, not the worker's
    const bundled = `(${mirrorWorkerMain.toString()})(require)`.replace(/\bload\(/g, '__require(');
    expect(bundled).toContain('__require(');
    const events = newEvents();
    const mirror = mirrorOn(new MirrorWorker(bundled), events);
    mirror.write('x');
    // the real program passes require in: the rewritten name is never called
    const answer = await mirror.serialize();
    expect(answer).toContain('its worker cannot run');
    mirror.dispose();

    const working = mirrorOn(new MirrorWorker(), events);
    working.write('\x1b]0;the title\x07hello \x1b[1mworld\x1b[0m\x1b]777;container;push;inner;toolbox\x07');
    expect(await working.serialize()).toContain('hello \x1b[1mworld');
    expect(events.titles).toEqual(['the title']);
    expect(events.nested).toEqual(['inner']);
    expect(events.parsed).toBe(1 + '\x1b]0;the title\x07hello \x1b[1mworld\x1b[0m\x1b]777;container;push;inner;toolbox\x07'.length);
    working.dispose();
  });

  it('without a worker: output still counts as parsed (nothing waits for it) and the serialized screen says why it is missing', async () => {
    const events = newEvents();
    const mirror = mirrorOn(new MirrorWorker('throw new Error("no xterm here")'), events);
    mirror.write('some output');
    const screen = await mirror.serialize();
    expect(screen).toMatch(/keeps no copy of this tab's screen \(its worker cannot run: .*no xterm here/);
    mirror.write('more');
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.parsed).toBe('some output'.length + 'more'.length);
    expect(mirror.backlog).toBe(0);
    mirror.dispose();
  });

  it('replaces a worker that dies after it worked, and says what was lost', async () => {
    // a program that works, and exits on a write of "die"
    const program = `(${mirrorWorkerMain.toString()})(require); require('node:worker_threads').parentPort.on('message', (m) => { if (m.data === 'die') process.exit(3); });`;
    const events = newEvents();
    const mirror = mirrorOn(new MirrorWorker(program), events);
    mirror.write('before');
    expect(await mirror.serialize()).toContain('before');
    mirror.write('die');
    const lost = await mirror.serialize();
    expect(lost).toMatch(/lost this tab's earlier output: its screen copy stopped \(it exited with code 3\)/);
    expect(mirror.backlog).toBe(0);
    mirror.write('after');
    const next = await mirror.serialize();
    expect(next).toContain('after');
    expect(next).not.toContain('lost');
    mirror.dispose();
  });
});

describe('a flood of plain lines in the screen mirror', () => {
  const size = { cols: 40, rows: 5, scrollback: 10 };
  // shorter than the 39 columns of the lines a screen holds before them, unless `longest` says otherwise (then they wrap)
  const lines = (count: number, from = 0, end = '\r\n', longest = 20) =>
    Array.from({ length: count }, (_, i) => `line ${from + i} ${'x'.repeat(i % longest)}${end}`).join('');

  /** What xterm makes of `output` parsed whole, serialized as the mirror serializes. */
  async function parsedWhole(output: string[]): Promise<string> {
    const { Terminal } = await import('@xterm/headless');
    const { SerializeAddon } = await import('@xterm/addon-serialize');
    const { Unicode11Addon } = await import('@xterm/addon-unicode11');
    const terminal = new Terminal({ ...size, allowProposedApi: true });
    const serializer = new SerializeAddon();
    terminal.loadAddon(serializer);
    terminal.loadAddon(new Unicode11Addon());
    terminal.unicode.activeVersion = '11';
    for (const data of output) await new Promise<void>((resolve) => terminal.write(data, resolve));
    const text = serializer.serialize({ scrollback: size.scrollback });
    terminal.dispose();
    return text;
  }

  /** Writes `output` to a mirror at once (as a flood piles up in front of its worker); its screen and what it skipped. */
  async function throughMirror(output: string[]): Promise<{ screen: string; skipped: number; parsed: number; written: number }> {
    const events = newEvents();
    const mirror = mirrorOn(new MirrorWorker(), events);
    // in the engine's batches (at most 32 Ki characters), as a flood arrives
    for (const data of output) for (const batch of data.match(/[^]{1,32768}/g) ?? []) mirror.write(batch);
    const screen = await mirror.serialize();
    const result = { screen, skipped: mirror.skipped, parsed: events.parsed, written: output.join('').length };
    mirror.dispose();
    return result;
  }

  const cases: [string, string[], 'skips' | 'parses whole'][] = [
    ['on a cleared screen', ['\x1b[H\x1b[2J', lines(10_000)], 'skips'],
    // rows the flood starts on still hold a longer line of the screen before: they must scroll out all the same
    ['over a screen whose cursor went back to the top', [`${'y'.repeat(39)}\r\n`.repeat(4), '\x1b[H', lines(10_000, 100)], 'skips'],
    ['with colours set before it (the new lines take the background)', ['\x1b[41;37m', lines(10_000)], 'skips'],
    ['of lines longer than the screen is wide', [lines(10_000, 0, '\r\n', 90)], 'skips'],
    ['split anywhere across writes, a line and an escape sequence cut in two', ['\x1b[3', '2mred\r\n', ...lines(10_000).match(/[^]{1,777}/g)!], 'skips'],
    ['in the alternate screen', ['\x1b[?1049h', lines(10_000)], 'parses whole'],
    ['inside a scroll region', ['\x1b[2;4r', lines(10_000)], 'parses whole'],
    ['with bare line feeds (a program that turned off CR LF)', [lines(10_000, 0, '\n')], 'parses whole'],
  ];
  for (const [name, output, expected] of cases) {
    it(`${expected === 'skips' ? 'skips the lines that would scroll out' : 'parses everything'} ${name}: the same screen as parsing it all`, async () => {
      const mirrored = await throughMirror(output);
      expect(mirrored.screen).toBe(await parsedWhole(output));
      // every character is accounted for, parsed or skipped: flow control waits for none
      expect(mirrored.parsed).toBe(mirrored.written);
      if (expected === 'skips') expect(mirrored.skipped).toBeGreaterThan(mirrored.written / 2);
      else expect(mirrored.skipped).toBe(0);
    });
  }
});
