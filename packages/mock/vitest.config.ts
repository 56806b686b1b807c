import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // Pure functions: no Prism, no ports.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'mock',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**'],
          // One Prism per vendor for the whole run (the globalSetup this package exports); tests that
          // need their own mock (CLI, ports, dynamic mode) start it themselves.
          globalSetup: ['./test/global-setup.ts'],
        },
      },
    ],
  },
});
