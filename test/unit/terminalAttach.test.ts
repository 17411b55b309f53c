// A window that attaches while output flows: the engine serializes its copy
// of the screen, and output sent meanwhile reaches the window before the
// screen does (a new tab's first prompt went missing this way in CI). Windows
// attached at many points of a real pty's flood, each through the renderer's
// own TabConnection, must end with exactly the cells of a window that saw
// every byte.
import { describe, expect, it } from 'vitest';
import { localEnvironment } from '../../electron/services/terminal/enterArgs.js';
import { TerminalSession, spawnLocal } from '../../electron/services/terminal/session.js';
import { outputFrom } from '../../renderer/model/attachOutput.js';
import { TabConnection, type TabCalls } from '../../renderer/terminal/tabConnection.js';
import { cells, windowTerminal, type WindowTerminal } from '../support/terminalCells.js';

/** Scrollback for all of the output: a piece lost anywhere shows at the end. */
const SIZE = { cols: 80, rows: 24, scrollback: 2000 };

/** Resolves once the terminal has parsed everything written to it so far. */
const parsed = (terminal: WindowTerminal) => new Promise<void>((resolve) => terminal.write('', resolve));

/** A window's terminal as a tab's view: replays a screen, writes output. */
const viewOf = (terminal: WindowTerminal) => ({
  replay(screen: string, cols: number, rows: number) {
    terminal.reset();
    terminal.resize(cols, rows);
    terminal.write(screen);
  },
  write: (data: string, parsed: () => void) => terminal.write(data, parsed),
});

describe('outputFrom', () => {
  it('keeps what starts at the offset or later, and the end of a piece the offset falls in', () => {
    const pieces = [
      { data: 'abc', offset: 0 },
      { data: 'def', offset: 3 },
      { data: 'ghi', offset: 6 },
    ];
    expect(outputFrom(pieces, 0)).toBe('abcdefghi');
    expect(outputFrom(pieces, 3)).toBe('defghi');
    expect(outputFrom(pieces, 4)).toBe('efghi');
    expect(outputFrom(pieces, 9)).toBe('');
    expect(outputFrom([], 5)).toBe('');
  });
});

describe('a window attaching while output flows', () => {
  it('ends with the cells of a window that saw every byte, wherever it attached', async () => {
    const reference = windowTerminal(SIZE);
    const late: { terminal: WindowTerminal; connection: TabConnection }[] = [];
    let raced = 0;
    // the engine's side of the calls a window makes: attaching serializes the real session's screen
    const calls: TabCalls = {
      attachTerminal: async () => {
        const { screen, offset } = await session.screen();
        return { info: session.info(), screen, offset };
      },
      // the reference window paces the session; the late ones only watch
      ackTerminal: async () => ({ paused: false }),
      writeTerminal: async ({ data }) => ({ written: session.write(data) }),
      resizeTerminal: async ({ cols, rows }) => ({ cols, rows }),
    };
    const session: TerminalSession = new TerminalSession({
      id: 't1',
      // bursts of coloured numbered lines for about two seconds: time for many attaches
      spawn: spawnLocal({
        file: 'sh',
        args: [
          '-c',
          'i=0; while [ $i -lt 1500 ]; do i=$((i+1)); printf "\\033[3%dmline %d\\033[0m\\n" $((i%8)) $i; [ $((i%10)) = 0 ] && sleep 0.01; done; printf "the end"',
        ],
        env: localEnvironment(process.env),
        cwd: '/',
      }),
      ...SIZE,
      tuning: { scrollback: SIZE.scrollback },
      title: 'flood',
      mark: 'unit-attach',
      shellIsPtyProcess: true,
      onData: (data, offset) => {
        reference.write(data);
        session.ack(data.length);
        for (const window of late) window.connection.receive(data, offset);
      },
      onChange: () => undefined,
      onExit: () => undefined,
    });

    let running = true;
    void session.exited.then(() => (running = false));
    while (running) {
      const window = { terminal: windowTerminal(SIZE), connection: new TabConnection('t1', calls) };
      late.push(window);
      // the case this is about: output that arrives while the window waits for its screen
      let attached = false;
      let arrivedWhileAttaching = false;
      const receive = window.connection.receive.bind(window.connection);
      window.connection.receive = (data, offset) => {
        arrivedWhileAttaching ||= !attached;
        receive(data, offset);
      };
      await window.connection.attach(viewOf(window.terminal));
      attached = true;
      if (arrivedWhileAttaching) raced += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await session.exited).toBe(0);

    // the case this is about happened: output arrived while a window waited for its screen
    expect(raced).toBeGreaterThan(0);
    await parsed(reference);
    const expected = cells(reference);
    const screen = reference.buffer.active;
    expect(screen.getLine(screen.baseY + screen.cursorY)?.translateToString(true)).toBe('the end');
    expect(screen.getLine(0)?.translateToString(true)).toBe('line 1');
    for (const [i, window] of late.entries()) {
      await parsed(window.terminal);
      const got = cells(window.terminal);
      const firstDifference = expected.findIndex((row, y) => row !== got[y]);
      expect(firstDifference, `window ${i + 1} of ${late.length}, first row that differs:\n${expected[firstDifference]}\n${got[firstDifference]}`).toBe(-1);
      window.connection.dispose();
      window.terminal.dispose();
    }
    session.dispose();
    reference.dispose();
  }, 60_000);
});
