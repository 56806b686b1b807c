// `pnpm build`, in one process: the JavaScript and declarations (transpile-only), dist/registry.json (what
// the mock needs of each registered API, so an installed mock knows its APIs without this repository), and
// the Prism documents of every API (dist/prism/<vendor>.json, derived by the code just emitted).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '@backup-specs/registry';
import { transpilePackage } from '@backup-specs/scripts/transpile';
import type { RegistrySnapshotEntry } from '../src/vendors.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
transpilePackage(packageRoot);

// Typed against the mock's own entry type: a registry change the mock does not understand fails the build.
const snapshot: RegistrySnapshotEntry[] = readRegistry().map(({ vendor, mockPort, auth, mockErrors }) => ({
  vendor,
  mockPort,
  auth,
  mockErrors,
}));
const file = path.join(packageRoot, 'dist', 'registry.json');
await mkdir(path.dirname(file), { recursive: true });
await writeFile(file, `${JSON.stringify(snapshot, null, 2)}\n`);
console.log(`registry: ${path.relative(process.cwd(), file)} (${snapshot.map((api) => api.vendor).join(', ')})`);

// The compiled module, as the installed mock runs it (it reads dist/registry.json, written above).
const { buildAll }: typeof import('../src/build.js') = await import(
  new URL('../dist/lib/build.js', import.meta.url).href
);
await buildAll([]);
