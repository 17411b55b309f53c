// Programs on the host's PATH, and starting one the user will see (a terminal,
// an editor, a file manager): detached from the engine, which may go away
// before it does, with the engine's own secrets left out of its environment.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { ToolshedError } from '../../../shared/errors.js';

/** The first executable file called `name` on `env.PATH` (absolute entries only: relative ones depend on the cwd). */
export async function findProgram(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    if (!dir.startsWith('/')) continue;
    const candidate = path.join(dir, name);
    const runnable = await Promise.all([stat(candidate), access(candidate, constants.X_OK)]).then(
      ([info]) => info.isFile(),
      () => false,
    );
    if (runnable) return candidate;
  }
  return undefined;
}

/** Starts `program` for the user and resolves once it has started (or fails saying why); it outlives the engine. */
export function startForUser(program: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  const { TOOLSHED_TOKEN: _token, ...env } = options.env;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd: options.cwd, env, detached: true, stdio: 'ignore' });
    child.once('error', (error) => reject(new ToolshedError('INTERNAL', `${path.basename(program)} could not be started: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
