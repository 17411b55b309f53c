// A second signal that containers changed, beside `podman events`: podman's
// own state database, in its storage's libpod/ folder, is written on every
// create, start, stop, rename and removal, whoever made the change. A stream of
// events can start late, stall or die; the file changes all the same (Ptyxis'
// container agent watches podman's storage for the same reason).
import { watch } from 'node:fs';
import path from 'node:path';
import type { Disposable } from '../../../shared/disposable.js';

/** podman 4's BoltDB, podman 5's SQLite and its write-ahead log: written on changes only (reads touch the -shm file, never these). */
const STATE_FILES = new Set(['bolt_state.db', 'db.sql', 'db.sql-wal']);

export interface StateWatchOptions {
  onChange: () => void;
  /** The watch failed after it began (the folder went away): nothing more will be reported. */
  onLost: (error: unknown) => void;
}

/** Watches podman's state database under graphRoot; throws when the folder cannot be watched. */
export function watchPodmanState(graphRoot: string, options: StateWatchOptions): Disposable {
  const watcher = watch(path.join(graphRoot, 'libpod'), { persistent: false }, (_type, file) => {
    if (file === null || STATE_FILES.has(String(file))) options.onChange();
  });
  watcher.on('error', (error) => {
    watcher.close();
    options.onLost(error);
  });
  return { dispose: () => watcher.close() };
}
