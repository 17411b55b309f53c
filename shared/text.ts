// Cutting text into pieces without splitting a character: a UTF-16 surrogate
// pair (an emoji, say) must stay whole, or both pieces carry a broken half.

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
