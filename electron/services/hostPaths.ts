// What a path the user types is on this machine (a folder, a file, nothing),
// so a form says so as it is typed, before anything runs. Only the kind is
// told, never what a file holds; a path that cannot be read is "other".
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Api, PathKind } from '../../shared/contract.js';

async function kindOf(file: string): Promise<PathKind> {
  try {
    const info = await stat(file);
    return info.isDirectory() ? 'folder' : info.isFile() ? 'file' : 'other';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'missing' : 'other';
  }
}

export function hostPathsApi(): Pick<Api, 'describePath'> {
  return {
    async describePath({ path: file }) {
      const [kind, parent] = await Promise.all([kindOf(file), kindOf(path.dirname(file))]);
      return { path: file, kind, parent };
    },
  };
}
