// One tab's link to its session in the engine, whatever shows it: output
// routed to the view once it has attached (and what arrived while it attached,
// from where its replayed screen ends), input sent in order and in pieces,
// parsed output acknowledged in batches so the engine can pace a flood, and
// the pty kept the view's size. DOM-free: the unit tests run this very class
// against a real session.
import type { Api, TerminalInfo } from '../../shared/contract.js';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/disposable.js';
import { ACK_BATCH_CHARS, ACK_DELAY_MS } from '../../shared/terminal.js';
import { safeCutIndex } from '../../shared/text.js';
import { outputFrom, type OutputPiece } from '../model/attachOutput.js';

/** The calls a tab makes. */
export type TabCalls = Pick<Api, 'attachTerminal' | 'writeTerminal' | 'ackTerminal' | 'resizeTerminal'>;

/** What shows a tab: a terminal that replays a screen and writes output, saying when it has parsed it. */
export interface TabScreen {
  replay(screen: string, cols: number, rows: number): void;
  write(data: string, parsed: () => void): void;
}

/** A paste is written in pieces this big (the contract allows 64 KiB per call). */
const WRITE_CHUNK_CHARS = 16 * 1024;

export class TabConnection implements Disposable {
  private readonly store = new DisposableStore();
  /** The view's terminal, once attached. */
  private screen: TabScreen | undefined;
  /** Output that arrives while the view attaches: kept until it knows where its replayed screen ends. */
  private arriving: OutputPiece[] | undefined;
  private unacked = 0;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingInput = '';
  private writing = false;
  /** Counts attaches: one that a later one overtook leaves the view alone. */
  private attaches = 0;

  /** `onInputFailed`: typing failed (the session may have ended meanwhile: the caller knows whether that is news). */
  constructor(
    readonly id: string,
    private readonly calls: TabCalls,
    private readonly onInputFailed: (error: unknown) => void = () => undefined,
  ) {
    this.store.add(toDisposable(() => clearTimeout(this.ackTimer)));
  }

  /** The engine's terminalData for this tab. */
  receive(data: string, offset: number): void {
    if (this.screen) this.screen.write(data, () => this.acknowledge(data.length));
    else this.arriving?.push({ data, offset });
  }

  /**
   * Shows the session in `screen`: its screen and scrollback as they are now, replayed at the
   * session's size, then what arrived meanwhile and live output. Resolves with the session's info.
   */
  async attach(screen: TabScreen): Promise<TerminalInfo> {
    const attach = (this.attaches += 1);
    this.screen = undefined;
    this.arriving = [];
    const attached = await this.calls.attachTerminal({ id: this.id });
    if (this.store.isDisposed || attach !== this.attaches) return attached.info;
    screen.replay(attached.screen, attached.info.cols, attached.info.rows);
    const missed = outputFrom(this.arriving, attached.offset);
    this.arriving = undefined;
    this.screen = screen;
    if (missed) screen.write(missed, () => this.acknowledge(missed.length));
    return attached.info;
  }

  /** The view is gone: output is no longer shown (it stays in the engine's copy of the screen). */
  detach(): void {
    this.attaches += 1;
    this.screen = undefined;
    this.arriving = undefined;
  }

  /** Keystrokes and pastes go out in order; what arrives while a write is under way joins the next one. */
  sendInput(data: string): void {
    this.pendingInput += data;
    if (!this.writing) void this.pumpInput();
  }

  resize(cols: number, rows: number): void {
    void this.calls.resizeTerminal({ id: this.id, cols, rows }).catch(() => undefined);
  }

  dispose(): void {
    this.detach();
    this.store.dispose();
  }

  /** These characters are parsed: acknowledged once a batch is full, or shortly after output stops. */
  private acknowledge(chars: number): void {
    if (this.store.isDisposed) return;
    this.unacked += chars;
    if (this.unacked >= ACK_BATCH_CHARS) this.flushAcks();
    else this.ackTimer ??= setTimeout(() => this.flushAcks(), ACK_DELAY_MS);
  }

  private flushAcks(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    const chars = this.unacked;
    this.unacked = 0;
    if (chars > 0) void this.calls.ackTerminal({ id: this.id, chars }).catch(() => undefined);
  }

  private async pumpInput(): Promise<void> {
    this.writing = true;
    try {
      while (this.pendingInput && !this.store.isDisposed) {
        // a piece that does not end inside a surrogate pair
        const piece = this.pendingInput.slice(0, safeCutIndex(this.pendingInput, WRITE_CHUNK_CHARS));
        this.pendingInput = this.pendingInput.slice(piece.length);
        await this.calls.writeTerminal({ id: this.id, data: piece });
      }
    } catch (error) {
      this.onInputFailed(error);
    } finally {
      this.writing = false;
      this.pendingInput = '';
    }
  }
}
