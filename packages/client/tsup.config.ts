import { defineConfig } from 'tsup';
import { clientEntries, helperEntries } from './entries.js';

// Every client entry and helper (entries.js), the core, and what the Huawei clients share.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    huaweicloud: 'src/huaweicloud/index.ts',
    ...Object.fromEntries([...clientEntries, ...helperEntries].map((entry) => [entry, `src/${entry}/index.ts`])),
  },
  format: ['esm', 'cjs'],
  // Declarations come from scripts/src/transpile.ts (tsconfig.build.json, isolatedDeclarations): one unbundled
  // emit, file by file, far faster than rollup-bundled .d.ts.
  dts: false,
  // Shared chunks in both formats, so `instanceof ApiError` holds across entry points in CommonJS too.
  splitting: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // openapi-fetch stays a dependency (consumers dedupe it); the size budget counts it separately.
  external: ['openapi-fetch'],
  // The types package's only run-time value, each entry's `apiInfo`, is inlined: no run-time import of it
  // (it is ESM-only, and CommonJS users should not depend on require(esm)).
  noExternal: [/^@backup-specs\/types\//],
});
