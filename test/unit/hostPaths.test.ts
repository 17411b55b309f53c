// describePath: what a typed path is on this machine, on the real filesystem.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostPathsApi } from '../../electron/services/hostPaths.js';

describe('a typed path', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsh-paths-'));
  mkdirSync(path.join(dir, 'folder'));
  writeFileSync(path.join(dir, 'file'), 'x');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { describePath } = hostPathsApi();

  it('is a folder, a file, something else or nothing, and so is its folder', async () => {
    expect(await describePath({ path: path.join(dir, 'folder') })).toEqual({ path: path.join(dir, 'folder'), kind: 'folder', parent: 'folder' });
    expect(await describePath({ path: path.join(dir, 'file') })).toMatchObject({ kind: 'file', parent: 'folder' });
    expect(await describePath({ path: '/dev/null' })).toMatchObject({ kind: 'other', parent: 'folder' });
    expect(await describePath({ path: path.join(dir, 'new.tar') })).toMatchObject({ kind: 'missing', parent: 'folder' });
    expect(await describePath({ path: path.join(dir, 'nowhere', 'new.tar') })).toMatchObject({ kind: 'missing', parent: 'missing' });
    // under a file: nothing can be there
    expect(await describePath({ path: path.join(dir, 'file', 'x') })).toMatchObject({ kind: 'missing', parent: 'file' });
  });
});
