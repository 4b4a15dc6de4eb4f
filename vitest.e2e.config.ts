import { defineConfig } from 'vitest/config';

// Browser tests: Debian's Chromium driven by playwright-core against the real server on a fresh
// database (PGlite, or PostgreSQL with HOLDFAST_TEST_DB=postgres). One file at a time: each starts
// its own server and browser, and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 900_000,
  },
});
