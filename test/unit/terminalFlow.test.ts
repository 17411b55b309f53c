// Flow control: output is paused at the high watermark of unacknowledged
// characters and resumed below the low one. With a real pty printing 50 MB to
// a slow reader, the characters in flight and the engine's memory stay under
// what the watermarks allow, and every character arrives.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FlowControl } from '../../electron/services/terminal/flowControl.js';
import { ACK_BATCH_CHARS, FLOW_HIGH_CHARS, FLOW_LOW_CHARS, TERMINAL_SCROLLBACK_LINES } from '../../shared/terminal.js';
import { DEFAULT_TUNING, TerminalSession, spawnLocal, type SessionTuning } from '../../electron/services/terminal/session.js';
import { localEnvironment } from '../../electron/services/terminal/enterArgs.js';

describe('the constants both sides of a terminal share', () => {
  it("fit several window acks between the engine's watermarks, and the engine uses them", () => {
    expect(ACK_BATCH_CHARS).toBeLessThanOrEqual((FLOW_HIGH_CHARS - FLOW_LOW_CHARS) / 4);
    expect(DEFAULT_TUNING.client).toEqual({ high: FLOW_HIGH_CHARS, low: FLOW_LOW_CHARS });
    expect(DEFAULT_TUNING.scrollback).toBe(TERMINAL_SCROLLBACK_LINES);
  });
});

describe('FlowControl', () => {
  it('pauses at the high watermark and resumes at the low one', () => {
    const changes: boolean[] = [];
    const flow = new FlowControl({ high: 100, low: 20 }, (paused) => changes.push(paused));
    flow.sent(60);
    expect(flow.paused).toBe(false);
    flow.sent(50);
    expect(flow.paused).toBe(true);
    flow.acked(80);
    expect(flow.paused).toBe(true); // 30 left: above the low watermark
    flow.acked(10);
    expect(flow.paused).toBe(false);
    expect(changes).toEqual([true, false]);
    expect(flow.maxUnacked).toBe(110);
  });

  it('never counts below zero, so two windows acking the same data buy no extra credit', () => {
    const flow = new FlowControl({ high: 100, low: 20 }, () => undefined);
    flow.sent(50);
    flow.acked(50);
    flow.acked(50);
    expect(flow.unacked).toBe(0);
    flow.sent(100);
    expect(flow.paused).toBe(true);
  });

  it('lets a reattaching window start from a clean slate', () => {
    const changes: boolean[] = [];
    const flow = new FlowControl({ high: 10, low: 2 }, (paused) => changes.push(paused));
    flow.sent(30);
    flow.reset();
    expect(flow.unacked).toBe(0);
    expect(changes).toEqual([true, false]);
  });

  it('refuses watermarks that cannot work', () => {
    expect(() => new FlowControl({ high: 10, low: 10 }, () => undefined)).toThrow(RangeError);
  });
});

