// The bad-input corpus for what arrives outside the API: labels (anyone can set
// a container's or an image's labels, and an archive brings its own) and
// backup files (any file a user points at). Each hostile one is read as "no
// record": never a crash, never a setup Toolshed would apply.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOLSHED_OPTIONS_LABEL } from '../../shared/domain/labels.js';
import { readBackupRecord } from '../../electron/services/toolbox/backupFile.js';
import { readSetup } from '../../electron/services/toolbox/setup.js';
import { decodeSnapshot, encodeSnapshot } from '../../electron/services/toolbox/snapshots.js';
import type { PodmanInspect } from '../../electron/services/podman/types.js';
import { rootFacts } from '../support/hostFacts.js';

const goodSetup = {
  volumes: [{ hostPath: '/srv/data', containerPath: '/data', readOnly: true }],
  env: [{ name: 'EDITOR', value: 'vim' }],
  ulimitHost: false,
  hostname: null,
};
const HOSTILE_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  '',
  'x'.repeat(70_000),
  '\u202Eexe',
  '<img src=x onerror=alert(1)>',
  [],
  {},
  [null],
  { __proto__: { polluted: true } },
  true,
];

/** Every way to spoil one field of a snapshot record. */
function spoiledRecords(): unknown[] {
  const base = { of: 'dev-box', name: 'clean', takenAt: '2026-12-01T20:00:00.000Z', setup: goodSetup };
  const spoiled: unknown[] = [];
  for (const key of ['of', 'name', 'takenAt', 'setup'] as const) {
    for (const value of HOSTILE_VALUES) {
      // markup is text in a name (the UI never reads it as HTML)
      if (key === 'name' && typeof value === 'string' && value.startsWith('<')) continue;
      spoiled.push({ ...base, [key]: value });
    }
  }
  for (const value of HOSTILE_VALUES) spoiled.push({ ...base, setup: { ...goodSetup, volumes: [value] } }, { ...base, setup: { ...goodSetup, env: [value] } });
  spoiled.push(
    { ...base, setup: { ...goodSetup, volumes: [{ hostPath: '/srv', containerPath: '/etc' }] } },
    { ...base, of: '-rf' },
    { ...base, of: 'box; reboot' },
  );
  return spoiled;
}

describe('hostile labels', () => {
  it('a snapshot label that is not a record Toolshed wrote is no snapshot', () => {
    const labels = [...spoiledRecords().map((record) => Buffer.from(JSON.stringify(record)).toString('base64url')), '', '%%%', 'bnVsbA', 'x'.repeat(70_000)];
    for (const label of labels) expect(decodeSnapshot(label), label.slice(0, 60)).toBeUndefined();
    expect(decodeSnapshot(encodeSnapshot({ of: 'dev-box', name: 'clean', takenAt: '2026-12-01T20:00:00.000Z', setup: goodSetup }))).toBeDefined();
  });

  it('an options label that is not what Toolshed writes is no record: the container is read as podman shows it', () => {
    const inspect = {
      Id: 'a'.repeat(64),
      Name: 'box',
      Created: '',
      ImageName: 'x',
      State: { Status: 'running', Running: true, Pid: 1 },
      Config: { Hostname: 'toolbx', Labels: {} as Record<string, string>, Env: [] },
      Mounts: [],
    } as PodmanInspect;
    const labels = [
      ...HOSTILE_VALUES.map((value) => JSON.stringify({ volumes: [value], env: [], ulimitHost: false })),
      ...HOSTILE_VALUES.map((value) => JSON.stringify({ volumes: [], env: [value], ulimitHost: false })),
      ...HOSTILE_VALUES.map((value) => JSON.stringify(value)),
    ];
    for (const label of labels) {
      inspect.Config.Labels = { [TOOLSHED_OPTIONS_LABEL]: label };
      expect(readSetup(inspect, [], rootFacts, true).source, label.slice(0, 60)).toBe('inspected');
    }
  });
});

describe('hostile backup files', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'toolshed-bad-archives-'));
  /** A ustar member: a 512-byte header, then the data padded to 512. */
  const member = (name: string, data: Buffer | string, size = Buffer.byteLength(data)) => {
    const header = Buffer.alloc(512);
    header.write(name, 0, 'latin1');
    header.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
    header.write('0', 156, 'latin1');
    const body = Buffer.from(data);
    return Buffer.concat([header, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
  };
  const file = (name: string, content: Buffer | string) => {
    const at = path.join(folder, name);
    writeFileSync(at, content);
    return at;
  };

  it('are read as no backup: empty, random, truncated, a tar whose JSON is wrong, lies about sizes or points outside itself', async () => {
    const label = encodeSnapshot({ of: 'dev-box', name: 'clean', takenAt: '2026-12-01T20:00:00.000Z', setup: goodSetup });
    const dockerConfig = JSON.stringify({ config: { Labels: { 'dev.toolshed.snapshot': label } } });
    const files = [
      file('empty.tar', ''),
      file('random.tar', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256))),
      file('text.tar', 'hello'.repeat(300)),
      file('bad-json.tar', Buffer.concat([member('manifest.json', '[{"Config": '), Buffer.alloc(1024)])),
      file('missing-config.tar', Buffer.concat([member('manifest.json', '[{"Config": "nowhere.json"}]'), Buffer.alloc(1024)])),
      file('escape.tar', Buffer.concat([member('manifest.json', '[{"Config": "../../etc/passwd"}]'), Buffer.alloc(1024)])),
      file('index-escape.tar', Buffer.concat([member('index.json', '{"manifests":[{"digest":"sha256:../../../etc/passwd"}]}'), Buffer.alloc(1024)])),
      file('huge-size.tar', Buffer.concat([member('manifest.json', '[]', 8 ** 11 - 1)])),
      file('truncated.tar', member('manifest.json', '[{"Config": "c.json"}]').subarray(0, 700)),
      file(
        'forged-record.tar',
        Buffer.concat([
          member('manifest.json', '[{"Config": "c.json"}]'),
          member(
            'c.json',
            JSON.stringify({
              config: {
                Labels: { 'dev.toolshed.snapshot': Buffer.from(JSON.stringify({ of: 'x', name: '\u202E', takenAt: '', setup: {} })).toString('base64url') },
              },
            }),
          ),
          Buffer.alloc(1024),
        ]),
      ),
    ];
    for (const at of files) expect(await readBackupRecord(at), path.basename(at)).toBeUndefined();
    // the same shape with a record Toolshed wrote is read
    const good = file('good.tar', Buffer.concat([member('manifest.json', '[{"Config": "c.json"}]'), member('c.json', dockerConfig), Buffer.alloc(1024)]));
    expect(await readBackupRecord(good)).toMatchObject({ of: 'dev-box', setup: goodSetup });
  });
});
