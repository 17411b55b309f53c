// Every web contents the app creates is locked down: no navigation away from
// the app, no new windows (web links go to the system browser), no
// permissions, no webviews.
import { app, session, shell, type WebContents } from 'electron';
import { APP_ORIGIN } from '../../shared/bridge.js';
import { isWebLink } from '../../shared/links.js';

export function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    // electronegativity: OPEN_EXTERNAL_JS_CHECK only http(s) URLs reach openExternal (isWebLink)
    if (isWebLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
