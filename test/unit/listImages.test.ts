import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { toImageSummaries } from '../../electron/services/images/listImages.js';
import type { PodmanImageEntry } from '../../electron/services/podman/types.js';

// `podman images --format json` from this machine's root storage (two fixture images, one dangling, one plain)
const recorded = JSON.parse(readFileSync(new URL('../recorded/podman-images-root.json', import.meta.url), 'utf8')) as PodmanImageEntry[];

describe('local images for the picker', () => {
  it('lists Toolbx images with names by default, with distro and release from their labels', () => {
    const images = toImageSummaries(recorded);
    expect(images.map((i) => i.names)).toEqual([['localhost/toolshed-fixture:bookworm'], ['localhost/toolshed-fixture:nosudo']]);
    expect(images[0]).toMatchObject({ toolbox: true, distro: 'debian', release: '12', sizeBytes: 78583083, created: 1795946060 });
    expect(images[0]!.id).toMatch(/^53d42ac00d56/);
  });

  it('lists every image on request, toolbox images first, newest first', () => {
    const images = toImageSummaries(recorded, { all: true });
    expect(images).toHaveLength(4);
    expect(images.map((i) => i.toolbox)).toEqual([true, true, true, false]);
    expect(images[2]!.names).toEqual([]);
    expect(images[3]).toMatchObject({ names: ['localhost/prepare-machine-smoke:1'], toolbox: false });
    expect(images[3]!.distro).toBeUndefined();
  });

  it('knows catalogue repositories by name', () => {
    const [image] = toImageSummaries([
      { Id: 'a'.repeat(64), Names: ['quay.io/toolbx/ubuntu-toolbox:24.04'], Size: 1, Created: 1, Labels: { 'com.github.containers.toolbox': 'true' } },
    ]);
    expect(image).toMatchObject({ distro: 'ubuntu', release: '24.04' });
  });

  it("leaves Toolshed's snapshots (Toolbx-labelled, committed from toolboxes) out of the picker, but not out of every image", () => {
    const snapshot = {
      Id: 'f'.repeat(64),
      Names: ['localhost/toolshed-snapshots/box:snap-1'],
      Size: 1,
      Created: 2e9,
      Labels: { 'com.github.containers.toolbox': 'true', 'dev.toolshed.snapshot': 'x' },
    };
    expect(toImageSummaries([...recorded, snapshot]).map((i) => i.id)).not.toContain(snapshot.Id);
    expect(toImageSummaries([...recorded, snapshot], { all: true })[0]!.id).toBe(snapshot.Id);
  });
});
