// The size budget of every client entry (test/size-limit.test.ts runs it after the build): each registered
// API's client (redocly.yaml x-backup-specs.client) and its helpers, the shared Huawei entry and the core,
// bundled WITH openapi-fetch, minified and gzipped. The vendor entries' budget, 12.5 KB, is a ceiling
// against regressions, not the goal: the goal is 11.5 KB, which `pnpm bench` reports each entry against
// (the README's size figures say which meet it and what the rest costs).
import { clientEntries, helperEntries } from './entries.js';

const vendor = (entry) => ({
  name: `@backup-specs/client/${entry}`,
  path: `dist/${entry}.js`,
  limit: '12.5 KB',
  gzip: true,
});

export default [
  ...clientEntries.map(vendor),
  vendor('huaweicloud'),
  // A client's helper on its own (with the error classes it throws), e.g. ZStack's date parser.
  ...helperEntries.map((entry) => ({
    name: `@backup-specs/client/${entry}`,
    path: `dist/${entry}.js`,
    limit: '3 KB',
    gzip: true,
  })),
  { name: '@backup-specs/client (core)', path: 'dist/index.js', limit: '8 KB', gzip: true },
];
