// Replays `podman ps --all --format json` recorded from real podman 4.3.1:
// a toolbox CLI container, an old-label toolbox, a plain container (root) and a
// distrobox container (rootless, made by distrobox 1.4.2.1).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { managerOf, summarizeAll } from '../../electron/services/toolbox/containerList.js';
import { distroOfImage } from '../../shared/domain/distro.js';
import type { PodmanPsEntry } from '../../electron/services/podman/types.js';

const recorded = (file: string) => JSON.parse(readFileSync(new URL(`../recorded/${file}`, import.meta.url), 'utf8')) as PodmanPsEntry[];

describe('container list from real podman output', () => {
  const root = summarizeAll(recorded('podman-ps-root.json'));
  const rootless = summarizeAll(recorded('podman-ps-rootless-distrobox.json'));
  const byName = (name: string) => [...root, ...rootless].find((c) => c.name === name)!;

  it('sees a container made by `toolbox create` as a Toolbx container with its distro and release', () => {
    expect(byName('tsh-rec-cli')).toMatchObject({
      manager: 'toolbox',
      distro: 'debian',
      release: '12',
      state: 'created',
      image: 'localhost/toolshed-fixture:bookworm',
    });
    expect(byName('tsh-rec-cli').shortId).toHaveLength(12);
  });

  it('accepts the old com.github.debarshiray.toolbox label', () => {
    expect(byName('tsh-rec-old').manager).toBe('toolbox');
  });

  it('sees distrobox first even though distrobox containers carry the Toolbx label too', () => {
    expect(byName('tsh-it-dbx').manager).toBe('distrobox');
  });

  it('sees a container without labels as plain podman', () => {
    expect(byName('tsh-rec-plain')).toMatchObject({ manager: 'podman' });
  });

  it('lists toolboxes first', () => {
    expect(root.map((c) => c.manager)).toEqual(['toolbox', 'toolbox', 'podman']);
  });
});

describe('distro and release', () => {
  it('reads Toolbx image labels', () => {
    expect(distroOfImage(['registry.fedoraproject.org/fedora-toolbox:40'], { name: 'fedora-toolbox', version: '40' })).toEqual({
      distro: 'fedora',
      release: '40',
    });
  });
  it('falls back to the image reference', () => {
    expect(distroOfImage(['quay.io/toolbx/ubuntu-toolbox:24.04'], {})).toEqual({ distro: 'ubuntu', release: '24.04' });
    expect(distroOfImage(['docker.io/library/debian:12'], {})).toEqual({ distro: 'debian', release: '12' });
    expect(distroOfImage(['quay.io/toolbx/arch-toolbox:latest'], {})).toEqual({ distro: 'arch' });
  });
  it('ignores a digest', () => {
    expect(distroOfImage(['quay.io/toolbx-images/alpine-toolbox@sha256:abc'], {})).toEqual({ distro: 'alpine' });
  });
  it('names no distro for an image that is not one (a plain container shows none)', () => {
    expect(distroOfImage(['docker.io/library/nginx:1.27'], {})).toEqual({});
    expect(distroOfImage(['localhost/prepare-machine-smoke:1'], null)).toEqual({});
  });
  it('gives the list and the picker the same answer for the same image', () => {
    const labels = { name: 'debian-toolbox', version: '12' };
    expect(distroOfImage(['localhost/toolshed-fixture:bookworm'], labels)).toEqual({ distro: 'debian', release: '12' });
    expect(distroOfImage(['quay.io/toolbx-images/debian-toolbox:13'], labels)).toEqual({ distro: 'debian', release: '13' });
  });
  it('needs the label to be exactly "true"', () => {
    expect(managerOf({ 'com.github.containers.toolbox': 'false' })).toBe('podman');
  });
});
