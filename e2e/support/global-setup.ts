// Fails early, with the fix in the message, when what the e2e suite needs is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { CHROMIUM, FIXTURE_IMAGE } from '../../test/support/machine.js';
import { e2eEnv } from './server.js';

export default function globalSetup(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run scripts/prepare-machine.sh (or apt-get install chromium).`);
  try {
    execFileSync('podman', ['image', 'exists', FIXTURE_IMAGE]);
  } catch {
    throw new Error(`The fixture image ${FIXTURE_IMAGE} is missing (or podman is): run "npm run fixtures".`);
  }
  if (!existsSync('dist/server/cli.js')) throw new Error('dist/ is missing: run "npm run build" (npm run test:e2e does).');
  rmSync(e2eEnv.XDG_CONFIG_HOME!, { recursive: true, force: true });
}
