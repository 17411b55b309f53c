// Back-pressure for one consumer of a session's output (the windows, or the
// headless mirror): characters sent and not yet acknowledged are counted; at
// the high watermark the producer is asked to pause, and below the low one to
// resume. The count cannot go below zero, so acks from several windows for
// the same data never buy more credit than was sent.

export interface Watermarks {
  high: number;
  low: number;
}

export class FlowControl {
  private unackedChars = 0;
  private pausedNow = false;
  private peak = 0;

  constructor(
    private readonly watermarks: Watermarks,
    private readonly onChange: (paused: boolean) => void,
  ) {
    if (!(watermarks.low >= 0 && watermarks.low < watermarks.high)) throw new RangeError('watermarks need 0 <= low < high');
  }

  get unacked(): number {
    return this.unackedChars;
  }

  get paused(): boolean {
    return this.pausedNow;
  }

  /** The most characters that were ever unacknowledged at once. */
  get maxUnacked(): number {
    return this.peak;
  }

  sent(chars: number): void {
    this.unackedChars += chars;
    this.peak = Math.max(this.peak, this.unackedChars);
    if (!this.pausedNow && this.unackedChars >= this.watermarks.high) this.set(true);
  }

  acked(chars: number): void {
    this.unackedChars = Math.max(0, this.unackedChars - chars);
    if (this.pausedNow && this.unackedChars <= this.watermarks.low) this.set(false);
  }

  /** Forgets what is outstanding (a window replaced it with a freshly serialized screen). */
  reset(): void {
    this.acked(this.unackedChars);
  }

  private set(paused: boolean): void {
    this.pausedNow = paused;
    this.onChange(paused);
  }
}
