// The packaged app, without Electron: electron-builder packages Toolshed
// (--dir, offline) around a stand-in Electron distribution whose "electron"
// starts the stand-in, so the packaged layout itself is what runs: the
// renderer, preload and bundles inside app.asar, the files that must be real
// outside it, as electron-builder.yml lays them out.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../../test/support/serve.js';
import { STAND_IN } from './toolshed.js';

/** Electron's fuse sentinel and a wire of its 8 fuses at Electron's defaults: electron-builder flips them (electronFuses). */
const FUSE_WIRE = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('10110001')]);

/** An unpacked "Electron distribution" whose executable runs the stand-in as itself (--stand-in-exe). */
function standInDistribution(folder: string): string {
  mkdirSync(path.join(folder, 'resources'), { recursive: true });
  const script = Buffer.concat([
    Buffer.from('#!/bin/sh\n# the fuse wire electron-builder flips: '),
    FUSE_WIRE,
    Buffer.from(`\nexec '${process.execPath}' '${STAND_IN}' --stand-in-exe="$0" "$@"\n`),
  ]);
  writeFileSync(path.join(folder, 'electron'), script);
  chmodSync(path.join(folder, 'electron'), 0o755);
  writeFileSync(path.join(folder, 'version'), '45.3.4');
  return folder;
}

/** `electron-builder --dir` of the built app (npm run build first); answers the packaged executable. */
export function packageWithStandIn(): string {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'toolshed-packaged-'));
  const electronDist = standInDistribution(path.join(scratch, 'electron-dist'));
  execFileSync(
    'npx',
    [
      'electron-builder',
      '--config',
      'electron-builder.yml',
      '--linux',
      'dir',
      `-c.electronDist=${electronDist}`,
      '-c.electronVersion=45.3.4',
      '-c.npmRebuild=false',
      `-c.directories.output=${path.join(scratch, 'out')}`,
    ],
    { cwd: REPO, stdio: 'pipe', timeout: 180_000 },
  );
  return path.join(scratch, 'out', 'linux-unpacked', 'toolshed');
}
