import { defineConfig } from 'vitest/config';

// Browser tests (test/e2e): real Chromium against the real service. One fork, one file at a time: each file
// launches a browser and a service, and Chromium is heavy.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/helpers/temp-root.ts'],
    fileParallelism: false,
    maxWorkers: 1,
  },
});
