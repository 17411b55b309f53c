// An AppImage starts Toolshed with its own environment: APPDIR, APPIMAGE,
// ARGV0, OWD, its folders put in front of PATH, LD_LIBRARY_PATH and
// XDG_DATA_DIRS; and Electron adds CHROME_DESKTOP wherever it runs from. Host shells, toolbox tabs
// and host commands must get the user's environment instead, so the main
// process takes those out of its own before the engine starts anything.
// Pure: unit-tested with an AppImage's real environment.

/** Variables an AppImage sets for itself, and nothing of the user's. */
const APPIMAGE_VARIABLES = ['APPDIR', 'APPIMAGE', 'ARGV0', 'OWD', 'APPIMAGE_UUID'];

/** Search paths an AppImage's AppRun may prepend its folders to. */
const SEARCH_PATHS = [
  'PATH',
  'LD_LIBRARY_PATH',
  'XDG_DATA_DIRS',
  'XDG_CONFIG_DIRS',
  'GSETTINGS_SCHEMA_DIR',
  'QT_PLUGIN_PATH',
  'PERLLIB',
  'PYTHONPATH',
  'GST_PLUGIN_SYSTEM_PATH',
  'GST_PLUGIN_SYSTEM_PATH_1_0',
  'GI_TYPELIB_PATH',
];

/** The user's environment: without what Electron (CHROME_DESKTOP naming the app) and an AppImage added. */
export function userEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const cleaned: NodeJS.ProcessEnv = { ...env };
  // Electron sets it to the app's desktop file; one naming another program is the user's
  if (/toolshed/i.test(env.CHROME_DESKTOP ?? '')) delete cleaned.CHROME_DESKTOP;
  const appDir = env.APPDIR;
  if (!env.APPIMAGE || !appDir) return cleaned;
  const inside = (entry: string) => entry === appDir || entry.startsWith(`${appDir.replace(/\/$/, '')}/`) || entry.startsWith('./') || entry === '.';
  for (const name of APPIMAGE_VARIABLES) delete cleaned[name];
  for (const name of SEARCH_PATHS) {
    const value = env[name];
    if (value === undefined) continue;
    const kept = value.split(':').filter((entry) => entry !== '' && !inside(entry));
    if (kept.length) cleaned[name] = kept.join(':');
    else delete cleaned[name];
  }
  return cleaned;
}
