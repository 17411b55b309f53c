// The host's desktop: a toolbox's launcher entry, and its apps exported to the
// host's menu. Engine: electron/services/desktop/desktopApi.ts; renderer:
// renderer/state/desktop.ts.
import { z } from 'zod';
import { DESKTOP_FILE_PATTERN } from '../domain/names.js';
import { containerNameSchema, noArgs } from './fields.js';

const desktopFileSchema = z.string().regex(DESKTOP_FILE_PATTERN, 'a desktop file name ends in .desktop');

export const desktopCalls = {
  setLauncher: z.strictObject({ container: containerNameSchema, enabled: z.boolean() }),
  listLaunchers: noArgs,
  listContainerApps: z.strictObject({ container: containerNameSchema }),
  exportApp: z.strictObject({ container: containerNameSchema, desktopFile: desktopFileSchema }),
  unexportApp: z.strictObject({ container: containerNameSchema, desktopFile: desktopFileSchema }),
} satisfies Record<string, z.ZodType>;

export interface LauncherInfo {
  container: string;
  file: string;
}

export interface ContainerApp {
  /** The .desktop file's name inside the container. */
  desktopFile: string;
  name: string;
  exec: string;
  icon?: string;
  exported: boolean;
}

export interface DesktopResults {
  setLauncher: { file: string | null };
  listLaunchers: LauncherInfo[];
  listContainerApps: ContainerApp[];
  exportApp: { file: string };
  unexportApp: { removed: boolean };
}
