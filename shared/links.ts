// Which links may leave the app: web pages only. A link can come from a
// program's output in a terminal or from a page, and neither is trusted, so
// file:, javascript:, data: and custom schemes (which could start other
// applications) are never opened.
export function isWebLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
