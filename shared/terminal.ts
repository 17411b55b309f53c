// What the engine's terminal sessions and the windows showing them must agree
// on, in one place (as VS Code's FlowControlConstants).
//
// Flow control: the engine sends a tab's output and counts what no window has
// acknowledged yet; above FLOW_HIGH_CHARS it stops sending (the pty runs on,
// the engine's copy of the screen keeps up), below FLOW_LOW_CHARS it sends the
// windows that screen and goes on (with skipping turned off, it pauses and
// resumes the pty instead). A window acknowledges what xterm has parsed in
// batches of ACK_BATCH_CHARS (or ACK_DELAY_MS after output stops). The rule
// that ties them: several acks must fit between the two watermarks
// (ACK_BATCH_CHARS ≤ (FLOW_HIGH_CHARS − FLOW_LOW_CHARS) / 4), or the engine
// waits for an ack that a window holds back until it has a whole batch.

/** Unacknowledged characters at which the engine stops sending (or pauses the pty). */
export const FLOW_HIGH_CHARS = 256 * 1024;
/** …and at which it sends again: with this much still queued the window stays busy while the screen or the pty catches up. */
export const FLOW_LOW_CHARS = 128 * 1024;
/** A window acknowledges parsed output in batches this big… */
export const ACK_BATCH_CHARS = 8 * 1024;
/** …or this long after output stops. */
export const ACK_DELAY_MS = 20;

/**
 * Lines of scrollback, the same in the windows and in the engine's copy of
 * each screen: a window that reattaches, or that was sent the screen in place
 * of output it fell behind on, ends up with exactly what it would have had.
 */
export const TERMINAL_SCROLLBACK_LINES = 1000;

/**
 * What the engine sends before a screen it gives a window in place of output:
 * CAN ends any escape sequence the last output left open, RIS (ESC c) clears
 * the screen, the scrollback and the modes. Both go through the window's write
 * queue, so they take effect after the output sent before them.
 */
export const SCREEN_RESET = '\x18\x1bc';

export const DEFAULT_TERMINAL_FONT = { size: 14, family: "'DejaVu Sans Mono', 'Source Code Pro', monospace" } as const;
