// What the engine's terminal sessions and the windows showing them must agree
// on, in one place (as VS Code's FlowControlConstants).
//
// Flow control: the engine sends a tab's output and counts what no window has
// acknowledged yet; above FLOW_HIGH_CHARS it pauses the pty, below
// FLOW_LOW_CHARS it resumes. A window acknowledges what xterm has parsed in
// batches of ACK_BATCH_CHARS (or ACK_DELAY_MS after output stops). The rule
// that ties them: several acks must fit between the two watermarks
// (ACK_BATCH_CHARS ≤ (FLOW_HIGH_CHARS − FLOW_LOW_CHARS) / 4), or a paused pty
// waits for an ack that a window holds back until it has a whole batch.

/** Unacknowledged characters at which the engine pauses the pty. */
export const FLOW_HIGH_CHARS = 256 * 1024;
/** …and at which it resumes: with this much still queued the window stays busy while the pty refills. */
export const FLOW_LOW_CHARS = 128 * 1024;
/** A window acknowledges parsed output in batches this big… */
export const ACK_BATCH_CHARS = 8 * 1024;
/** …or this long after output stops. */
export const ACK_DELAY_MS = 20;

/** Lines of scrollback a window keeps… */
export const WINDOW_SCROLLBACK_LINES = 5000;
/** …of which the engine keeps (and replays to a window that attaches) the last this many: never more than a window shows. */
export const REPLAY_SCROLLBACK_LINES = 1000;

export const DEFAULT_TERMINAL_FONT = { size: 14, family: "'DejaVu Sans Mono', 'Source Code Pro', monospace" } as const;
