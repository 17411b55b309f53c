// How the e2e suite runs `toolshed serve`: a fixed port and token, this
// machine's limits (no --ulimit host), and settings kept out of the user's home.
import os from 'node:os';
import path from 'node:path';

export const E2E_PORT = Number(process.env.TOOLSHED_E2E_PORT ?? 41777);
export const E2E_TOKEN = 'e2e-token-not-secret';
export { FIXTURE_IMAGE } from '../../test/support/machine.js';

/** Stand-ins for the user's own tools (code, xdg-open) that record how they were run (global-setup writes them). */
export const E2E_TOOLS_DIR = path.join(os.tmpdir(), 'toolshed-e2e-tools');
export const toolRecord = (program: string) => path.join(E2E_TOOLS_DIR, `${program}.args`);

export const e2eEnv: Record<string, string> = {
  ...(process.env as Record<string, string>),
  PATH: `${E2E_TOOLS_DIR}:${process.env.PATH ?? '/usr/bin:/bin'}`,
  TOOLSHED_TOKEN: E2E_TOKEN,
  TOOLSHED_ULIMIT_HOST: '0',
  // every podman call's start and end in the log a failed test shows (e2e/support/toolshed.ts)
  TOOLSHED_LOG_PODMAN: '1',
  // no package manager runs unasked in the suite's toolboxes
  TOOLSHED_UPDATE_CHECK_HOURS: '0',
  XDG_CONFIG_HOME: path.join(os.tmpdir(), 'toolshed-e2e-config'),
  // menu entries, the serve record and the host-command log stay out of the user's own folders
  XDG_DATA_HOME: path.join(os.tmpdir(), 'toolshed-e2e-data'),
  XDG_STATE_HOME: path.join(os.tmpdir(), 'toolshed-e2e-state'),
  // the stand-in Electron's file chooser answers what a test writes here (test/stand-in-electron/README.md)
  STAND_IN_DIALOG_ANSWER: path.join(os.tmpdir(), 'toolshed-e2e-dialog-answer.json'),
};

/** The URL that gives a page the token (in its fragment, which the browser never sends to a server). */
export const loginUrl = `/#token=${E2E_TOKEN}`;
