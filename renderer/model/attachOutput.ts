// A view that (re)attaches to a tab is given the screen as it was at one point
// of the tab's output. Output sent while that screen was being serialized can
// reach the view before the screen does: every piece says where it starts, so
// the view keeps what arrives while it waits and writes only what the screen
// does not hold yet. DOM-free, unit-tested.

/** A piece of a tab's output and where it starts (the characters sent before it). */
export interface OutputPiece {
  data: string;
  offset: number;
}

/** The output the pieces hold from `offset` on. */
export function outputFrom(pieces: readonly OutputPiece[], offset: number): string {
  return pieces.map((piece) => (piece.offset >= offset ? piece.data : piece.data.slice(offset - piece.offset))).join('');
}
