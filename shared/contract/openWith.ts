// A toolbox opened in the user's own tools: a terminal of the host's, VS Code
// attached as the user, the file manager at its files. Engine:
// electron/services/openWith/openWithApi.ts; renderer: renderer/state/openWith.ts.
import { z } from 'zod';
import { absolutePathSchema, containerRefSchema, noArgs } from './fields.js';

/** A terminal's or an editor's id, as describeOpenWith lists them. */
const toolIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a tool id is lowercase letters, digits and "-"');

const editorRequest = {
  container: containerRefSchema,
  editor: toolIdSchema,
  /** The folder the window opens (default: the home). */
  folder: absolutePathSchema.optional(),
  /** Also point Dev Containers at podman (a setting of the user's, changed only when asked). */
  usePodman: z.boolean().optional(),
};

export const openWithCalls = {
  describeOpenWith: noArgs,
  /** `terminal`: one describeOpenWith found (default: the preferred one, else the first found). */
  openInTerminal: z.strictObject({ container: containerRefSchema, terminal: toolIdSchema.optional() }),
  /** What opening in the editor would write (shown to the user before anything is). */
  planEditor: z.strictObject(editorRequest),
  /** Writes what planEditor showed, if the files are still as shown (`digest`), and opens the window. */
  openInEditor: z.strictObject({ ...editorRequest, digest: z.string().regex(/^[0-9a-f]{64}$/, 'a digest is 64 hex digits') }),
  /** The file manager at the toolbox's own files (`root`, while it runs) or at its home (the host's). */
  openFiles: z.strictObject({ container: containerRefSchema, where: z.enum(['root', 'home']) }),
} satisfies Record<string, z.ZodType>;

export interface HostTool {
  id: string;
  name: string;
}

/** A file Toolshed would write: what it holds now (null: it does not exist) and after. */
export interface FileChange {
  path: string;
  before: string | null;
  after: string;
  /** Why, in a sentence. */
  why: string;
}

export interface EditorPlan {
  /** The command line that opens the window. */
  argv: string[];
  changes: FileChange[];
  notes: string[];
  digest: string;
}

export interface OpenWithResults {
  /** `terminal`: the one "Open in terminal" uses (the preferred one when installed, else the first found). */
  describeOpenWith: { terminals: HostTool[]; terminal?: string; editors: HostTool[]; fileManager: boolean };
  openInTerminal: { terminal: string; argv: string[] };
  planEditor: EditorPlan;
  openInEditor: { argv: string[]; written: string[] };
  openFiles: { path: string };
}