describe('a 50 MB flood through a real pty to a slow window', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'toolshed-flood-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A 120×30 session printing `file` with cat, its output going to `onData`. */
  const catSession = (id: string, file: string, tuning: Partial<SessionTuning>, onData: (data: string) => void) =>
    new TerminalSession({
      id,
      spawn: spawnLocal({ file: 'cat', args: [file], env: localEnvironment(process.env), cwd: dir }),
      cols: 120,
      rows: 30,
      title: 'flood',
      mark: `unit-flood-${id}`,
      tuning,
      shellIsPtyProcess: true,
      onData,
      onChange: () => undefined,
      onExit: () => undefined,
    });

  it('keeps unacknowledged characters and memory bounded, and loses nothing', async () => {
    const line = 'flood ✓ 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n';
    const lines = Math.ceil((50 * 1024 * 1024) / Buffer.byteLength(line));
    const file = path.join(dir, 'flood.txt');
    writeFileSync(file, line.repeat(lines));
    // the pty turns "\n" into "\r\n"
    const expectedChars = lines * (line.length + 1);

    let received = 0;
    let maxUnacked = 0;
    let maxMirrorBacklog = 0;
    let pauses = 0;
    let wasPaused = false;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const started = Date.now();
    const session: TerminalSession = catSession('t1', file, { skipAhead: false }, (data) => {
      received += data.length;
      const stats = session.stats();
      maxUnacked = Math.max(maxUnacked, stats.unacked);
      maxMirrorBacklog = Math.max(maxMirrorBacklog, stats.mirrorBacklog);
      if (stats.paused && !wasPaused) pauses += 1;
      wasPaused = stats.paused;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      // a window that takes its time to parse: acks arrive 20 ms later, slower than the pty
      // fills the watermarks, so the pty must be paused
      setTimeout(() => session.ack(data.length), 20);
    });
    expect(await session.exited).toBe(0);
    const seconds = (Date.now() - started) / 1000;
    const rssGrowthMb = (rssPeak - rssBefore) / 1024 / 1024;
    // the high watermark, what was batched when it was crossed, and one pty read (node reads at most 64 KiB) under way when the pty paused
    const onePtyRead = 64 * 1024;
    const bound = DEFAULT_TUNING.client.high + DEFAULT_TUNING.batchMaxChars + onePtyRead;
    console.log(
      `50 MB flood: ${seconds.toFixed(1)} s, max unacked ${maxUnacked} chars (bound ${bound}), max mirror backlog ${maxMirrorBacklog}, ` +
        `${pauses} pauses, RSS ${(rssBefore / 1048576).toFixed(0)} MB -> peak ${(rssPeak / 1048576).toFixed(0)} MB (+${rssGrowthMb.toFixed(0)} MB)`,
    );
    await new Promise((resolve) => setTimeout(resolve, 20)); // the last acks
    expect(received).toBe(expectedChars);
    expect(session.stats().maxUnacked).toBe(maxUnacked);
    expect(maxUnacked).toBeLessThanOrEqual(bound);
    expect(maxMirrorBacklog).toBeLessThanOrEqual(DEFAULT_TUNING.mirror.high + DEFAULT_TUNING.batchMaxChars + onePtyRead);
    expect(pauses).toBeGreaterThan(0);
    // 50 MB held as JavaScript strings would take 100 MB; the engine holds at most the watermarks'
    // worth of output plus the mirror's scrollback, and the rest is garbage the collector may not have met yet
    // (before the screen copy skipped floods, runs grew by 2–19 MB or by a step of about 55 MB); the copy's
    // worker may also hold a flood piling up (two bytes a character) and the writes it joins around a skip
    const mirrorRoomMb = (DEFAULT_TUNING.mirror.high * 2 * 2) / 1024 / 1024;
    expect(rssGrowthMb).toBeLessThan(64 + mirrorRoomMb);
    expect(session.stats().unacked).toBe(0);
    session.dispose();
  }, 120_000);

  it('a flood of plain lines: the screen copy skips what scrolls out of its scrollback and ends with the same screen', async () => {
    const lines = 400_000;
    const file = path.join(dir, 'numbered.txt');
    const text = Array.from({ length: lines }, (_, i) => `numbered line ${i} ${'z'.repeat(i % 60)}\n`).join('');
    writeFileSync(file, text);
    // a window as fast as can be: nothing holds the pty back but the screen copy
    const session: TerminalSession = catSession('t2', file, {}, (data) => session.ack(data.length));
    expect(await session.exited).toBe(0);
    const { screen } = await session.screen();
    const shown = [...screen.matchAll(/numbered line (\d+)/g)].map((match) => Number(match[1]));
    // the last line is followed by an empty one (the cursor's): the screen's other rows and the scrollback hold the lines before it
    const expected = Array.from({ length: TERMINAL_SCROLLBACK_LINES + 29 }, (_, i) => lines - TERMINAL_SCROLLBACK_LINES - 29 + i);
    expect(shown).toEqual(expected);
    expect(session.stats().mirrorSkipped).toBeGreaterThan(0);
    // the pty turns each "\n" into "\r\n"
    console.log(`numbered flood: the screen copy skipped ${session.stats().mirrorSkipped} of ${text.length + lines} characters`);
    session.dispose();
  }, 120_000);
});
