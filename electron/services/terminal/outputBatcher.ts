// Terminal output arrives from the pty in many small reads. Sending each one
// as its own event costs more than the data, so reads that follow each other
// closely are gathered for a few milliseconds (or until a size limit) and sent
// as one batch. A read after a quiet spell (the echo of a key) goes out at
// once, so typing pays no batching delay. Batches are cut only between whole
// characters: a surrogate pair is never split across two.

export interface OutputBatcherOptions {
  /** How long reads are gathered once output is flowing. */
  intervalMs: number;
  /** A batch is sent at once when it reaches this many UTF-16 code units, and none is larger. */
  maxChars: number;
  onBatch: (data: string) => void;
}

/** The largest index ≤ `index` at which `text` can be cut without splitting a surrogate pair. */
export function safeCutIndex(text: string, index: number): number {
  if (index <= 0 || index >= text.length) return Math.max(0, Math.min(index, text.length));
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  const splitsPair = before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
  return splitsPair ? index - 1 : index;
}

/** `text` cut into pieces of at most `maxChars` code units, never inside a surrogate pair. */
export function splitSafely(text: string, maxChars: number): string[] {
  if (maxChars < 2) throw new RangeError('maxChars must be at least 2');
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    const end = safeCutIndex(text, start + maxChars);
    pieces.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

export class OutputBatcher {
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: OutputBatcherOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(data: string): void {
    if (!data) return;
    this.parts.push(data);
    this.size += data.length;
    const quiet = this.timer === undefined && this.now() - this.lastSent >= this.options.intervalMs;
    if (quiet || this.size >= this.options.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.intervalMs);
  }

  /** Sends what is pending now (also used before the session reports its exit). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.size === 0) return;
    this.lastSent = this.now();
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    for (const piece of splitSafely(text, this.options.maxChars)) this.options.onBatch(piece);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.parts = [];
    this.size = 0;
  }
}
