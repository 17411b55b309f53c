// The pull-progress parser and the failure messages, on output recorded from
// real podman 4.3.1 (test/recorded/pull/README.md says how).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PullOutputParser, type PullSnapshot } from '../../electron/services/podman/pullProgress.js';
import { classifyPullError, pullError } from '../../electron/services/podman/pullErrors.js';

const recording = (name: string) => readFileSync(new URL(`../recorded/pull/${name}`, import.meta.url), 'utf8');

/** Feeds a recording in small, uneven chunks (as a pty delivers it) and keeps every changed snapshot. */
function replay(name: string, chunkSize = 37): { parser: PullOutputParser; snapshots: PullSnapshot[] } {
  const parser = new PullOutputParser();
  const snapshots: PullSnapshot[] = [];
  const text = recording(name);
  for (let i = 0; i < text.length; i += chunkSize) {
    if (parser.feed(text.slice(i, i + chunkSize))) snapshots.push(parser.snapshot());
  }
  if (parser.end()) snapshots.push(parser.snapshot());
  return { parser, snapshots };
}

const MIB = 1024 * 1024;

describe('pull progress from podman on a terminal', () => {
  it('follows bytes and layers of a 4-layer pull to the end', () => {
    const { parser, snapshots } = replay('pty-4-layers.txt');
    expect(parser.imageId).toBe('63cf338bc37c86e27ede86e902c976174c8279c19635cc8ebde6517fb1e37b2e');
    expect(parser.error).toBeUndefined();
    const withBytes = snapshots.filter((s) => s.bytesTotal !== undefined);
    expect(withBytes.length).toBeGreaterThan(5);
    // the four blobs: 12.0 + 15.0 + 29.7 + 9.0 MiB
    const last = snapshots.at(-1)!;
    expect(last.layersTotal).toBe(4);
    expect(last.layersDone).toBe(4);
    expect(last.bytesTotal).toBe(Math.round(12 * MIB) + Math.round(15 * MIB) + Math.round(29.7 * MIB) + Math.round(9 * MIB));
    expect(last.bytesDone).toBe(last.bytesTotal);
    // bytes only grow once every bar is up, and never pass the total
    for (const [before, after] of withBytes.slice(1).map((s, i) => [withBytes[i]!, s] as const)) {
      if (after.bytesTotal === before.bytesTotal) expect(after.bytesDone!).toBeGreaterThanOrEqual(before.bytesDone!);
      expect(after.bytesDone!).toBeLessThanOrEqual(after.bytesTotal!);
    }
    const first = withBytes[0]!;
    expect(first.bytesDone!).toBeLessThan(first.bytesTotal!);
    expect(snapshots.map((s) => s.message)).toEqual(
      expect.arrayContaining(['Trying to pull 127.0.0.1:5055/tsh-wiz-layers:4...', 'Copying layers', 'Storing signatures']),
    );
  });

  it('counts a layer that is already there as done, with no bytes to fetch', () => {
    const { parser, snapshots } = replay('pty-base-layer-skipped.txt', 11);
    const last = snapshots.at(-1)!;
    expect(parser.imageId).toMatch(/^63cf338bc37c/);
    expect(last.layersTotal).toBe(4);
    expect(last.layersDone).toBe(4);
    expect(last.bytesTotal).toBe(Math.round(9 * MIB) + Math.round(12 * MIB) + Math.round(15 * MIB));
    // the skipped base layer is done before any other
    expect(snapshots.find((s) => s.layersDone === 1 && s.layersTotal === 1)).toBeDefined();
  });

  it('reads the same output whatever the chunking', () => {
    const whole = replay('pty-4-layers.txt', 1_000_000).snapshots.at(-1);
    const bytewise = replay('pty-4-layers.txt', 1).snapshots.at(-1);
    expect(bytewise).toEqual(whole);
  });

  it('keeps terminal codes out of the transcript, and says when podman retries', () => {
    const { parser, snapshots } = replay('pty-connection-refused.txt');
    expect(snapshots.map((s) => s.message)).toContain('Retrying in 1s (2/3): connection refused');
    expect(parser.transcript.join('\n')).not.toContain('\u001b');
    expect(parser.transcript[1]).toMatch(/^WARN\[0000\] Failed, retrying in 1s \.\.\. \(1\/3\)/);
  });
});

describe('pull progress through pipes', () => {
  it('counts layers (podman prints no sizes there) and the image id', () => {
    const { parser, snapshots } = replay('pipe-4-layers.txt');
    expect(parser.imageId).toMatch(/^63cf338bc37c/);
    const last = snapshots.at(-1)!;
    expect(last).toMatchObject({ layersDone: 4, layersTotal: 4 });
    expect(last.bytesTotal).toBeUndefined();
    expect(snapshots.some((s) => s.layersTotal === 2 && s.layersDone === 0)).toBe(true);
  });
});

describe('pull failures, as podman 4.3.1 prints them', () => {
  it.each([
    ['pty-no-network.txt', 'network', 'quay.io/toolbx/ubuntu-toolbox:24.04', 'Could not reach quay.io'],
    ['pty-connection-refused.txt', 'network', '127.0.0.1:5057/tsh-wiz-gone:1', 'Could not reach 127.0.0.1:5057'],
    ['pty-manifest-unknown.txt', 'not-found', '127.0.0.1:5055/toolshed-fixture:nope', 'does not exist on 127.0.0.1:5055'],
    ['pty-unauthorized.txt', 'unauthorized', '127.0.0.1:5056/toolshed-fixture:bookworm', 'refused access'],
    ['pty-http-registry.txt', 'tls', '127.0.0.1:5055/toolshed-fixture:bookworm', 'securely'],
    ['pty-short-name.txt', 'short-name', 'foobarzz', 'full reference'],
    ['pipe-short-name.txt', 'short-name', 'foobarzz', 'full reference'],
    ['pipe-short-name-search.txt', 'short-name', 'toolshed-fixture:bookworm', 'full reference'],
  ])('%s is a %s failure', (file, kind, reference, message) => {
    const { parser } = replay(file);
    expect(parser.imageId).toBeUndefined();
    expect(parser.error).toBeDefined();
    expect(classifyPullError(parser.error!)).toBe(kind);
    const error = pullError(reference, parser.error!, parser.transcript.join('\n'));
    expect(error.code).toBe('PULL_FAILED');
    expect(error.message).toContain(message);
    expect(error.detail).toContain(parser.error!);
  });

  it('passes an unknown failure through in podman words', () => {
    const error = pullError('quay.io/x/y:1', 'writing blob: storage is full', '');
    expect(classifyPullError('writing blob: storage is full')).toBe('other');
    expect(error.message).toBe('Pulling quay.io/x/y:1 failed: writing blob: storage is full');
  });
});
