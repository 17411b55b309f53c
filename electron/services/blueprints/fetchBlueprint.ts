// A blueprint at a URL, fetched by the engine (http or https, the contract
// checks): its text, at most what a blueprint may be, or a clear error. It is
// shown whole before anything is made from it.
import { ToolshedError } from '../../../shared/errors.js';

/** As the contract's text: a blueprint is small. */
const MAX_FETCHED_BYTES = 256 * 1024;
const FETCH_TIMEOUT_MS = 20_000;

/** What a failed connection's code means, in words. */
const FETCH_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'nothing answers there (connection refused)',
  ENOTFOUND: 'the host name is not known (is there a network?)',
  EAI_AGAIN: 'the host name could not be looked up (is there a network?)',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the server closed the connection',
  UND_ERR_SOCKET: 'the server closed the connection',
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate cannot be verified",
};

/** The body at `url` as text, at most MAX_FETCHED_BYTES, or a clear error. */
export async function fetchBlueprintText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? '';
    const why =
      (error as Error).name === 'TimeoutError'
        ? `no answer in ${FETCH_TIMEOUT_MS / 1000} s`
        : (FETCH_FAILURES[code] ?? (code || cause?.message || String(error)));
    throw new ToolshedError('UNAVAILABLE', `Could not fetch ${url}: ${why}.`);
  }
  if (!response.ok) throw new ToolshedError('NOT_FOUND', `Could not fetch ${url}: the server answered ${response.status} ${response.statusText}.`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_FETCHED_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new ToolshedError('INVALID_ARGUMENT', `${url} is larger than a blueprint can be (256 KiB): nothing was read.`);
    }
    chunks.push(read.value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ToolshedError('INVALID_ARGUMENT', `${url} is not text (UTF-8): it is not a blueprint.`);
  }
}
