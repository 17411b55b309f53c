// Writes the engine's own state files (settings, reports, journal entries,
// serve records): readable by the user only, and replaced whole, so a crash
// mid-write leaves the old file, never half a new one.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `text` to a temporary file beside `file` (mode 600), then renames it over `file`. */
export function writePrivateFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}
