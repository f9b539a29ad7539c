import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // The corpus and fuzz tests read 11,963 files; the default 5 s is for unit tests.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
