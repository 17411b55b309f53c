// What a snapshot image records and how a toolbox's setup is read back: from
// Toolshed's label, or, for a container the toolbox CLI made, from podman 5's
// recorded inspect output (nothing beyond Toolbx's own setup).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callSchemas, type ToolboxSetup } from '../../shared/contract.js';
import { SNAPSHOT_REPOSITORY, TOOLSHED_OPTIONS_LABEL, TOOLSHED_SNAPSHOT_LABEL } from '../../shared/domain/labels.js';
import type { PodmanImageEntry, PodmanInspect } from '../../electron/services/podman/types.js';
import { readSetup, setupOptions } from '../../electron/services/toolbox/setup.js';
import { decodeSnapshot, encodeSnapshot, fitSnapshotName, snapshotImageName, snapshotLabels, snapshotsOf } from '../../electron/services/toolbox/snapshots.js';
import type { HostFacts } from '../../electron/services/toolbox/hostFacts.js';
import { rootFacts } from '../support/hostFacts.js';

const inspected = (JSON.parse(readFileSync(new URL('../recorded/podman5/podman-inspect-toolbox.json', import.meta.url), 'utf8')) as PodmanInspect[])[0]!;
// as recorded: podman 5.8.6 with toolbox 0.0.99.4, no /run/media
const facts: HostFacts = { ...rootFacts, runMedia: false, podmanVersion: '5.8.6', toolbox: { path: '/usr/bin/toolbox', version: '0.0.99.4' } };
const IMAGE_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'];
const setup: ToolboxSetup = {
  volumes: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: true }],
  env: [{ name: 'EDITOR', value: 'vim' }],
  ulimitHost: false,
  hostname: 'toolbx',
};

describe('a toolbox setup read back', () => {
  it('finds nothing beyond Toolbx in a container the toolbox CLI made (podman 5 recording)', () => {
    expect(readSetup(inspected, IMAGE_ENV, facts, true)).toEqual({
      setup: { volumes: [], env: [], ulimitHost: true, hostname: 'toolbox' },
      source: 'inspected',
    });
  });

  it('finds the extra bind mounts and variables of a container made by hand', () => {
    const extra = structuredClone(inspected);
    extra.Mounts = [...(extra.Mounts ?? []), { Type: 'bind', Source: '/srv/data', Destination: '/data', RW: false } as never];
    extra.Config.Env = [...(extra.Config.Env ?? []), 'EDITOR=vim', 'GREETING=a=b'];
    expect(readSetup(extra, IMAGE_ENV, facts, false).setup).toEqual({
      volumes: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: true }],
      env: [
        { name: 'EDITOR', value: 'vim' },
        { name: 'GREETING', value: 'a=b' },
      ],
      ulimitHost: false,
      hostname: 'toolbox',
    });
  });

  it("takes Toolshed's recorded options over what podman shows, and refuses a malformed label", () => {
    const recorded = structuredClone(inspected);
    recorded.Config.Labels = { ...recorded.Config.Labels, [TOOLSHED_OPTIONS_LABEL]: JSON.stringify(setupOptions(setup)) };
    expect(readSetup(recorded, IMAGE_ENV, facts, true)).toEqual({ setup: { ...setup, hostname: 'toolbox' }, source: 'recorded' });
    // labels are anyone's to set: each of these is read as no record at all (a null entry crashed the setup dialog)
    for (const label of [
      '{"volumes": 3}',
      '{"volumes":[null],"env":[null],"ulimitHost":false}',
      '{"volumes":[],"env":[{"name":"A","value":null}],"ulimitHost":false}',
      '{"volumes":[{"hostPath":"relative","containerPath":"/x"}],"env":[],"ulimitHost":false}',
      '{"volumes":[{"hostPath":"/srv","containerPath":"/etc"}],"env":[],"ulimitHost":false}',
      '{"volumes":[],"env":[{"name":"BAD NAME","value":"x"}],"ulimitHost":false}',
      '{"volumes":[],"env":[],"ulimitHost":"yes"}',
      'null',
      '[]',
      '{"volumes":[],"env":[],"ulimitHost":false',
      `{"volumes":[],"env":[],"ulimitHost":false,"pad":"${'x'.repeat(300_000)}"}`,
    ]) {
      recorded.Config.Labels[TOOLSHED_OPTIONS_LABEL] = label;
      expect(readSetup(recorded, IMAGE_ENV, facts, true).source, label.slice(0, 80)).toBe('inspected');
    }
  });
});

