// podman's state database as the list's signal (electron/services/podman/stateWatch.ts):
// found where each database keeps it, changes of its files reported, reads not.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchPodmanState } from '../../electron/services/podman/stateWatch.js';
import { pollUntil } from '../support/poll.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'toolshed-state-watch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function watched(graphRoot: string) {
  let changes = 0;
  const watch = watchPodmanState(graphRoot, { onChange: () => (changes += 1), onLost: () => undefined });
  return { changes: () => changes, dispose: () => watch.dispose() };
}

describe('watchPodmanState', () => {
  it("follows podman 5's SQLite database at the storage root: a write, not a read", async () => {
    const graphRoot = path.join(root, 'sqlite');
    mkdirSync(graphRoot);
    writeFileSync(path.join(graphRoot, 'db.sql'), '');
    const watch = watched(graphRoot);
    try {
      writeFileSync(path.join(graphRoot, 'db.sql-shm'), 'a read');
      writeFileSync(path.join(graphRoot, 'storage.lock'), '');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(watch.changes()).toBe(0);
      writeFileSync(path.join(graphRoot, 'db.sql-wal'), 'a write');
      await pollUntil('a change of db.sql-wal', () => watch.changes() > 0, 5000);
    } finally {
      watch.dispose();
    }
  });

  it("follows podman 4's BoltDB in libpod/", async () => {
    const graphRoot = path.join(root, 'bolt');
    mkdirSync(path.join(graphRoot, 'libpod'), { recursive: true });
    writeFileSync(path.join(graphRoot, 'libpod', 'bolt_state.db'), '');
    const watch = watched(graphRoot);
    try {
      writeFileSync(path.join(graphRoot, 'libpod', 'bolt_state.db'), 'a write');
      await pollUntil('a change of bolt_state.db', () => watch.changes() > 0, 5000);
    } finally {
      watch.dispose();
    }
  });

  it('refuses a storage without a database it knows (the list then follows podman events)', () => {
    const graphRoot = path.join(root, 'empty');
    mkdirSync(path.join(graphRoot, 'libpod'), { recursive: true });
    expect(() => watchPodmanState(graphRoot, { onChange: () => undefined, onLost: () => undefined })).toThrow(/no podman state database/);
  });
});
