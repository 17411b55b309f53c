// The create form's defaults: os-release and toolbox.conf parsing, and the
// image and name Toolbx would pick for a distro and release.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultContainerName } from '../../shared/domain/catalogue.js';
import { containerNameForImage, defaultImageFor, resolveCreateDefaults } from '../../shared/domain/defaultToolbox.js';
import { hostDistroRelease, parseOsRelease } from '../../shared/domain/osRelease.js';
import { mergeToolboxConf, parseToolboxConf } from '../../shared/domain/toolboxConf.js';
import { readCreateDefaults } from '../../electron/services/toolbox/createDefaults.js';

describe('os-release', () => {
  it('reads quoted, single-quoted and bare values, skipping comments and junk', () => {
    const fields = parseOsRelease(
      ['# comment', 'NAME="Fedora Linux"', 'ID=fedora', 'VERSION_ID=40', 'PRETTY_NAME=\'A "b"\'', 'QUOTED="a \\"q\\" \\$x"', 'not a line', ''].join('\n'),
    );
    expect(fields).toEqual({ NAME: 'Fedora Linux', ID: 'fedora', VERSION_ID: '40', PRETTY_NAME: 'A "b"', QUOTED: 'a "q" $x' });
  });
  it('gives the distro and release, "latest" for rolling Arch', () => {
    expect(hostDistroRelease({ ID: 'debian', VERSION_ID: '12' })).toEqual({ distro: 'debian', release: '12' });
    expect(hostDistroRelease({ ID: 'arch', BUILD_ID: 'rolling' })).toEqual({ distro: 'arch', release: 'latest' });
    expect(hostDistroRelease({ ID: 'debian' })).toEqual({ distro: 'debian' });
    expect(hostDistroRelease({})).toEqual({});
  });
});

describe('toolbox.conf', () => {
  it('reads [general] distro, release and image only', () => {
    const text = [
      '# a comment',
      '[general]',
      'distro = "fedora"   # trailing comment',
      "release = '39'",
      'unknown = "x"',
      '[other]',
      'image = "not/this:1"',
    ].join('\n');
    expect(parseToolboxConf(text)).toEqual({ distro: 'fedora', release: '39' });
  });
  it('accepts bare numbers and escaped quotes, ignores commented-out keys (the shipped file)', () => {
    expect(parseToolboxConf('[general]\nrelease = 40\nimage = "a\\"b"\n')).toEqual({ release: '40', image: 'a"b' });
    expect(parseToolboxConf('[general]\n## distro = "fedora"\n## image = "registry.fedoraproject.org/fedora-toolbox:34"\n')).toEqual({});
    expect(parseToolboxConf('[general]\ndistro = fedora\n')).toEqual({});
  });
  it('lets the user’s file override the system’s, key by key', () => {
    expect(mergeToolboxConf({ distro: 'fedora', release: '39' }, { release: '40' })).toEqual({ distro: 'fedora', release: '40' });
  });
});

describe('default image and name', () => {
  it('follows Toolbx’s table', () => {
    expect(defaultImageFor('fedora', '40')).toBe('registry.fedoraproject.org/fedora-toolbox:40');
    expect(defaultImageFor('rhel', '9.4')).toBe('registry.access.redhat.com/ubi9/toolbox:9.4');
    expect(defaultImageFor('ubuntu', '24.04')).toBe('quay.io/toolbx/ubuntu-toolbox:24.04');
    expect(defaultImageFor('arch', undefined)).toBe('quay.io/toolbx/arch-toolbox:latest');
    expect(defaultImageFor('debian', '12')).toBe('quay.io/toolbx-images/debian-toolbox:12');
    // os-release IDs whose image is named differently
    expect(defaultImageFor('rocky', '9')).toBe('quay.io/toolbx-images/rockylinux-toolbox:9');
    expect(defaultImageFor('debian', undefined)).toBeUndefined();
    expect(defaultImageFor('Bad Distro', '1')).toBeUndefined();
    expect(defaultContainerName('fedora', '40')).toBe('fedora-toolbox-40');
    expect(defaultContainerName('rhel', '9.4')).toBe('rhel-toolbox-9.4');
    expect(defaultContainerName('x y', '1')).toBeUndefined();
  });
  it('names a container after an image as Toolbx does', () => {
    expect(containerNameForImage('registry.fedoraproject.org/fedora-toolbox:34')).toBe('fedora-toolbox-34');
    expect(containerNameForImage('quay.io/toolbx/arch-toolbox:latest')).toBe('arch-toolbox');
    expect(containerNameForImage('localhost/mine')).toBe('mine');
    expect(containerNameForImage('quay.io/x/y@sha256:abc')).toBe('y');
  });
  it('resolves the host’s defaults, then toolbox.conf’s', () => {
    const debian = { ID: 'debian', VERSION_ID: '12' };
    expect(resolveCreateDefaults(debian, {})).toEqual({
      hostDistro: 'debian',
      hostRelease: '12',
      distro: 'debian',
      release: '12',
      image: 'quay.io/toolbx-images/debian-toolbox:12',
      name: 'debian-toolbox-12',
    });
    expect(resolveCreateDefaults(debian, { distro: 'fedora', release: '40' })).toMatchObject({
      distro: 'fedora',
      release: '40',
      image: 'registry.fedoraproject.org/fedora-toolbox:40',
      name: 'fedora-toolbox-40',
    });
    // another distro without a release: nothing to borrow from the host
    expect(resolveCreateDefaults(debian, { distro: 'fedora' })).toEqual({ hostDistro: 'debian', hostRelease: '12', distro: 'fedora' });
    expect(resolveCreateDefaults(debian, { release: '13' })).toMatchObject({ distro: 'debian', release: '13', name: 'debian-toolbox-13' });
    expect(resolveCreateDefaults(debian, { image: 'quay.io/me/dev-toolbox:2' })).toEqual({
      hostDistro: 'debian',
      hostRelease: '12',
      image: 'quay.io/me/dev-toolbox:2',
      name: 'dev-toolbox-2',
    });
    expect(resolveCreateDefaults({}, {})).toEqual({});
  });
  it('reads them from a host tree: /etc/os-release, then both toolbox.conf files', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'toolshed-defaults-'));
    mkdirSync(path.join(root, 'etc/containers'), { recursive: true });
    mkdirSync(path.join(root, 'home/ada/.config/containers'), { recursive: true });
    writeFileSync(path.join(root, 'etc/os-release'), 'ID=fedora\nVERSION_ID=40\n');
    expect(await readCreateDefaults({ HOME: '/home/ada' }, root)).toMatchObject({
      image: 'registry.fedoraproject.org/fedora-toolbox:40',
      name: 'fedora-toolbox-40',
    });
    writeFileSync(path.join(root, 'etc/containers/toolbox.conf'), '[general]\nrelease = "39"\n');
    writeFileSync(path.join(root, 'home/ada/.config/containers/toolbox.conf'), '[general]\ndistro = "ubuntu"\nrelease = "24.04"\n');
    expect(await readCreateDefaults({ HOME: '/home/ada' }, root)).toMatchObject({
      hostRelease: '40',
      distro: 'ubuntu',
      release: '24.04',
      name: 'ubuntu-toolbox-24.04',
    });
    // XDG_CONFIG_HOME wins over ~/.config
    expect(await readCreateDefaults({ HOME: '/home/ada', XDG_CONFIG_HOME: '/nowhere' }, root)).toMatchObject({ distro: 'fedora', release: '39' });
    rmSync(root, { recursive: true, force: true });
  });
});
