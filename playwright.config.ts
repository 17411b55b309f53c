import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './test/support/machine.js';
import { E2E_PORT } from './e2e/support/server.js';

// End-to-end tests drive Toolshed in Debian's Chromium (never a downloaded
// browser) against real podman, in two projects that run every spec:
// - served: `toolshed serve`, in a browser page (the WebSocket and its token);
// - desktop: the Electron app, its real built main and preload on the
//   stand-in Electron (test/stand-in-electron), its window a Chromium page.
// e2e/support/toolshed.ts starts either, once per worker. A test about one way
// only is tagged @served or @desktop and runs in that project alone; the specs
// about the WebSocket and its token are served-only as a whole.
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list']],
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'served', grepInvert: /@desktop/, testIgnore: ['desktop.spec.ts'], use: { baseURL: `http://127.0.0.1:${E2E_PORT}` } },
    { name: 'desktop', grepInvert: /@served/, testIgnore: ['serve-security.spec.ts', 'reconnect.spec.ts'] },
  ],
});
