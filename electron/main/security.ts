// Every web contents the app creates is locked down: no navigation away from
// the app, no new windows (web links go to the system browser), no webviews,
// and of the permissions only what the app uses, for its own pages only.
import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl } from '../../shared/bridge.js';
import { grantsPermission } from './permissions.js';
import { isWebLink } from '../../shared/links.js';

export function hardenSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(grantsPermission(permission, details.requestingUrl, details.isMainFrame)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    grantsPermission(permission, details.requestingUrl ?? `${requestingOrigin}/`, details.isMainFrame),
  );
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    // only http(s) URLs reach openExternal (isWebLink)
    if (isWebLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
