// Paths typed in a form, as they are on this machine, and the desktop's file
// chooser. Engine: electron/services/hostPaths.ts; the chooser:
// electron/main/pathPicker.ts; renderer: renderer/state/hostPaths.ts.
import { z } from 'zod';
import { absolutePathSchema } from './fields.js';

/** The desktop's file chooser (shared/bridge.ts pickPath): a folder to share, a backup to read, a file to write; `defaultPath`: where it opens (a path typed already; else the home). */
export const pickPathRequestSchema = z.strictObject({
  purpose: z.enum(['folder', 'openFile', 'saveFile']),
  title: z.string().min(1).max(200),
  defaultPath: absolutePathSchema.optional(),
});

export const hostPathCalls = {
  /** What a path typed in a form is on this machine: a folder, a file, nothing. */
  describePath: z.strictObject({ path: absolutePathSchema }),
} satisfies Record<string, z.ZodType>;

export type PathKind = 'folder' | 'file' | 'other' | 'missing';

export interface HostPathResults {
  describePath: { path: string; kind: PathKind; /** What its folder is. */ parent: PathKind };
}
