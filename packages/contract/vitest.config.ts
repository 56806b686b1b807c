import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One Prism per vendor for the whole run: the globalSetup the mock package exports.
    globalSetup: ['./test/global-setup.ts'],
  },
});
