// The Content-Security-Policy of the UI (served and in Electron): scripts and styles from the
// app itself only, no eval, no remote origins; the WebSocket is same-origin.
// xterm.js writes its own <style> elements, hence 'unsafe-inline' for styles only.
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
