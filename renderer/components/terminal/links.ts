// Which links a terminal may open: web pages only. A program's output is not
// trusted, so file:, javascript:, data: and custom schemes (which could start
// other applications) are never opened from a terminal.
export function isOpenableLink(uri: string): boolean {
  try {
    const { protocol } = new URL(uri);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
