import { describe, expect, it } from 'vitest';
import { parseImageReference, withDefaultTag } from '../../shared/domain/imageRef.js';

const SHA = 'sha256:' + 'a'.repeat(64);

function parsed(text: string) {
  const result = parseImageReference(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.problem}`);
  return result.reference;
}

describe('image references', () => {
  it('splits registry, path, tag and digest', () => {
    expect(parsed('quay.io/toolbx/ubuntu-toolbox:24.04')).toEqual({
      domain: 'quay.io',
      path: 'toolbx/ubuntu-toolbox',
      tag: '24.04',
      qualified: true,
      text: 'quay.io/toolbx/ubuntu-toolbox:24.04',
    });
    expect(parsed('registry.access.redhat.com/ubi9/toolbox:9.6')).toMatchObject({ domain: 'registry.access.redhat.com', path: 'ubi9/toolbox', tag: '9.6' });
    expect(parsed(`quay.io/a/b:1@${SHA}`)).toMatchObject({ tag: '1', digest: SHA });
    expect(parsed(`quay.io/a/b@${SHA}`)).toMatchObject({ path: 'a/b', digest: SHA });
  });

  it('reads a port as part of the registry, not as a tag', () => {
    expect(parsed('127.0.0.1:5055/toolshed-fixture:bookworm')).toMatchObject({ domain: '127.0.0.1:5055', path: 'toolshed-fixture', tag: 'bookworm' });
    expect(parsed('localhost:5000/x')).toMatchObject({ domain: 'localhost:5000', path: 'x', qualified: true });
    expect(parsed('localhost/toolshed-fixture:bookworm')).toMatchObject({ domain: 'localhost', qualified: true });
  });

  it('tells short names (podman resolves them through registries.conf) from qualified ones', () => {
    expect(parsed('ubuntu')).toEqual({ path: 'ubuntu', qualified: false, text: 'ubuntu' });
    expect(parsed('library/ubuntu:24.04')).toMatchObject({ path: 'library/ubuntu', tag: '24.04', qualified: false });
    expect(parsed('fedora-toolbox:43').qualified).toBe(false);
    // separators inside path components: ".", "_", "__" and runs of "-"
    expect(parsed('ab_c__d---e/f.g').qualified).toBe(false);
  });

  it('drops a docker:// transport', () => {
    expect(parsed('docker://quay.io/toolbx/arch-toolbox:latest').text).toBe('quay.io/toolbx/arch-toolbox:latest');
  });

  it('names the pulled image with its tag', () => {
    expect(withDefaultTag(parsed('quay.io/toolbx/arch-toolbox'))).toBe('quay.io/toolbx/arch-toolbox:latest');
    expect(withDefaultTag(parsed('ubuntu:24.04'))).toBe('ubuntu:24.04');
    expect(withDefaultTag(parsed(`quay.io/a@${SHA}`))).toBe(`quay.io/a@${SHA}`);
  });

  it.each([
    ['', 'Type an image reference'],
    ['   ', 'Type an image reference'],
    ['quay.io/toolbx/ubuntu toolbox', 'no spaces'],
    ['https://quay.io/toolbx/ubuntu-toolbox', 'without "https://"'],
    ['oci://some/dir', 'leave out the transport'],
    ['quay.io/Toolbx/ubuntu-toolbox', 'lowercase: "Toolbx"'],
    ['Ubuntu', 'Repository names are lowercase'],
    ['a.b_c/x', 'registry name "a.b_c"'],
    ['quay.io/toolbx/ubuntu-toolbox:', 'tag after ":" is empty'],
    ['quay.io/toolbx/ubuntu-toolbox:-rc', 'may not start with "." or "-"'],
    ['quay.io/toolbx/ubuntu-toolbox:24.04!', '"!" is not allowed in a tag'],
    [`quay.io/x:${'a'.repeat(129)}`, 'at most 128 characters'],
    ['quay.io//ubuntu', 'empty part ("//")'],
    ['quay.io/toolbx/', 'may not end with "/"'],
    ['/ubuntu', 'may not start with "/"'],
    ['quay.io/-ubuntu', 'must start and end with a letter or digit'],
    ['quay.io/ubuntu-', 'must start and end with a letter or digit'],
    ['quay.io/ubu..ntu', 'separators in a row'],
    ['quay.io/ubu$ntu', '"$" is not allowed in a repository name'],
    ['quay..io/ubuntu', 'empty part'],
    ['-quay.io/ubuntu', 'no part may start or end with "-"'],
    ['quay.io:http/ubuntu', 'port "http" is not a number'],
    ['quay.io:99999/ubuntu', 'above 65535'],
    ['quay.io/ubuntu@', 'digest after "@" is empty'],
    ['quay.io/ubuntu@abc', 'sha256:'],
    ['quay.io/ubuntu@sha256:abc', 'not "algorithm:hex"'],
    [`quay.io/ubuntu@sha256:${'A'.repeat(64)}`, 'exactly 64 lowercase hex digits'],
    [`quay.io/ubuntu@sha256:${'a'.repeat(63)}0a`, 'exactly 64 lowercase hex digits'],
    [':24.04', 'needs a repository name'],
    [`quay.io/${'a'.repeat(250)}`, 'longer than 255'],
    ['[::1]:5000/x', 'IPv6'],
  ])('refuses %j and says why', (text, reason) => {
    const result = parseImageReference(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toContain(reason);
  });

  it('accepts every reference Toolbx uses by default', () => {
    for (const text of [
      'registry.fedoraproject.org/fedora-toolbox:43',
      'registry.access.redhat.com/ubi8/toolbox:8.10',
      'quay.io/toolbx/ubuntu-toolbox:22.04',
      'quay.io/toolbx/arch-toolbox:latest',
      'quay.io/toolbx-images/centos-toolbox:stream10',
    ]) {
      expect(parseImageReference(text), text).toMatchObject({ ok: true });
    }
  });
});
