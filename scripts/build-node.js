// Bundles the Node-side entry points with esbuild: the Electron main process and
// preload (CommonJS, as Electron's sandboxed preload requires), the CLI, and the
// stand-in Electron that the desktop e2e tests run the main and preload on.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  // appFiles.ts finds assets/ through import.meta.url in ESM and __dirname in CommonJS: the empty import.meta here is expected
  build({
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/electron/main.cjs',
    format: 'cjs',
    external: ['electron', 'node-pty'],
    logOverride: { 'empty-import-meta': 'silent' },
  }),
  build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({ ...common, entryPoints: ['electron/server/cli.ts'], outfile: 'dist/server/cli.js', format: 'esm', packages: 'external' }),
  // a test double, kept out of packages (electron-builder.yml lists what they hold); its page script goes in as text
  build({
    ...common,
    entryPoints: ['test/stand-in-electron/launcher.ts'],
    outfile: 'dist/stand-in-electron/electron.cjs',
    format: 'cjs',
    external: ['playwright-core', '@electron/asar'],
    loader: { '.page.js': 'text' },
  }),
]);
