import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { CATALOGUE, catalogueContainerName, catalogueEntryForOsRelease, catalogueEntryForRepository, catalogueMatch } from '../../shared/domain/catalogue.js';
import { parseImageReference } from '../../shared/domain/imageRef.js';
import { containerNameProblem } from '../../shared/domain/names.js';

const logos = new URL('../../assets/logos/', import.meta.url);

describe('the distro catalogue', () => {
  it('has the images Toolbx knows and the community ones', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['fedora', 'rhel', 'ubuntu', 'arch', 'debian', 'centos', 'rockylinux', 'almalinux', 'opensuse', 'alpine']));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['fedora', 'rhel', 'ubuntu', 'arch']) expect(CATALOGUE.find((e) => e.id === id)?.source).toBe('toolbx');
  });

  it.each(CATALOGUE.map((e) => [e.id, e] as const))('%s has a logo (with its licence noted) and valid, fully qualified references', (_id, entry) => {
    expect(existsSync(new URL(entry.logo, logos))).toBe(true);
    expect(readFileSync(new URL(entry.logo, logos), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 48 48"/);
    expect(readFileSync(new URL('LICENSES.md', logos), 'utf8')).toContain(`| ${entry.logo} |`);
    expect(entry.releases.length).toBeGreaterThan(0);
    expect(entry.osReleaseIds.length).toBeGreaterThan(0);
    for (const { release, reference } of entry.releases) {
      const parsed = parseImageReference(reference);
      expect(parsed.ok ? parsed.reference : parsed.problem).toMatchObject({ qualified: true, tag: release, text: reference });
      // the default name is a valid container name
      const name = catalogueContainerName(entry, release);
      expect(name).toBe(`${entry.id}-toolbox-${release}`);
      expect(containerNameProblem(name!)).toBeNull();
    }
  });

  it('has no reference twice and no logo file without an entry (except the generic one)', () => {
    const references = CATALOGUE.flatMap((e) => e.releases.map((r) => r.reference));
    expect(new Set(references).size).toBe(references.length);
    const files = readdirSync(logos).filter((f) => f.endsWith('.svg'));
    expect(files.sort()).toEqual([...CATALOGUE.map((e) => e.logo), 'generic.svg'].sort());
  });

  it("uses Toolbx's own references for its distros", () => {
    const reference = (id: string, release: string) =>
      catalogueMatch(CATALOGUE.find((e) => e.id === id)!.releases.find((r) => r.release === release)!.reference);
    expect(reference('fedora', '43')?.release.reference).toBe('registry.fedoraproject.org/fedora-toolbox:43');
    expect(reference('rhel', '9.6')?.release.reference).toBe('registry.access.redhat.com/ubi9/toolbox:9.6');
    expect(reference('ubuntu', '24.04')?.release.reference).toBe('quay.io/toolbx/ubuntu-toolbox:24.04');
    expect(reference('arch', 'latest')?.release.reference).toBe('quay.io/toolbx/arch-toolbox:latest');
    expect(reference('rockylinux', '9')?.release.reference).toBe('quay.io/toolbx-images/rockylinux-toolbox:9');
  });

  it('finds the entry of a host (os-release ID) and of a repository', () => {
    expect(catalogueEntryForOsRelease('rocky')?.id).toBe('rockylinux');
    expect(catalogueEntryForOsRelease('Fedora')?.id).toBe('fedora');
    expect(catalogueEntryForOsRelease('opensuse-tumbleweed')?.id).toBe('opensuse');
    expect(catalogueEntryForOsRelease('gentoo')).toBeUndefined();
    expect(catalogueEntryForRepository('quay.io/toolbx/ubuntu-toolbox')?.id).toBe('ubuntu');
    expect(catalogueEntryForRepository('quay.io/toolbx/ubuntu')).toBeUndefined();
  });

  it('gives default names as Toolbx does: <distro>-toolbox-<release>', () => {
    const entry = (id: string) => CATALOGUE.find((e) => e.id === id)!;
    expect(catalogueContainerName(entry('fedora'), '43')).toBe('fedora-toolbox-43');
    expect(catalogueContainerName(entry('rhel'), '8.10')).toBe('rhel-toolbox-8.10');
    expect(catalogueContainerName(entry('arch'), 'latest')).toBe('arch-toolbox-latest');
    expect(catalogueContainerName(entry('centos'), 'stream10')).toBe('centos-toolbox-stream10');
    expect(catalogueContainerName(entry('debian'), 'bad release!')).toBeUndefined();
  });
});
