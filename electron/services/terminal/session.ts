// One terminal session: a process on a pty (node-pty), its output batched and
// paced by the windows' acknowledgements, and a headless mirror of its screen
// for windows that attach later. It belongs to the engine, not to a window:
// closing or reloading a window leaves it running.
import { closeSync, constants, openSync, readlinkSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import * as pty from 'node-pty';
import type { TerminalInfo } from '../../../shared/contract.js';
import { DisposableStore, toDisposable } from '../../../shared/disposable.js';
import { FLOW_HIGH_CHARS, FLOW_LOW_CHARS, SCREEN_RESET, TERMINAL_SCROLLBACK_LINES } from '../../../shared/terminal.js';
import { SESSION_MARK_VAR, TERMINAL_ENV, type Command } from './enterArgs.js';
import { FlowControl, type Watermarks } from './flowControl.js';
import { OutputBatcher } from './outputBatcher.js';
import { ScreenMirror } from './screenMirror.js';
import { endProcesses, findMarkedProcesses, findMarkedShell, foregroundProgram, hangUp, isAlive, isMarked, signal } from './processes.js';

export interface SessionTuning {
  /** Output is gathered this long before it is sent. */
  batchMs: number;
  /** …or until a batch has this many characters. */
  batchMaxChars: number;
  /** Unacknowledged characters sent to windows: pause the pty at high, resume at low. */
  client: Watermarks;
  /** Characters the headless mirror has not parsed yet, likewise; `high` is shared by the open sessions. */
  mirror: Watermarks;
  /** Lines of scrollback the mirror keeps: what a reattaching window gets back. */
  scrollback: number;
  /**
   * When the windows fall a high watermark behind, stop sending them output
   * (the pty runs on, the mirror parses it) and, once they caught up, send the
   * mirror's screen instead of the backlog. Off: the pty waits for the windows.
   */
  skipAhead: boolean;
  /** …at most this often: the screens a window is sent during a flood are its frames, and drawing each costs it. */
  resyncIntervalMs: number;
  /** How long a hung-up shell gets before it is killed. */
  closeGraceMs: number;
}

export const DEFAULT_TUNING: SessionTuning = {
  batchMs: 5,
  batchMaxChars: 32 * 1024,
  // A browser tab parses and draws a flood more slowly than the pty makes it (shared/terminal.ts
  // says how the watermarks and the window's acks fit). Unacknowledged output stays bounded:
  // without skipping, at most the high watermark, a batch and one pty read (node reads at most
  // 64 KiB at a time: about 360k characters) per session; with it, the
  // high watermark and a batch, or the low one, a screen and what came while it was serialized.
  client: { high: FLOW_HIGH_CHARS, low: FLOW_LOW_CHARS },
  // the screen copy's backlog: room for a flood of plain lines to pile up, so that its worker can skip the
  // lines that would scroll out of the scrollback (mirrorWorker.ts) rather than pace the pty by its parse.
  // The high watermark is shared by the sessions open at the time (mirrorHighWatermark)
  mirror: { high: 1_000_000, low: 100_000 },
  scrollback: TERMINAL_SCROLLBACK_LINES,
  skipAhead: true,
  resyncIntervalMs: 50,
  closeGraceMs: 2000,
};

/** The sessions of this process: their screen copies share the room a flood may pile up in. */
const openSessions = new Set<TerminalSession>();

/**
 * A session's part of the screen copies' room: all of it for the only tab (one flood skipped in
 * large pieces), an equal part each for many (ten flooding tabs hold no more than one would),
 * never under two and a half times the low watermark.
 */
function mirrorHighWatermark(mirror: Watermarks): number {
  return Math.max(Math.round(mirror.low * 2.5), Math.floor(mirror.high / Math.max(1, openSessions.size)));
}

export interface PtySize {
  /** The terminal type (TERM of the pty). */
  name: string;
  cols: number;
  rows: number;
}

/** A spawn for SessionOptions that runs a program on this machine. */
export function spawnLocal(command: Command): (size: PtySize) => pty.IPty {
  return (size) => pty.spawn(command.file, command.args, { ...size, cwd: command.cwd, env: command.env });
}

export interface SessionOptions {
  id: string;
  cols: number;
  rows: number;
  title: string;
  container?: { id: string; name: string };
  /** The value of the session mark (TOOLSHED_TERMINAL) that the command's processes carry. */
  mark: string;
  /** True when the pty's own process is the shell (host shell); else the shell is found by its mark. */
  shellIsPtyProcess: boolean;
  /** The tab runs the toolbox's upgrade. */
  upgrade?: boolean;
  /** A line shown (dimmed) before the command's output: why this tab opened by itself. */
  notice?: string;
  tuning?: Partial<SessionTuning>;
  /** Starts the command on a pty of this size (spawnLocal, or podman through the engine's client). */
  spawn: (size: PtySize) => pty.IPty;
  /** Output for the windows; `offset`: the characters of output sent to them before it (where it starts). */
  onData: (data: string, offset: number) => void;
  onChange: (info: TerminalInfo) => void;
  onExit: (exitCode: number) => void;
}

export interface SessionStats {
  unacked: number;
  maxUnacked: number;
  mirrorBacklog: number;
  /** Characters of floods the screen copy skipped: lines that would have scrolled out of its scrollback. */
  mirrorSkipped: number;
  paused: boolean;
  charsSent: number;
  /** Times the windows were sent the mirror's screen instead of output they had fallen behind on. */
  skips: number;
}

export class TerminalSession {
  readonly id: string;
  /** Resolves with the exit code once the process has ended and its output was sent. */
  readonly exited: Promise<number>;
  private readonly tuning: SessionTuning;
  private readonly process: pty.IPty;
  private readonly batcher: OutputBatcher;
  private readonly mirror: ScreenMirror;
  private readonly clientFlow: FlowControl;
  private readonly mirrorFlow: FlowControl;
  private state: TerminalInfo;
  private ptyPaused = false;
  /** The process is gone: what is left in the pty must be read before node-pty closes it. */
  private draining = false;
  private exitWatch: NodeJS.Timeout | undefined;
  private shellPid: number | undefined;
  private charsSent = 0;
  /** The windows fell behind: output goes to the mirror only, until they get its screen (resync). */
  private skipping = false;
  private resyncing: Promise<void> | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private lastResyncAt = Number.NEGATIVE_INFINITY;
  /** Output that came while the mirror's screen was being serialized: sent after it. */
  private held: string[] = [];
  private skips = 0;
  private heldSlave: number | undefined;
  /** What the session holds, let go of newest first on dispose. */
  private readonly store = new DisposableStore();
  /** Ends the container-side processes left when the session's process is gone (none for a host shell). */
  private leftovers: Promise<void> = Promise.resolve();

  constructor(private readonly options: SessionOptions) {
    this.id = options.id;
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.state = {
      id: options.id,
      title: options.title,
      cols: options.cols,
      rows: options.rows,
      ...(options.container !== undefined ? { container: options.container.name, containerId: options.container.id } : {}),
      ...(options.upgrade ? { upgrade: true } : {}),
    };
    this.clientFlow = new FlowControl(this.tuning.client, (behind) => {
      if (!this.tuning.skipAhead) this.updatePause();
      else if (behind) this.skipping = true;
      else if (this.skipping) this.scheduleResync();
    });
    const { mirror } = this.tuning;
    this.mirrorFlow = new FlowControl(
      {
        low: mirror.low,
        get high() {
          return mirrorHighWatermark(mirror);
        },
      },
      () => this.updatePause(),
    );
    openSessions.add(this);
    this.store.add(toDisposable(() => openSessions.delete(this)));
    this.mirror = new ScreenMirror({
      cols: options.cols,
      rows: options.rows,
      scrollback: this.tuning.scrollback,
      onTitle: (title) => this.update({ title: title.trim() || options.title }),
      onNestedContainer: (name) => this.update({ nestedContainer: name }),
      onParsed: (chars) => this.mirrorFlow.acked(chars),
    });
    this.batcher = new OutputBatcher({
      intervalMs: this.tuning.batchMs,
      maxChars: this.tuning.batchMaxChars,
      onBatch: (data) => this.send(data),
    });

    if (options.notice) this.batcher.push(`\x1b[2m${options.notice}\x1b[0m\r\n`);
    this.process = options.spawn({ name: TERMINAL_ENV.TERM, cols: options.cols, rows: options.rows });
    // let go of last: no time to wait then (the engine is going away), so hang up what we know of
    this.store.add(
      toDisposable(() => {
        if (!this.running) return;
        const shell = this.options.shellIsPtyProcess ? undefined : this.findShell();
        if (shell !== undefined) hangUp(shell);
        this.process.kill('SIGHUP');
      }),
    );
    this.store.add(this.mirror);
    this.store.add(this.batcher);
    this.heldSlave = holdSlave(this.process);
    this.store.add(toDisposable(() => this.releaseSlave()));
    this.store.add(
      toDisposable(() => {
        clearInterval(this.exitWatch);
        clearTimeout(this.resyncTimer);
      }),
    );
    this.store.add(this.process.onData((data) => this.batcher.push(data)));
    this.exited = new Promise((resolve) => {
      this.process.onExit(async ({ exitCode, signal: signalNumber }) => {
        clearInterval(this.exitWatch);
        this.releaseSlave();
        this.batcher.flush();
        // the windows see the last screen before they hear that the process ended
        if (this.skipping) await this.resync();
        const code = signalNumber ? 128 + signalNumber : exitCode;
        // a container-side shell lives under conmon: it and its jobs outlive the exec unless ended here
        if (!options.shellIsPtyProcess) this.leftovers = endProcesses(findMarkedProcesses(SESSION_MARK_VAR, options.mark), this.tuning.closeGraceMs);
        this.update({ exitCode: code });
        options.onExit(code);
        resolve(code);
      });
    });
  }

  info(): TerminalInfo {
    return { ...this.state };
  }

  get running(): boolean {
    return this.state.exitCode === undefined;
  }

  stats(): SessionStats {
    return {
      unacked: this.clientFlow.unacked,
      maxUnacked: this.clientFlow.maxUnacked,
      mirrorBacklog: this.mirror.backlog,
      mirrorSkipped: this.mirror.skipped,
      paused: this.ptyPaused,
      charsSent: this.charsSent,
      skips: this.skips,
    };
  }

  write(data: string): number {
    if (!this.running || this.store.isDisposed) return 0;
    this.batcher.inputWritten();
    this.process.write(data);
    return data.length;
  }

  resize(cols: number, rows: number): void {
    if (this.store.isDisposed) return;
    if (this.running) this.process.resize(cols, rows);
    this.mirror.resize(cols, rows);
    this.state = { ...this.state, cols, rows };
  }

  /** A window parsed this many characters; returns whether output is still paused. */
  ack(chars: number): boolean {
    this.clientFlow.acked(chars);
    return this.ptyPaused;
  }

  /**
   * The screen and scrollback as they are after everything already sent, for
   * a window that (re)attaches, and the offset of the output that follows
   * them: output before it is in the screen. Output sent while the screen is
   * serialized comes after it, and may reach the window before the screen
   * does: the window keeps it and uses what starts at `offset` or later.
   */
  async screen(): Promise<{ screen: string; offset: number }> {
    this.batcher.flush();
    const offset = this.charsSent;
    const serialized = this.mirror.serialize();
    // the window that attaches starts from here; what older windows still owe no longer holds output back
    // (windows that were skipped get the screen too: the reset resyncs them)
    this.clientFlow.reset();
    return { screen: await serialized, offset };
  }

  /** A program other than the shell in the foreground, or null. */
  busyWith(): string | null {
    if (!this.running) return null;
    const shell = this.findShell();
    return shell === undefined ? null : foregroundProgram(shell);
  }

  /** The container was renamed: the tab says its new name (and takes it as title while the shell has set none). */
  renameContainer(name: string): void {
    const old = this.state.container;
    if (old === undefined || old === name) return;
    this.update({ container: name, ...(this.state.title === old ? { title: name } : {}) });
  }

  /** The toolbox was made again under another id: the tab (its Reopen, its new tabs) goes there now. */
  moveToContainer(container: { id: string; name: string }): void {
    this.update({ container: container.name, containerId: container.id });
  }

  /** The folder the shell is in (as the toolbox sees it), or undefined when there is no shell to ask. */
  shellFolder(): string | undefined {
    const shell = this.findShell();
    if (shell === undefined) return undefined;
    try {
      const folder = readlinkSync(`/proc/${shell}/cwd`);
      return folder.startsWith('/') && !folder.includes('\n') ? folder : undefined;
    } catch {
      return undefined;
    }
  }

  /** Sets why the session ended (container stopped or removed), once it has. */
  setEndReason(reason: string): void {
    this.update({ endReason: reason });
  }

  /**
   * Ends the process like closing a terminal window: hang up the shell and its
   * foreground job (they run under conmon, not under `podman exec`), then the
   * pty's process; whatever outlives the grace period is killed. It is over
   * once both have ended (the pty's process ends first: a stop that follows
   * must not cut short the shell's own exit, which writes its history). The
   * session stays readable (its screen, its exit code) until it is disposed.
   */
  async terminate(): Promise<void> {
    if (!this.running) return;
    const shell = this.findShell();
    if (shell !== undefined) hangUp(shell);
    this.process.kill('SIGHUP');
    const deadline = Date.now() + this.tuning.closeGraceMs;
    const shellEnded = async () => {
      while (shell !== undefined && this.stillOurs(shell) && Date.now() < deadline) await delay(20, undefined, { ref: false });
    };
    const timer = delay(this.tuning.closeGraceMs, 'timeout' as const, { ref: false });
    const outcome = await Promise.race([Promise.all([this.exited, shellEnded()]), timer]);
    if (outcome === 'timeout' || (shell !== undefined && this.stillOurs(shell))) {
      if (shell !== undefined && this.stillOurs(shell)) signal(shell, 'SIGKILL');
      if (this.running) this.process.kill('SIGKILL');
      await Promise.race([this.exited, delay(1000, undefined, { ref: false })]);
    }
  }

  async close(): Promise<void> {
    await this.terminate();
    await this.leftovers;
    this.dispose();
  }

  dispose(): void {
    this.store.dispose();
  }

  private send(data: string): void {
    if (this.store.isDisposed) return;
    this.mirror.write(data);
    this.mirrorFlow.sent(data.length);
    if (this.resyncing) this.held.push(data);
    else if (!this.skipping) this.toWindows(data);
  }

  private toWindows(data: string): void {
    const offset = this.charsSent;
    this.charsSent += data.length;
    this.clientFlow.sent(data.length);
    this.options.onData(data, offset);
  }

  private scheduleResync(): void {
    if (this.resyncTimer !== undefined) return;
    const wait = this.lastResyncAt + this.tuning.resyncIntervalMs - performance.now();
    if (wait <= 0) {
      void this.resync();
      return;
    }
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      if (this.skipping) void this.resync();
    }, wait);
  }

  /**
   * The windows caught up after output was skipped: they get the mirror's
   * screen (after a reset) in place of what they missed, then what came while
   * it was serialized, unless that puts them behind again.
   */
  private resync(): Promise<void> {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = undefined;
    this.resyncing ??= (async () => {
      this.lastResyncAt = performance.now();
      const screen = await this.mirror.serialize();
      this.resyncing = undefined;
      const held = this.held.splice(0);
      if (this.store.isDisposed) return;
      this.skips += 1;
      this.skipping = false;
      this.toWindows(SCREEN_RESET + screen);
      for (const data of held) {
        if (this.skipping) break; // behind again: the mirror has it, the next resync sends it
        this.toWindows(data);
      }
    })();
    return this.resyncing;
  }

  private updatePause(): void {
    // node-pty drops unread output 200 ms after its process exits: once it has, read on regardless
    const pause = ((!this.tuning.skipAhead && this.clientFlow.paused) || this.mirrorFlow.paused) && !this.draining;
    if (pause === this.ptyPaused || !this.running) return;
    this.ptyPaused = pause;
    if (pause) {
      this.process.pause();
      this.exitWatch = setInterval(() => {
        if (isAlive(this.process.pid)) return;
        this.draining = true;
        this.updatePause();
      }, 50);
    } else {
      clearInterval(this.exitWatch);
      this.process.resume();
    }
  }

  private releaseSlave(): void {
    if (this.heldSlave === undefined) return;
    try {
      closeSync(this.heldSlave);
    } catch {
      // already closed
    }
    this.heldSlave = undefined;
  }

  private update(changes: { [K in keyof TerminalInfo]?: TerminalInfo[K] | undefined }): void {
    const next = { ...this.state };
    for (const [key, value] of Object.entries(changes) as [keyof TerminalInfo, unknown][]) {
      if (value === undefined) delete next[key];
      else (next as Record<string, unknown>)[key] = value;
    }
    if (JSON.stringify(next) === JSON.stringify(this.state)) return;
    this.state = next;
    if (!this.store.isDisposed) this.options.onChange(this.info());
  }

  private findShell(): number | undefined {
    if (this.options.shellIsPtyProcess) return this.process.pid;
    if (this.shellPid !== undefined && this.stillOurs(this.shellPid)) return this.shellPid;
    this.shellPid = findMarkedShell(SESSION_MARK_VAR, this.options.mark, this.process.pid);
    return this.shellPid;
  }

  private stillOurs(pid: number): boolean {
    return this.options.shellIsPtyProcess ? pid === this.process.pid && isAlive(pid) : isMarked(pid, SESSION_MARK_VAR, this.options.mark);
  }
}

/**
 * Opens the pty's terminal side and keeps it open while the process lives.
 * Without it Linux reports the end of the terminal as soon as the process
 * exits, and node (libuv) drops whatever output it had not read yet
 * (node-pty issues #72 and #85): the last screen of a fast `cat` went missing.
 */
function holdSlave(process: pty.IPty): number | undefined {
  // node-pty's Unix terminal has a `ptsName` getter its typings leave out; /proc is the fallback
  const named = (process as unknown as { ptsName?: unknown }).ptsName;
  let device: string | undefined = typeof named === 'string' ? named : undefined;
  try {
    device ??= readlinkSync(`/proc/${process.pid}/fd/0`);
    if (!/^\/dev\/pts\/[0-9]+$/.test(device)) return undefined;
    return openSync(device, constants.O_RDWR | constants.O_NOCTTY);
  } catch {
    return undefined; // the process is already gone, or the device is not ours: run without
  }
}