describe('snapshot images', () => {
  const record = { of: 'dev-box', name: 'before the upgrade', takenAt: '2026-12-01T20:00:00.000Z', setup };

  it('carry their record in one label, and nothing else decodes', () => {
    const label = snapshotLabels(record)[TOOLSHED_SNAPSHOT_LABEL];
    expect(decodeSnapshot(label)).toEqual(record);
    expect(encodeSnapshot(record)).toBe(label);
    for (const forged of [undefined, '', 'not base64 {', Buffer.from('{"of":"x"}').toString('base64url'), 'a'.repeat(70_000)])
      expect(decodeSnapshot(forged)).toBeUndefined();
  });

  it("are named in Toolshed's own repository, lowercase, one tag per moment", () => {
    const name = snapshotImageName('Dev-Box', new Date('2026-12-01T20:01:02.345Z'));
    expect(name).toBe(`${SNAPSHOT_REPOSITORY}/dev-box:snap-20261201-200102-345`);
  });

  it('are listed per toolbox, newest first, among other images', () => {
    const label = (of: string, name: string) => ({ [TOOLSHED_SNAPSHOT_LABEL]: encodeSnapshot({ ...record, of, name }) });
    const named = (of: string) => [`${SNAPSHOT_REPOSITORY}/${of}:snap-20261201-200000-000`];
    const images = [
      { Id: 'a'.repeat(64), Names: named('dev-box'), Size: 10, Created: 100, Labels: label('dev-box', 'old') },
      { Id: 'b'.repeat(64), Names: named('dev-box'), Size: 20, Created: 300, Labels: label('dev-box', 'new') },
      { Id: 'c'.repeat(64), Names: named('other'), Size: 30, Created: 200, Labels: label('other', 'x') },
      { Id: 'd'.repeat(64), Names: named('dev-box'), Size: 40, Created: 400, Labels: { [TOOLSHED_SNAPSHOT_LABEL]: 'forged' } },
      { Id: 'e'.repeat(64), Size: 50, Created: 500, Labels: null },
      // a label that claims dev-box on an image named otherwise (loaded from an archive): no snapshot of it
      { Id: 'f'.repeat(64), Names: ['docker.io/library/debian:12'], Size: 60, Created: 600, Labels: label('dev-box', 'claimed') },
      { Id: '9'.repeat(64), Names: named('other'), Size: 70, Created: 700, Labels: label('dev-box', 'misfiled') },
    ];
    expect(snapshotsOf(images, 'dev-box').map((s) => s.name)).toEqual(['new', 'old']);
    expect(snapshotsOf(images).map((s) => s.container)).toEqual(['dev-box', 'other', 'dev-box']);
    expect(snapshotsOf(images, 'dev-box')[0]).toMatchObject({ id: 'b'.repeat(64), sizeBytes: 20, created: 300, setup });
  });

  it('have names of one line, 1 to 64 characters, that read as what they are', () => {
    const take = (name: string) => callSchemas.takeSnapshot.safeParse({ container: 'box', name, operationId: 'op' }).success;
    expect(take('before upgrading; "gcc" & co')).toBe(true);
    expect(take('avant la mise à jour — 日本語')).toBe(true);
    // right-to-left override, zero-width space, byte-order mark, soft hyphen
    for (const bad of ['', 'a\nb', 'tab\there', 'x'.repeat(65), 'gpj.\u202Eexe', 'clean\u200b', '\uFEFFclean', 'cle\u00ADan'])
      expect(take(bad), JSON.stringify(bad)).toBe(false);
  });

  it('made up by Toolshed fit the same rules, however long the file or toolbox name', () => {
    const take = (name: string) => callSchemas.takeSnapshot.safeParse({ container: 'box', name, operationId: 'op' }).success;
    for (const made of [`Backup to ${'b'.repeat(200)}.tar`, 'Backup to \u202Eexe.tar', `For the clone ${'c'.repeat(60)}`])
      expect(take(fitSnapshotName(made)), made).toBe(true);
    expect(fitSnapshotName('Backup to x.tar')).toBe('Backup to x.tar');
  });

  it('from a label name the same way: a forged record with a direction-changing name is no snapshot', () => {
    const forged = encodeSnapshot({ of: 'dev-box', name: 'clean\u202Eevil', takenAt: '2026-12-01T20:00:00.000Z', setup });
    expect(decodeSnapshot(forged)).toBeUndefined();
  });
});

describe('the disk a snapshot takes', () => {
  // recorded (podman 4.3.1): two snapshots of tsh-rec, the second taken of a
  // container made from the first; ~3 MB then ~1 MB written before each commit
  const images = JSON.parse(readFileSync(new URL('../recorded/podman-images-snapshots.json', import.meta.url), 'utf8')) as PodmanImageEntry[];

  it('is what it adds to the image it was made on (shared layers counted once)', () => {
    const [second, first] = snapshotsOf(images, 'tsh-rec');
    expect([first?.name, second?.name]).toEqual(['first', 'second']);
    const base = images.find((image) => image.Names?.includes('localhost/toolshed-fixture:bookworm'))!;
    expect(first!.ownBytes).toBe(first!.sizeBytes - base.Size);
    expect(second!.ownBytes).toBe(second!.sizeBytes - first!.sizeBytes);
    expect(first!.ownBytes).toBeGreaterThan(3_000_000);
    expect(second!.ownBytes).toBeGreaterThan(1_000_000);
    expect(second!.ownBytes).toBeLessThan(1_100_000);
  });

  it('is the whole image when the image it was made on is gone', () => {
    const withoutBase = images.filter((image) => !image.Names?.includes('localhost/toolshed-fixture:bookworm'));
    const first = snapshotsOf(withoutBase, 'tsh-rec').find((s) => s.name === 'first')!;
    expect(first.ownBytes).toBe(first.sizeBytes);
  });
});

describe('the image a toolbox restored from a backup runs on', () => {
  const images = JSON.parse(readFileSync(new URL('../recorded/podman-images-snapshots.json', import.meta.url), 'utf8')) as PodmanImageEntry[];
  // as restoreBackup names it: the backup's snapshot (of tsh-rec), named for the restored toolbox
  const first = images.find((image) => image.Names?.some((name) => name.endsWith(':snap-20261207-103000-000')))!;
  const restoredBase = { ...first, Id: 'f'.repeat(64), Names: ['localhost/toolshed-backups/tsh-back:restored-20261207-110000-000'] };

  it('is a snapshot of that toolbox, not of the one backed up', () => {
    const all = [...images, restoredBase];
    expect(snapshotsOf(all, 'tsh-back')).toEqual([expect.objectContaining({ id: restoredBase.Id, container: 'tsh-back', name: 'first' })]);
    expect(snapshotsOf(all, 'tsh-rec').map((s) => s.id)).not.toContain(restoredBase.Id);
    expect(snapshotsOf(all).find((s) => s.id === restoredBase.Id)?.container).toBe('tsh-back');
  });
});
