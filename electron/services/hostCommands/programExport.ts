// A toolbox's program on the host: ~/.local/bin/NAME, a script that runs it in
// the toolbox through toolshed-run (which starts the toolbox when it is
// stopped). The home is shared, so toolboxes see the script too: in its own
// toolbox it runs the program directly, in another it asks the host through
// toolshed-host. Marked as Toolshed's (with the toolbox's name and id, so it
// follows a rename and goes with the toolbox); a file of the user's is never
// replaced.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ToolshedError } from '../../../shared/errors.js';
import type { ExportedProgram } from '../../../shared/contract.js';
import { readRegularFile, removeOwnedFile, writeOwnedFile } from '../desktop/ownedFiles.js';
import { inToolbox } from './hostCommandPaths.js';
import { shQuote } from './shims.js';

const EXPORT_MARKER = '# toolshed-export: written by Toolshed; it removes this file with the toolbox, and edits are lost.';
const MAX_SCRIPT_BYTES = 16 * 1024;

export interface ProgramExportSpec {
  container: string;
  containerId: string;
  program: string;
  /** The program's absolute path inside the toolbox. */
  target: string;
  /** toolshed-run on the host. */
  runner: string;
  /** toolshed-host on the host (run through /run/host from another toolbox). */
  client: string;
}

/** A path found in the container that can go in a script as it is. */
export const SAFE_TARGET = /^\/[A-Za-z0-9._+/-]{1,1024}$/;

export function exportScript(spec: ProgramExportSpec): string {
  const record = JSON.stringify({ container: spec.container, containerId: spec.containerId, program: spec.program, target: spec.target });
  return `#!/bin/sh
${EXPORT_MARKER}
# ${record}
# Runs ${spec.program} in the toolbox ${spec.container}.
container=${shQuote(spec.container)}
program=${shQuote(spec.target)}
runner=${shQuote(spec.runner)}
if [ -f /run/.containerenv ]; then
  # in that toolbox itself: run it there; in another one: ask the host to
  if grep -qx "name=\\"$container\\"" /run/.containerenv; then exec "$program" "$@"; fi
  exec ${shQuote(inToolbox(spec.client))} "$runner" "$container" "$program" "$@"
fi
exec "$runner" "$container" "$program" "$@"
`;
}

type OwnedExport = ExportedProgram & { containerId: string };

/** The export a script records, or null when it is not one of Toolshed's. */
export function exportOf(text: string, file: string): OwnedExport | null {
  const lines = text.split('\n', 4);
  if (lines[1] !== EXPORT_MARKER) return null;
  try {
    const { container, containerId, program, target } = JSON.parse((lines[2] ?? '').replace(/^# /, '')) as Record<string, unknown>;
    if (typeof container !== 'string' || typeof containerId !== 'string' || typeof program !== 'string' || typeof target !== 'string') return null;
    return { container, containerId, program, target, file };
  } catch {
    return null;
  }
}

/** Toolshed's exported programs in the folder. */
export async function scanExports(binDir: string): Promise<OwnedExport[]> {
  const names = await readdir(binDir).catch(() => [] as string[]);
  const found: OwnedExport[] = [];
  for (const name of names.sort()) {
    const file = path.join(binDir, name);
    const bytes = await readRegularFile(file, MAX_SCRIPT_BYTES).catch(() => null);
    if (!bytes || bytes === 'other') continue;
    const owned = exportOf(bytes.toString('utf8'), file);
    if (owned) found.push(owned);
  }
  return found;
}

/** Writes ~/.local/bin/PROGRAM for the toolbox; replaces only the same toolbox's export of it. */
export async function writeExport(binDir: string, spec: ProgramExportSpec): Promise<string> {
  try {
    return await writeOwnedFile(binDir, [spec.program], exportScript(spec), {
      mode: 0o755,
      mayReplace: (file, existing) => {
        const owned = exportOf(existing.toString('utf8'), file);
        return owned !== null && (owned.containerId === spec.containerId || owned.container === spec.container);
      },
    });
  } catch (error) {
    if (error instanceof ToolshedError && error.code === 'NAME_TAKEN') {
      throw new ToolshedError(
        'NAME_TAKEN',
        `${path.join(binDir, spec.program)} exists and is not Toolshed's export from ${spec.container}: it was left alone.`,
      );
    }
    throw error;
  }
}

/** Deletes an export when the file is Toolshed's export `matches` accepts. */
export function removeExport(file: string, matches: (owned: OwnedExport) => boolean): Promise<boolean> {
  return removeOwnedFile(file, (bytes) => {
    const owned = exportOf(bytes.toString('utf8'), file);
    return owned !== null && matches(owned);
  });
}
