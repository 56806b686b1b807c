// The declarations tsc emits into dist/types are ESM-flavoured (this package is "type": "module").
// CommonJS consumers resolve the `require` condition to dist/types-cjs: the same files under a
// package.json that says "commonjs", so TypeScript reads them as CommonJS declarations.
import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const target = path.join(dist, 'types-cjs');
await rm(target, { recursive: true, force: true });
await cp(path.join(dist, 'types'), target, { recursive: true });
await writeFile(path.join(target, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
