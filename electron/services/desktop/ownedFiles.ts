// The file system side of desktop integration: find Toolshed's entries, write a
// file without ever replacing one that is not Toolshed's (another name is used
// instead), and delete only what Toolshed wrote. Writes are atomic: a desktop
// environment watching the folder never reads a half-written entry.
import { randomUUID } from 'node:crypto';
import { link, lstat, mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolshedError } from '../../../shared/errors.js';
import { FILE_PREFIX, ownershipOf, type Ownership } from './ownership.js';

export interface OwnedEntry {
  file: string;
  ownership: Ownership;
}

const MAX_ENTRY_BYTES = 256 * 1024;
const MAX_ALTERNATES = 50;

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException | undefined)?.code === code;

/** A regular file's bytes; null when nothing is there; 'other' for a symlink, folder or device (never ours). */
export async function readRegularFile(file: string, maxBytes = 16 * 1024 * 1024): Promise<Buffer | null | 'other'> {
  try {
    const info = await lstat(file);
    if (!info.isFile() || info.size > maxBytes) return 'other';
    return await readFile(file);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
}

/** Toolshed's entries in the applications folder (files named toolshed-*.desktop that carry its keys). */
export async function scanOwnedEntries(applicationsDir: string): Promise<OwnedEntry[]> {
  let names: string[];
  try {
    names = await readdir(applicationsDir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw error;
  }
  const entries: OwnedEntry[] = [];
  for (const name of names.filter((n) => n.startsWith(FILE_PREFIX) && n.endsWith('.desktop')).sort()) {
    const file = path.join(applicationsDir, name);
    const bytes = await readRegularFile(file, MAX_ENTRY_BYTES).catch(() => 'other' as const);
    if (bytes === null || bytes === 'other') continue;
    const ownership = ownershipOf(bytes.toString('utf8'));
    if (ownership) entries.push({ file, ownership });
  }
  return entries;
}

/** Names to try in order: the one already used for this purpose, then base.ext, base-2.ext, … */
export function candidateNames(base: string, ext: string, alreadyUsed?: string): string[] {
  const names = Array.from({ length: MAX_ALTERNATES }, (_, i) => (i === 0 ? `${base}${ext}` : `${base}-${i + 1}${ext}`));
  return alreadyUsed ? [alreadyUsed, ...names.filter((n) => n !== alreadyUsed)] : names;
}

export interface WriteOptions {
  /** May the file found at this path (Toolshed's own, for the same purpose) be replaced? */
  mayReplace: (file: string, existing: Buffer) => boolean;
  mode?: number;
}

/**
 * Writes content under the first candidate name that is free or holds a file
 * Toolshed may replace, and returns its path. A name holding anything else is
 * skipped, so a user's file is never touched.
 */
export async function writeOwnedFile(dir: string, names: readonly string[], content: string | Buffer, options: WriteOptions): Promise<string> {
  await mkdir(dir, { recursive: true });
  const mode = options.mode ?? 0o644;
  for (const name of names) {
    const file = path.join(dir, name);
    const existing = await readRegularFile(file);
    if (existing === 'other') continue;
    if (existing !== null && !options.mayReplace(file, existing)) continue;
    const temporary = path.join(dir, `.${FILE_PREFIX}${randomUUID()}.tmp`);
    await writeFile(temporary, content, { mode, flag: 'wx' });
    try {
      if (existing === null) {
        // link() fails if a file appeared meanwhile: still never replaces one
        await link(temporary, file);
      } else {
        await rename(temporary, file);
      }
      return file;
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }
  throw new ToolshedError('NAME_TAKEN', `Toolshed found no free file name for ${names[0] ?? 'its file'} in ${dir}; files it did not write were left alone.`);
}

/** Deletes a file when `isOwned` says it is Toolshed's; a missing file counts as deleted. */
export async function removeOwnedFile(file: string, isOwned: (existing: Buffer) => boolean): Promise<boolean> {
  const existing = await readRegularFile(file);
  if (existing === null) return false;
  if (existing === 'other' || !isOwned(existing)) return false;
  await unlink(file).catch((error: unknown) => {
    if (!isCode(error, 'ENOENT')) throw error;
  });
  return true;
}
