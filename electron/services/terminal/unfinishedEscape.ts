// Output can be cut inside an escape sequence ("\x1b[3" | "1m"). The mirror
// parses both halves in turn; a window given the mirror's screen at the cut
// gets only the second half, and would print "1m" as text. So the mirror
// keeps the unfinished sequence at the end of what it was given, and a
// serialized screen ends with it: the window then finishes it as the mirror did.
//
// Only sequences that begin with ESC are tracked (CSI, OSC/DCS/SOS/PM/APC
// strings, plain ESC sequences); programs do not send 8-bit C1 introducers
// through a UTF-8 terminal. An ESC ends any sequence before it, so the state
// after a piece of output depends only on what follows its last ESC.

const ESC = '\x1b';
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;
/** OSC, DCS, SOS, PM, APC: strings ended by ST (ESC \), or BEL for OSC. */
const STRING_KINDS = new Set([']', 'P', 'X', '^', '_']);
/** Longer than this (an image in a DCS string), the tail is not carried: it is dropped, at worst as text. */
export const UNFINISHED_ESCAPE_LIMIT = 64 * 1024;

/** Whether `sequence` (ESC first, no other ESC in it) is finished, or was aborted by CAN/SUB. */
function finished(sequence: string): boolean {
  const kind = sequence[1];
  if (kind === undefined) return false;
  const isString = STRING_KINDS.has(kind);
  for (let i = kind === '[' || isString ? 2 : 1; i < sequence.length; i += 1) {
    const code = sequence.charCodeAt(i);
    if (code === CAN || code === SUB) return true;
    if (isString) {
      if (code === BEL && kind === ']') return true;
    } else if (kind === '[') {
      if (code >= 0x40 && code <= 0x7e) return true; // CSI's final byte
    } else if (code >= 0x30 && code <= 0x7e) {
      return true; // ESC, any intermediates (0x20-0x2f), then its final byte
    }
  }
  return false;
}

/**
 * The unfinished escape sequence at the end of the output, given the one
 * before `chunk` (`previous`, '' if none) and the next piece of output.
 */
export function unfinishedEscape(previous: string, chunk: string): string {
  const last = chunk.lastIndexOf(ESC);
  const tail = last >= 0 ? chunk.slice(last) : previous && previous + chunk;
  if (!tail || tail.length > UNFINISHED_ESCAPE_LIMIT || finished(tail)) return '';
  return tail;
}
