// Terminal output arrives from the pty in many small reads. Sending each one
// as its own event costs more than the data, so reads that follow each other
// closely are gathered for a few milliseconds (or until a size limit) and sent
// as one batch. A read after a quiet spell, or the first read after input was
// written (the echo of a key, however fast the keys come), goes out at once, so
// typing pays no batching delay. Batches are cut only between whole
// characters: a surrogate pair is never split across two.
import { splitSafely } from '../../../shared/text.js';

export interface OutputBatcherOptions {
  /** How long reads are gathered once output is flowing. */
  intervalMs: number;
  /** A batch is sent at once when it reaches this many UTF-16 code units, and none is larger. */
  maxChars: number;
  onBatch: (data: string) => void;
}

export class OutputBatcher {
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastSent = Number.NEGATIVE_INFINITY;
  private answeringInput = false;

  constructor(
    private readonly options: OutputBatcherOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(data: string): void {
    if (!data) return;
    this.parts.push(data);
    this.size += data.length;
    const quiet = this.timer === undefined && this.now() - this.lastSent >= this.options.intervalMs;
    if (quiet || this.answeringInput || this.size >= this.options.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.intervalMs);
  }

  /** Input was written to the pty: the next read (its echo) is sent at once, with whatever is pending. */
  inputWritten(): void {
    this.answeringInput = true;
  }

  /** Sends what is pending now (also used before the session reports its exit). */
  flush(): void {
    this.answeringInput = false;
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
