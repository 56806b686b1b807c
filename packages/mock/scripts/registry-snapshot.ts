// `pnpm build` step: writes what the mock needs of each registered API (redocly.yaml, read by
// @backup-specs/registry) to dist/registry.json, so an installed mock knows its APIs without this repository.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '@backup-specs/registry';
import type { RegistrySnapshotEntry } from '../src/vendors.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
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
