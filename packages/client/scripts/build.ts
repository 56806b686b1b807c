// `pnpm build`: the JavaScript (tsup: ESM and CommonJS entries), the declarations (transpile-only, under
// isolatedDeclarations) and their CommonJS copy, in one process: one Node and tsx start-up.
import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transpilePackage } from '@backup-specs/scripts/transpile';
import { build } from 'tsup';
import tsupConfig from '../tsup.config.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(packageRoot, 'dist');

// First: tsup's `clean` empties dist/. `config: false`: the options are these, not tsup.config.ts read again.
await build({ ...tsupConfig, config: false, silent: true });
transpilePackage(packageRoot);

// The declarations are ESM-flavoured (this package is "type": "module"). CommonJS consumers resolve the
// `require` condition to dist/types-cjs: the same files under a package.json that says "commonjs", so
// TypeScript reads them as CommonJS declarations.
const cjsTypes = path.join(dist, 'types-cjs');
await rm(cjsTypes, { recursive: true, force: true });
await cp(path.join(dist, 'types'), cjsTypes, { recursive: true });
await writeFile(path.join(cjsTypes, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
