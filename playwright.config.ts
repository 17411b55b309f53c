import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './test/support/machine.js';
import { E2E_PORT, e2eEnv } from './e2e/support/server.js';

// End-to-end tests drive the real served UI (`toolshed serve`) in Debian's
// Chromium against real podman. Never a downloaded browser.
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
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node bin/toolshed.js serve --port ${E2E_PORT}`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    env: e2eEnv,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 30_000,
  },
});
