import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser suite starts Chromium once per file; tsc over the samples takes a few seconds on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
