import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A hang detector, not a budget: a test here runs tsc or bundles specs, which takes seconds on a busy
    // 2-core machine (the default 5 s was exceeded under load). No test asserts a timing.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
