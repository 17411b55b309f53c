// What kind of image an icon file is, from its bytes (never from its name,
// which comes from inside a container): PNG with its size, SVG, or XPM.
export type IconFormat = { kind: 'svg' } | { kind: 'png' | 'xpm'; width: number; height: number };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function detectIconFormat(bytes: Buffer): IconFormat | null {
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR') {
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    return width > 0 && height > 0 && width <= 4096 && height <= 4096 ? { kind: 'png', width, height } : null;
  }
  const head = bytes.toString('utf8', 0, Math.min(bytes.length, 4096));
  if (/^\s*\/\*\s*XPM\s*\*\//.test(head)) {
    const size = /"\s*(\d+)\s+(\d+)\s+\d+\s+\d+/.exec(head);
    if (!size) return null;
    return { kind: 'xpm', width: Number(size[1]), height: Number(size[2]) };
  }
  if (/^(\uFEFF)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head)) return { kind: 'svg' };
  return null;
}

export function iconExtension(format: IconFormat): string {
  return format.kind;
}
