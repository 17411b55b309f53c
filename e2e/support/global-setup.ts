// Fails early, with the fix in the message, when what the e2e suite needs is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM, FIXTURE_IMAGE } from '../../test/support/machine.js';
import { E2E_TOOLS_DIR, e2eEnv, toolRecord } from './server.js';
import { clearStaleProfileLock } from '../../test/support/profileLocks.js';

export default function globalSetup(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/prepare-machine.sh (or apt-get install chromium).`);
  try {
    execFileSync('podman', ['image', 'exists', FIXTURE_IMAGE]);
  } catch {
    throw new Error(`The fixture image ${FIXTURE_IMAGE} is missing (or podman is): run "npm run fixtures".`);
  }
  if (!existsSync('dist/server/cli.js')) throw new Error('dist/ is missing: run "npm run build" (npm run test:e2e does).');
  const cleared = clearStaleProfileLock();
  if (cleared) process.stderr.write(`e2e: ${cleared} before this run\n`);
  rmSync(e2eEnv.XDG_CONFIG_HOME!, { recursive: true, force: true });
  // the user's own tools, as programs that only record their arguments (NUL-separated): nothing opens on this machine
  rmSync(E2E_TOOLS_DIR, { recursive: true, force: true });
  mkdirSync(E2E_TOOLS_DIR, { recursive: true });
  for (const program of ['code', 'xdg-open']) {
    writeFileSync(path.join(E2E_TOOLS_DIR, program), `#!/bin/sh\nprintf '%s\\0' "$@" > '${toolRecord(program)}'\n`, { mode: 0o755 });
  }
}
