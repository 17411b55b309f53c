// A rootless engine that really runs as the user "toolshed": the test (root)
// bundles createAsUser.ts with esbuild (already a dev dependency, so no
// TypeScript loader is needed) next to node_modules, and runs the bundle with
// node via runuser. The engine then sees that user's uid, home, runtime dir
// and podman storage, exactly as the app would when that user starts it.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { asRootlessUser } from './rootless.js';
import type { CreateAsUserInput, CreateAsUserOutput } from './createAsUser.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export async function bundleCreateAsUser(): Promise<string> {
  // inside the repository so the bundle resolves node_modules and finds package.json and assets/
  const dir = path.join(repo, 'node_modules', '.cache', 'toolshed-tests');
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const outfile = path.join(dir, `create-as-user-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(repo, 'test/support/createAsUser.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

export function createAsUser(bundle: string, input: CreateAsUserInput): Promise<CreateAsUserOutput> {
  const [command, args] = asRootlessUser(process.execPath, [bundle, JSON.stringify(input)]);
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: '/tmp', encoding: 'utf8', timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as CreateAsUserOutput);
      } catch {
        reject(new Error(`createAsUser printed no result (${error?.message ?? 'exit 0'}):\n${stderr}\n${stdout}`));
      }
    });
  });
}
