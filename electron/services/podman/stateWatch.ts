// A second signal that containers changed, beside `podman events`: podman's
// own state database, in its storage folder, is written on every
// create, start, stop, rename and removal, whoever made the change. A stream of
// events can start late, stall or die; the file changes all the same (Ptyxis'
// container agent watches podman's storage for the same reason).
import { existsSync, watch } from 'node:fs';
import path from 'node:path';
import type { Disposable } from '../../../shared/disposable.js';

/**
 * Where podman keeps its state, by database: SQLite (podman 5's default) at the
 * storage's root, BoltDB (podman 4's) in its libpod/ folder. The files named are
 * written on changes only (a read touches SQLite's -shm file, never these).
 */
const DATABASES = [
  { folder: '.', file: 'db.sql', written: new Set(['db.sql', 'db.sql-wal']) },
  { folder: 'libpod', file: 'bolt_state.db', written: new Set(['bolt_state.db']) },
];

export interface StateWatchOptions {
  onChange: () => void;
  /** The watch failed after it began (the folder went away): nothing more will be reported. */
  onLost: (error: unknown) => void;
}

/** Watches podman's state database under graphRoot; throws when there is none it knows, or it cannot be watched. */
export function watchPodmanState(graphRoot: string, options: StateWatchOptions): Disposable {
  const database = DATABASES.find(({ folder, file }) => existsSync(path.join(graphRoot, folder, file)));
  if (!database) throw new Error(`no podman state database found under ${graphRoot}`);
  const watcher = watch(path.join(graphRoot, database.folder), { persistent: false }, (_type, file) => {
    if (file === null || database.written.has(String(file))) options.onChange();
  });
  watcher.on('error', (error) => {
    watcher.close();
    options.onLost(error);
  });
  return { dispose: () => watcher.close() };
}
