import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Property tests and loopback fault injection take seconds on a busy 2-core CI machine; the default
    // 5 s would fail them for load, not for behaviour. Timings are never asserted.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
