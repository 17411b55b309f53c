// electron-builder.yml, checked offline with electron-builder's own code (no
// Electron binary needed): it matches electron-builder's schema, the desktop
// entry electron-builder generates from it validates, the fuses and the
// unpacked node-pty are declared, and the icon script renders every hicolor size.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { findGroup, parseDesktopFile, rawValue } from '../../electron/services/desktop/desktopEntry.js';
import { detectIconFormat } from '../../electron/services/desktop/iconFormat.js';
import { desktopValidatorMissing, validateDesktopFile } from '../support/desktopValidate.js';

const root = new URL('../..', import.meta.url).pathname;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tsh-desk-pkg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const loadConfig = () => getConfig(root, path.join(root, 'electron-builder.yml'), null);

/** The desktop entry electron-builder writes into the deb and rpm, from its own LinuxTargetHelper. */
async function declaredDesktopEntry(config: Configuration): Promise<{ text: string; fileName: string }> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const metadata = { ...pkg, ...(config.extraMetadata as Record<string, unknown>) };
  // the parts of electron-builder's LinuxPackager that computeDesktopEntry reads
  const packager = {
    config,
    platformSpecificBuildOptions: config.linux,
    executableName: config.linux!.executableName,
    appInfo: { productName: config.productName, sanitizedProductName: config.productName, description: metadata.description, version: pkg.version },
    info: { metadata },
    fileAssociations: [],
  };
  const helper = new LinuxTargetHelper(packager as never);
  const text = await helper.computeDesktopEntry({ ...config.linux, ...(config.deb ?? {}) } as never);
  return { text, fileName: `${helper.getDesktopFileName()}.desktop` };
}

describe('electron-builder.yml', () => {
  it("matches electron-builder's configuration schema", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  }, 60_000); // compiling electron-builder's schema takes seconds on a busy machine

  it('builds AppImage, deb and rpm, with node-pty unpacked from the asar and the fuses set', async () => {
    const config = await loadConfig();
    expect(config.linux?.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.asarUnpack).toContain('node_modules/node-pty/**');
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false });
    expect(config.protocols).toEqual([{ name: 'Toolshed link', schemes: ['toolshed'] }]);
  });

  it.skipIf(desktopValidatorMissing())('declares a desktop entry that passes desktop-file-validate', async () => {
    const { text, fileName } = await declaredDesktopEntry(await loadConfig());
    expect(fileName).toBe('toolshed.desktop');
    const file = path.join(tmp, fileName);
    writeFileSync(file, text);
    expect(validateDesktopFile(file)).toBe('');
    const main = findGroup(parseDesktopFile(text), 'Desktop Entry');
    for (const key of ['Name', 'GenericName', 'Comment', 'Categories', 'Keywords', 'StartupWMClass']) expect(rawValue(main, key), key).toBeTruthy();
    // Electron's app_id / WM_CLASS comes from desktopName (toolshed.desktop): the window belongs to this entry
    expect(rawValue(main, 'StartupWMClass')).toBe('toolshed');
    expect(rawValue(main, 'MimeType')).toBe('x-scheme-handler/toolshed;');
    expect(rawValue(main, 'Exec')).toBe('/opt/Toolshed/toolshed %U');
  });
});

describe('scripts/build-icons.js', () => {
  it('renders assets/icon.svg into every hicolor apps size, 16 to 512', () => {
    const out = path.join(tmp, 'icons');
    execFileSync(process.execPath, [path.join(root, 'scripts/build-icons.js'), '--out', out]);
    const sizes = [16, 22, 24, 32, 36, 48, 64, 72, 96, 128, 192, 256, 512];
    expect(readdirSync(out).sort()).toEqual(sizes.map((s) => `${s}x${s}.png`).sort());
    for (const size of sizes) expect(detectIconFormat(readFileSync(path.join(out, `${size}x${size}.png`)))).toEqual({ kind: 'png', width: size, height: size });
  });
});
