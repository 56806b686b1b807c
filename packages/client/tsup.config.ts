import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    zstack: 'src/zstack/index.ts',
    huaweicloud: 'src/huaweicloud/index.ts',
    'huaweicloud-cbr': 'src/huaweicloud-cbr/index.ts',
    'huaweicloud-vbs': 'src/huaweicloud-vbs/index.ts',
  },
  format: ['esm', 'cjs'],
  // Declarations come from `tsc` (tsconfig.build.json): one unbundled emit, several times faster than
  // rollup-bundled .d.ts, and exactly what the type checker sees.
  dts: false,
  // Shared chunks in both formats, so `instanceof ApiError` holds across entry points in CommonJS too.
  splitting: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // openapi-fetch stays a dependency (consumers dedupe it); the size budget counts it separately.
  external: ['openapi-fetch'],
});
