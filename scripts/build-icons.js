// Renders the app icon (assets/icon.svg, the one source drawing) into every
// hicolor size the Linux packages install: dist/icons/NxN.png, the folder
// layout electron-builder's linux.icon expects. resvg is an npm package with
// prebuilt renderers, so this runs wherever `npm ci` ran, with no system
// library (rsvg-convert, ImageMagick) to install.
//   node scripts/build-icons.js [--source FILE] [--out DIR]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

/** The sizes of hicolor's apps folders (Debian's hicolor-icon-theme index.theme). */
export const HICOLOR_SIZES = [16, 22, 24, 32, 36, 48, 64, 72, 96, 128, 192, 256, 512];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function buildIcons(source = path.join(root, 'assets', 'icon.svg'), outDir = path.join(root, 'dist', 'icons')) {
  const svg = readFileSync(source);
  mkdirSync(outDir, { recursive: true });
  return HICOLOR_SIZES.map((size) => {
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
    const file = path.join(outDir, `${size}x${size}.png`);
    writeFileSync(file, png);
    return file;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name) => {
    const index = process.argv.indexOf(name);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const files = buildIcons(option('--source'), option('--out'));
  process.stdout.write(`build-icons: ${files.length} sizes in ${path.dirname(files[0])}\n`);
}
