// Why a pull failed, in words a user can act on. podman 4.3.1 prints one
// "Error: …" line (recorded in test/recorded/pull/); the kinds told apart here:
//   network       "dial tcp: lookup quay.io …: no such host", "connect: connection refused",
//                 "network is unreachable", "i/o timeout"
//   not found     "manifest unknown", "name unknown", "not found"
//   unauthorized  "unauthorized: authentication required", "denied: requested access …"
//   short name    "short-name … did not resolve", "short-name resolution enforced but cannot prompt"
//   tls           "server gave HTTP response to HTTPS client", "x509: …"
import { ToolshedError } from '../../../shared/errors.js';

export type PullFailureKind = 'network' | 'not-found' | 'unauthorized' | 'short-name' | 'tls' | 'other';

export function classifyPullError(podmanError: string): PullFailureKind {
  const text = podmanError.toLowerCase();
  if (/short-name/.test(text)) return 'short-name';
  if (/unauthorized|authentication required|denied: requested access|access denied|403 forbidden/.test(text)) return 'unauthorized';
  if (/manifest unknown|name unknown|not found|no such image/.test(text)) return 'not-found';
  if (/server gave http response to https client|x509|certificate|tls:/.test(text)) return 'tls';
  if (
    /no such host|connection refused|network is unreachable|i\/o timeout|no route to host|temporary failure in name resolution|dial tcp|connection reset|tls handshake timeout/.test(
      text,
    )
  ) {
    return 'network';
  }
  return 'other';
}

/** The registry host a podman error names ("pinging container registry quay.io"). */
function registryIn(podmanError: string, reference: string): string {
  const pinging = /container registry ([^\s:]+(?::\d+)?)/.exec(podmanError);
  if (pinging) return pinging[1]!;
  const first = reference.split('/')[0] ?? '';
  return reference.includes('/') && /[.:]|^localhost$/.test(first) ? first : 'the registry';
}

export function pullError(reference: string, podmanError: string, transcript: string): ToolshedError {
  const kind = classifyPullError(podmanError);
  const registry = registryIn(podmanError, reference);
  const messages: Record<PullFailureKind, string> = {
    network: `Could not reach ${registry} to pull ${reference}: no network, or the registry is down.`,
    'not-found': `${reference} does not exist on ${registry} (unknown image name or tag).`,
    unauthorized: `${registry} refused access to ${reference} (unauthorized): log in with "podman login ${registry}", or check the name (some registries answer this for images that do not exist).`,
    'short-name': `"${reference}" is a short name podman cannot resolve here: write the full reference with its registry, e.g. docker.io/library/${reference}.`,
    tls: `Could not connect securely to ${registry} to pull ${reference} (TLS): the registry has no valid HTTPS certificate.`,
    other: `Pulling ${reference} failed: ${podmanError}`,
  };
  return new ToolshedError('PULL_FAILED', messages[kind], transcript || podmanError);
}
