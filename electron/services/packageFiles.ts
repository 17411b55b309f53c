// Files Toolshed ships beside its code: assets/toolbox-init.sh (the entry point
// of toolboxes made without a host toolbox binary) and package.json (its
// version, recorded on every toolbox it makes). The code runs from TypeScript
// sources (tests), from dist/server/cli.js (ESM) and from dist/electron/main.cjs
// (CommonJS, maybe inside an asar archive), so the package root is found by
// walking up from this module to Toolshed's package.json.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolshedError } from '../../shared/errors.js';
import { xdgDataHome } from './xdgDirs.js';

const PACKAGE_NAME = 'toolshed';
export const INIT_SCRIPT = 'toolbox-init.sh';

/** The directory holding this module (import.meta.url in ESM, __dirname in the CommonJS bundle). */
export function moduleDir(): string {
  const url = (import.meta as { url?: string }).url;
  return url ? path.dirname(fileURLToPath(url)) : __dirname;
}

function isToolshedPackage(dir: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The nearest directory at or above `start` whose package.json is Toolshed's. */
export function findPackageRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (isToolshedPackage(dir)) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

let cachedRoot: string | undefined;
function packageRoot(): string {
  cachedRoot ??= findPackageRoot(moduleDir());
  if (!cachedRoot) throw new ToolshedError('INTERNAL', 'Toolshed cannot find its own package.json (where its assets live).');
  return cachedRoot;
}

/** Files in an asar archive cannot be bind-mounted: use electron-builder's unpacked copy. */
export function outsideAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** The assets directory: $TOOLSHED_ASSETS_DIR when set, else <package root>/assets. */
export function assetsDir(env: NodeJS.ProcessEnv): string {
  const override = env.TOOLSHED_ASSETS_DIR;
  if (override) return path.resolve(override);
  return outsideAsar(path.join(packageRoot(), 'assets'));
}

/** The bundled init script, checked to exist (it is bind-mounted into containers). */
export function initScriptPath(env: NodeJS.ProcessEnv): string {
  const script = path.join(assetsDir(env), INIT_SCRIPT);
  if (!existsSync(script)) {
    throw new ToolshedError(
      'NOT_FOUND',
      `Toolshed's container init script is missing: ${script}.`,
      'Reinstall Toolshed, or install the toolbox package so its binary is used instead.',
    );
  }
  return script;
}

/**
 * The init script where toolboxes mount it from: a copy in $XDG_DATA_HOME/toolshed/, kept up to date.
 * Toolshed's own files may live on a mount that goes away (an AppImage's, under /tmp, renamed at
 * every run) or move with an update, and a toolbox needs its entry point at every start.
 */
export function installedInitScript(env: NodeJS.ProcessEnv): string {
  const source = initScriptPath(env);
  const target = path.join(xdgDataHome(env), 'toolshed', INIT_SCRIPT);
  const text = readFileSync(source);
  const mode = statSync(source).mode & 0o755;
  if (existsSync(target) && readFileSync(target).equals(text) && (statSync(target).mode & 0o777) === mode) return target;
  mkdirSync(path.dirname(target), { recursive: true });
  // replaced whole: a toolbox starting meanwhile mounts the old script or the new one, never half of one
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, target);
  return target;
}

let cachedVersion: string | undefined;
export function toolshedVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    cachedVersion = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  }
  return cachedVersion;
}
