import { defineConfig } from 'vitest/config';

// Unit tests run anywhere; integration tests drive the real podman (and fail,
// not skip, when CI=true and podman is missing).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          setupFiles: ['test/support/integrationSetup.ts'],
        },
      },
    ],
  },
});
