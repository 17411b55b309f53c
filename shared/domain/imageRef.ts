// Image references as podman reads them (the grammar of
// github.com/distribution/reference): [domain/]path[:tag][@digest].
// The parser says exactly what is wrong with a bad one, so the wizard can show
// it as the user types and the backend can refuse it before podman sees it.

export interface ImageReference {
  /** Registry host (and port), when the reference names one. */
  domain?: string;
  /** Repository path below the registry, e.g. "toolbx/ubuntu-toolbox". */
  path: string;
  tag?: string;
  /** "algorithm:hex". */
  digest?: string;
  /** True when a registry is named: podman pulls it without short-name resolution. */
  qualified: boolean;
  /** The reference written back (a "docker://" prefix dropped). */
  text: string;
}

export type ImageReferenceResult = { ok: true; reference: ImageReference } | { ok: false; problem: string };

const NAME_MAX = 255;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

const fail = (problem: string): ImageReferenceResult => ({ ok: false, problem });

/** Parses a reference; `problem` is a sentence fit to show under the field. */
export function parseImageReference(input: string): ImageReferenceResult {
  let text = input.trim();
  if (text.length === 0) return fail('Type an image reference, e.g. quay.io/toolbx/ubuntu-toolbox:24.04.');
  if (/\s/.test(text)) return fail('An image reference has no spaces.');
  if (/^https?:\/\//i.test(text)) return fail('Write the reference without "https://": registry/path:tag.');
  if (text.startsWith('docker://')) text = text.slice('docker://'.length);
  if (text.includes('://')) return fail('Only registry images can be used: leave out the transport (like "oci://").');

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const problem = digestProblem(digest);
    if (problem) return fail(problem);
  }

  // the tag is after the last ":" that comes after the last "/" (a ":" before it is a port)
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    const problem = tagProblem(tag);
    if (problem) return fail(problem);
  }

  if (rest.length === 0) return fail('The reference needs a repository name before the tag or digest.');
  if (rest.length > NAME_MAX) return fail(`The repository name is longer than ${NAME_MAX} characters.`);
  if (rest.startsWith('/')) return fail('The reference may not start with "/".');
  if (rest.endsWith('/')) return fail('The reference may not end with "/": add the image name.');

  const parts = rest.split('/');
  let domain: string | undefined;
  if (parts.length > 1 && looksLikeDomain(parts[0]!)) {
    domain = parts.shift()!;
    const problem = domainProblem(domain);
    if (problem) return fail(problem);
  }
  for (const part of parts) {
    const problem = pathComponentProblem(part);
    if (problem) return fail(problem);
  }

  const path = parts.join('/');
  const reference: ImageReference = { path, qualified: domain !== undefined, text };
  if (domain !== undefined) reference.domain = domain;
  if (tag !== undefined) reference.tag = tag;
  if (digest !== undefined) reference.digest = digest;
  return { ok: true, reference };
}

/** Whether `tag` is a valid image tag (a release becomes one in a default image). */
export const isImageTag = (tag: string): boolean => TAG.test(tag);

/** The reference with its tag ("latest" when none and no digest), as podman names a pulled image. */
export function withDefaultTag(reference: ImageReference): string {
  const name = reference.domain ? `${reference.domain}/${reference.path}` : reference.path;
  if (reference.digest) return `${name}${reference.tag ? `:${reference.tag}` : ''}@${reference.digest}`;
  return `${name}:${reference.tag ?? 'latest'}`;
}

// As distribution/reference decides: the first part names a registry when it
// has a "." or ":", is "localhost", or has capitals (which a path may not).
function looksLikeDomain(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost' || part !== part.toLowerCase();
}

function domainProblem(domain: string): string | null {
  if (domain.startsWith('[')) return 'IPv6 registry addresses are not supported here; use a host name.';
  const [host = '', port, ...extra] = domain.split(':');
  if (extra.length > 0) return `The registry "${domain}" has more than one ":".`;
  if (port !== undefined && !/^[0-9]{1,5}$/.test(port)) return `The registry port "${port}" is not a number.`;
  if (port !== undefined && Number(port) > 65535) return `The registry port ${port} is above 65535.`;
  for (const component of host.split('.')) {
    if (component.length === 0) return `The registry name "${host}" has an empty part (".." or a "." at an end).`;
    if (!DOMAIN_COMPONENT.test(component)) {
      return `The registry name "${host}" may contain only letters, digits, "-" and ".", and no part may start or end with "-".`;
    }
  }
  return null;
}

function pathComponentProblem(part: string): string | null {
  if (part.length === 0) return 'The repository path has an empty part ("//").';
  if (/[A-Z]/.test(part)) return `Repository names are lowercase: "${part}" has capital letters.`;
  const bad = [...part].find((c) => !/[a-z0-9._-]/.test(c));
  if (bad !== undefined) return `"${bad}" is not allowed in a repository name ("${part}"): use lowercase letters, digits, ".", "_" and "-".`;
  if (!/^[a-z0-9]/.test(part) || !/[a-z0-9]$/.test(part)) return `The repository name part "${part}" must start and end with a letter or digit.`;
  if (!PATH_COMPONENT.test(part)) return `"${part}" has separators in a row: only "__" or dashes may be repeated.`;
  return null;
}

function tagProblem(tag: string): string | null {
  if (tag.length === 0) return 'The tag after ":" is empty.';
  if (tag.length > 128) return 'A tag has at most 128 characters.';
  if (!TAG.test(tag)) {
    if (/^[.-]/.test(tag)) return `The tag "${tag}" may not start with "." or "-".`;
    const bad = [...tag].find((c) => !/[\w.-]/.test(c)) ?? '';
    return `"${bad}" is not allowed in a tag: use letters, digits, "_", "." and "-".`;
  }
  return null;
}

function digestProblem(digest: string): string | null {
  if (digest.length === 0) return 'The digest after "@" is empty.';
  if (!digest.includes(':')) return 'A digest looks like "sha256:" followed by 64 hex digits.';
  if (!DIGEST.test(digest)) return `The digest "${digest}" is not "algorithm:hex" (e.g. sha256: and 64 hex digits).`;
  const [algorithm, hex = ''] = digest.split(':');
  if (algorithm === 'sha256' && !/^[a-f0-9]{64}$/.test(hex)) return 'A sha256 digest is exactly 64 lowercase hex digits.';
  if (algorithm === 'sha512' && !/^[a-f0-9]{128}$/.test(hex)) return 'A sha512 digest is exactly 128 lowercase hex digits.';
  return null;
}
