// What the terminal benchmarks do to a terminal, whatever carries its bytes (a
// raw pty, or an engine session): wait for the prompt, push a big output
// through it, time a keystroke's echo. Subclasses feed output in and send input.
import { DONE_MARKER, FLOOD_FOREVER_BYTES, FLOOD_LINE_TEXT, Tail, endsWithPrompt, stripEscapes, throughputCommand } from './terminalText.js';

export abstract class TerminalProbe {
  private readonly tail = new Tail(4096);
  private waiters: (() => void)[] = [];
  private ended = false;

  abstract write(data: string): void;
  abstract close(): Promise<void>;

  protected feed(data: string): void {
    this.tail.push(data);
    this.wake();
  }

  protected markEnded(): void {
    this.ended = true;
    this.wake();
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The end of the recent output, quoted for an error (built only when one is thrown: until() runs on every chunk). */
  private lastOutput(): string {
    return JSON.stringify(stripEscapes(this.tail.value).slice(-200));
  }

  /** Resolves with performance.now() once `test` holds for the recent output. */
  async until(test: (recent: string) => boolean, timeoutMs: number, what: string): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (test(this.tail.value)) return performance.now();
      if (this.ended) throw new Error(`the terminal ended before the ${what}: ${this.lastOutput()}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no ${what} within ${Math.round(timeoutMs / 1000)} s: ${this.lastOutput()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  untilPrompt(timeoutMs = 30_000): Promise<number> {
    return this.until(endsWithPrompt, timeoutMs, 'shell prompt');
  }

  /** Types the throughput command at the prompt; resolves with the ms until the end marker arrived. */
  async throughput(bytes: number, timeoutMs: number): Promise<number> {
    this.tail.clear();
    const started = performance.now();
    this.write(`${throughputCommand(bytes)}\r`);
    const done = await this.until((recent) => recent.includes(DONE_MARKER), timeoutMs, 'end marker');
    await this.untilPrompt();
    return done - started;
  }

  /** Starts an endless flood, and once it is flowing presses Ctrl+C; resolves with the ms until the prompt is back. */
  async interruptFlood(timeoutMs = 30_000): Promise<number> {
    this.tail.clear();
    this.write(`${throughputCommand(FLOOD_FOREVER_BYTES)}\r`);
    await this.until((recent) => recent.includes(FLOOD_LINE_TEXT), timeoutMs, 'flood');
    this.tail.clear();
    const started = performance.now();
    this.write('\x03');
    return (await this.untilPrompt(timeoutMs)) - started;
  }

  /** Types one character at the prompt; resolves with the ms until the shell echoed it. */
  async echo(char: string, timeoutMs = 10_000): Promise<number> {
    this.tail.clear();
    const started = performance.now();
    this.write(char);
    const seen = await this.until((recent) => stripEscapes(recent).includes(char), timeoutMs, `echo of "${char}"`);
    return seen - started;
  }

  /** Echo latency over `count` keystrokes (letters), then clears the line. */
  async echoSamples(count: number): Promise<number[]> {
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) samples.push(await this.echo(String.fromCharCode(97 + (i % 26))));
    this.write('\x15');
    return samples;
  }
}
