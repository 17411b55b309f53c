// How a page served by `toolshed serve` proves it may use the API, on both
// sides. The token travels in the URL's fragment (which browsers never send to
// a server), the page keeps it in sessionStorage (scoped to this server's
// origin, port included) and presents it on the WebSocket as a subprotocol.
// No cookie carries it, so no other server on 127.0.0.1 ever receives it.

/** The subprotocol the server answers with. */
export const WS_PROTOCOL = 'toolshed';
/** The token, offered as one more subprotocol: `toolshed-token.<token>`. */
export const WS_TOKEN_PREFIX = 'toolshed-token.';
/** What a token may look like: characters that fit a subprotocol name (RFC 6455 token chars). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** The URL fragment's key for the token (…/#token=T), and for a toolbox to open at once (&open=NAME). */
export const TOKEN_FRAGMENT_KEY = 'token';
export const OPEN_FRAGMENT_KEY = 'open';
/** GET with `Authorization: Bearer <token>`: 204 when the token is this server's, 401 when not (a restarted server). */
export const SESSION_CHECK_PATH = '/session';
