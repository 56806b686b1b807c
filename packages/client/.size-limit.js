// The size budget of every client entry (test/size-limit.test.ts runs it after the build): each registered
// API's client (redocly.yaml x-backup-specs.client), the shared Huawei entry and the core, bundled WITH
// openapi-fetch, minified and gzipped. 11.5 KB for the vendor entries (8 KB before redirect control, body
// reading under the timeout and typed results: see the README's size figures), 8 KB for the core.
import { readRegistry } from '@backup-specs/registry';

const vendor = (entry) => ({
  name: `@backup-specs/client/${entry}`,
  path: `dist/${entry}.js`,
  limit: '11.5 KB',
  gzip: true,
});

export default [
  ...readRegistry().flatMap((api) => (api.client ? [vendor(api.client.entry)] : [])),
  vendor('huaweicloud'),
  { name: '@backup-specs/client (core)', path: 'dist/index.js', limit: '8 KB', gzip: true },
];
