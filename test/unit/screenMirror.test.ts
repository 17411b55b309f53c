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
