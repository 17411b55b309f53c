// Finding Toolshed's own files (the init script, package.json) from wherever
// the code runs: sources, the ESM CLI bundle, the CommonJS Electron bundle.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { assetsDir, findPackageRoot, initScriptPath, installedInitScript, outsideAsar, toolshedVersion } from '../../electron/services/packageFiles.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const temp = mkdtempSync(path.join(os.tmpdir(), 'toolshed-appfiles-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('app files', () => {
  it('finds the package root by walking up to Toolshed’s package.json', () => {
    expect(findPackageRoot(path.join(repo, 'electron/services/toolbox'))).toBe(path.resolve(repo));
    // another package's package.json on the way is not Toolshed's
    const other = path.join(temp, 'other/deep/dir');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(temp, 'other/package.json'), '{"name":"not-toolshed"}');
    expect(findPackageRoot(other)).toBeUndefined();
  });

  it('uses $TOOLSHED_ASSETS_DIR when set, else <root>/assets; the script must exist', () => {
    expect(initScriptPath({})).toBe(path.join(repo, 'assets/toolbox-init.sh'));
    expect(assetsDir({ TOOLSHED_ASSETS_DIR: '/opt/ts/assets' })).toBe('/opt/ts/assets');
    expect(() => initScriptPath({ TOOLSHED_ASSETS_DIR: temp })).toThrow(/init script is missing/);
  });

  it('keeps the init script toolboxes mount in the data folder, rewritten only when Toolshed ships another', () => {
    const env = { XDG_DATA_HOME: path.join(temp, 'data'), TOOLSHED_ASSETS_DIR: path.join(temp, 'assets') };
    mkdirSync(env.TOOLSHED_ASSETS_DIR, { recursive: true });
    writeFileSync(path.join(env.TOOLSHED_ASSETS_DIR, 'toolbox-init.sh'), '#!/bin/sh\necho one\n', { mode: 0o644 });
    const installed = installedInitScript(env);
    expect(installed).toBe(path.join(temp, 'data/toolshed/toolbox-init.sh'));
    expect(readFileSync(installed, 'utf8')).toBe('#!/bin/sh\necho one\n');
    const first = statSync(installed);
    expect(first.mode & 0o777).toBe(0o644);
    // the same script: the file is left as it is (a running toolbox's mount keeps its inode)
    expect(installedInitScript(env)).toBe(installed);
    expect(statSync(installed).ino).toBe(first.ino);
    // the same text with another mode: the copy follows (whether podman can run it depends on it)
    chmodSync(path.join(env.TOOLSHED_ASSETS_DIR, 'toolbox-init.sh'), 0o755);
    expect(statSync(installedInitScript(env)).mode & 0o777).toBe(0o755);
    // a new version (an update, or an AppImage under another mount): the copy follows
    writeFileSync(path.join(env.TOOLSHED_ASSETS_DIR, 'toolbox-init.sh'), '#!/bin/sh\necho two\n');
    expect(readFileSync(installedInitScript(env), 'utf8')).toBe('#!/bin/sh\necho two\n');
  });

  it('reads the version from package.json', () => {
    expect(toolshedVersion()).toBe((JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('points into app.asar.unpacked for files electron-builder unpacks', () => {
    expect(outsideAsar('/opt/Toolshed/resources/app.asar/assets/toolbox-init.sh')).toBe('/opt/Toolshed/resources/app.asar.unpacked/assets/toolbox-init.sh');
    expect(outsideAsar('/work/main/assets/toolbox-init.sh')).toBe('/work/main/assets/toolbox-init.sh');
  });

  it('works from both bundles: ESM (dist/server/cli.js) and CommonJS (dist/electron/main.cjs)', async () => {
    const entry = path.join(temp, 'entry.ts');
    writeFileSync(
      entry,
      `import { initScriptPath, toolshedVersion } from ${JSON.stringify(path.join(repo, 'electron/services/packageFiles.ts'))};\nconsole.log(initScriptPath({}), toolshedVersion());\n`,
    );
    // bundles live inside the package, as dist/ does
    const out = path.join(repo, 'node_modules/.cache/toolshed-tests');
    for (const format of ['esm', 'cjs'] as const) {
      const outfile = path.join(out, `appfiles-${process.pid}.${format === 'esm' ? 'mjs' : 'cjs'}`);
      await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format, logLevel: 'error' });
      try {
        expect(execFileSync(process.execPath, [outfile], { encoding: 'utf8', cwd: os.tmpdir() }).trim()).toBe(
          `${path.join(repo, 'assets/toolbox-init.sh')} ${toolshedVersion()}`,
        );
      } finally {
        rmSync(outfile, { force: true });
      }
    }
  });
});
