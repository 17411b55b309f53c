// Reading a terminal's output as a person would: without escape sequences, to
// see a shell prompt or an end marker. The marker is printed by arithmetic
// ($((40+2))), so the echo of the typed command never contains it.

// escape sequences are made of control characters: matching them is the point here
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]|\x1b[ -/][@-~]/g;

export function stripEscapes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(ESCAPES, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\n' ? c : ''));
}

/** The last line ends like a shell prompt ("$ ", "# ", "% ", "> "). */
export function endsWithPrompt(text: string): boolean {
  const lastLine = stripEscapes(text).split('\n').at(-1) ?? '';
  return /[$#%>] ?$/.test(lastLine);
}

export const DONE_MARKER = 'TSH-BENCH-DONE-42';

/** The shell command that writes `bytes` bytes of text lines and then the end marker. */
/** Text of every line the throughput command prints. */
export const FLOOD_LINE_TEXT = 'the quick brown fox jumps over the lazy dog';
/** A flood that would last minutes: one to interrupt. */
export const FLOOD_FOREVER_BYTES = 100 * 1024 ** 3;

export function throughputCommand(bytes: number): string {
  return `yes 'Toolshed bench: ${FLOOD_LINE_TEXT} 0123456789' | head -c ${bytes}; echo; echo TSH-BENCH-DONE-$((40+2))`;
}

/** Keeps the last `size` characters of a stream, for markers split across chunks. */
export class Tail {
  private text = '';
  constructor(private readonly size = 512) {}

  push(data: string): string {
    this.text = (this.text + data).slice(-this.size);
    return this.text;
  }

  get value(): string {
    return this.text;
  }

  clear(): void {
    this.text = '';
  }
}
