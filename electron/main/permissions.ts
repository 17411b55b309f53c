// Which permissions the window's page gets: apart from security.ts (which
// imports Electron) so a unit test can check the rule itself.
import { isAppUrl } from '../../shared/bridge.js';

/** What the UI uses: the terminal's copy (Ctrl+Shift+C; its paste is the browser's own), and update notifications. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'notifications']);

/** Whether a page at this URL (and in this frame) gets the permission. */
export function grantsPermission(permission: string, requestingUrl: string | undefined, isMainFrame: boolean | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isMainFrame !== false && requestingUrl !== undefined && isAppUrl(requestingUrl);
}
