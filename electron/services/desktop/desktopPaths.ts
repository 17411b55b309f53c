// Where desktop entries and icons go, per the XDG Base Directory spec, from
// the engine's environment (so tests point XDG_DATA_HOME at a temporary folder).
import path from 'node:path';
import { xdgDataHome } from '../xdgDirs.js';

export interface DesktopPaths {
  /** $XDG_DATA_HOME, or ~/.local/share. */
  dataHome: string;
  /** Menu entries: $XDG_DATA_HOME/applications. */
  applications: string;
  /** Toolshed's icons: $XDG_DATA_HOME/icons/hicolor (sub-folders per size). */
  icons: string;
  /** The script exported apps run: $XDG_DATA_HOME/toolshed/toolshed-run. */
  runner: string;
}

export function desktopPaths(env: NodeJS.ProcessEnv): DesktopPaths {
  const dataHome = xdgDataHome(env);
  return {
    dataHome,
    applications: path.join(dataHome, 'applications'),
    icons: path.join(dataHome, 'icons', 'hicolor'),
    runner: path.join(dataHome, 'toolshed', 'toolshed-run'),
  };
}

/** The hicolor folder for an icon: scalable/apps for SVG, NxN/apps for a bitmap. */
export function iconFolder(iconsRoot: string, format: { kind: 'svg' } | { kind: 'png' | 'xpm'; width: number; height: number }): string {
  if (format.kind === 'svg') return path.join(iconsRoot, 'scalable', 'apps');
  return path.join(iconsRoot, `${format.width}x${format.height}`, 'apps');
}
