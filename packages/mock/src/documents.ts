// Where the bundles and the derived Prism documents live, and keeping the derived ones fresh.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deriveMockDocument, deriveProxyDocument, type JsonObject } from './derive.js';
import { PACKAGE_ROOT } from './package-root.js';

export { PACKAGE_ROOT };

import { MockError, type Vendor, vendorInfo } from './vendors.js';

const require = createRequire(import.meta.url);

/** The bundle of a vendor (specs/<vendor>/dist/openapi.json), or a MockError saying how to build it. */
export function bundlePath(vendor: Vendor): string {
  // A folder of bundles to serve instead of the built ones (<dir>/<vendor>/openapi.json): for a spec edited
  // elsewhere, and for tests that must remove or break a bundle without touching the repository's own.
  const override = process.env.BACKUP_SPECS_BUNDLES_DIR;
  if (override) return path.resolve(override, vendor, 'openapi.json');
  try {
    return require.resolve(`@backup-specs/specs/${vendor}/openapi.json`);
  } catch {
    throw new MockError(
      `${vendor}: the bundle @backup-specs/specs/${vendor}/openapi.json is not installed. In the backup-specs ` +
        'repository run `pnpm build` (a spec that fails lint is not bundled); elsewhere reinstall @backup-specs/mock, ' +
        'which depends on @backup-specs/specs of the same release.',
    );
  }
}

export function derivedPath(vendor: Vendor): string {
  return path.join(PACKAGE_ROOT, 'dist', 'prism', `${vendor}.json`);
}

export async function readBundle(vendor: Vendor): Promise<JsonObject> {
  const file = bundlePath(vendor);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as JsonObject;
  } catch (error) {
    throw new MockError(`${vendor}: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One vendor's derived document, in memory (derivation takes milliseconds: every start re-derives). */
export async function ensureDerived(vendor: Vendor): Promise<{ basePath: string; document: JsonObject }> {
  return deriveMockDocument(await readBundle(vendor), vendorInfo(vendor));
}

/**
 * Writes the derived mock and proxy documents into dist/prism/ (`pnpm build`): what the mock serves, to read
 * or diff, and a build that fails on a bundle the mock cannot serve. Nothing reads them at run time.
 */
export async function writeDerived(vendor: Vendor): Promise<{ file: string; basePath: string }> {
  const bundle = await readBundle(vendor);
  const { document, basePath } = deriveMockDocument(bundle, vendorInfo(vendor));
  const file = await writeIfChanged(derivedPath(vendor), document);
  await writeIfChanged(
    path.join(PACKAGE_ROOT, 'dist', 'prism', `${vendor}.proxy.json`),
    deriveProxyDocument(bundle, vendorInfo(vendor)),
  );
  return { file, basePath };
}

async function writeIfChanged(target: string, document: JsonObject): Promise<string> {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (current !== text) {
    await mkdir(path.dirname(target), { recursive: true });
    // Atomically: parallel builds may derive at the same time.
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, target);
  }
  return target;
}
