// The access token of `toolshed serve` in the page: taken from the URL's
// fragment on the first visit (…/#token=T, maybe &open=NAME), kept in this
// tab's sessionStorage (scoped to this server's origin, so two servers on two
// ports never share one), and dropped from the address bar.
import { OPEN_FRAGMENT_KEY, TOKEN_FRAGMENT_KEY, TOKEN_PATTERN } from '../../shared/serveAuth';

const STORAGE_KEY = 'toolshed.token';

export interface PageAccess {
  token: string | undefined;
  /** A toolbox the URL asks to open a tab in (a menu entry in serve mode). */
  open: string | undefined;
}

export function takePageAccess(location: Location, storage: Storage, history: History): PageAccess {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get(TOKEN_FRAGMENT_KEY);
  const open = fragment.get(OPEN_FRAGMENT_KEY) ?? undefined;
  if (location.hash) history.replaceState(null, '', `${location.pathname}${location.search}`);
  if (given !== null && TOKEN_PATTERN.test(given)) {
    try {
      storage.setItem(STORAGE_KEY, given);
    } catch {
      // storage off: the token lasts as long as the page
    }
    return { token: given, open };
  }
  let kept: string | null;
  try {
    kept = storage.getItem(STORAGE_KEY);
  } catch {
    kept = null; // storage off
  }
  return { token: kept !== null && TOKEN_PATTERN.test(kept) ? kept : undefined, open };
}
