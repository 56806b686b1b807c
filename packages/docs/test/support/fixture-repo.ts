// A throwaway repository root (redocly.yaml + specs/<vendor>/dist bundles) built from single-file fixture specs,
// so the build can be tested without the real specs or a Redocly run.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dereference } from '@backup-specs/scripts/dereference';
import { parse, stringify } from 'yaml';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
const TMP = path.resolve(import.meta.dirname, '..', '..', '.tmp');
const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** vendors: vendor folder name -> fixture file in test/fixtures (or an inline document). */
export async function fixtureRepo(vendors: Record<string, string | object>): Promise<string> {
  await mkdir(TMP, { recursive: true });
  const root = await mkdtemp(path.join(TMP, 'repo-'));
  // Each API keeps its real registry options (x-backup-specs) when it has the name of a real one.
  const real = parse(await readFile(path.join(REPO_ROOT, 'redocly.yaml'), 'utf8')) as {
    apis: Record<string, { root: string; 'x-backup-specs': object }>;
  };
  const options = (vendor: string, index: number) =>
    Object.values(real.apis).find((api) => api.root === `specs/${vendor}/openapi.yaml`)?.['x-backup-specs'] ?? {
      mockPort: 4900 + index,
      auth: 'none',
      client: 'none',
      docs: { title: vendor },
    };
  const apis: Record<string, { root: string; 'x-backup-specs': object }> = {};
  for (const [index, [vendor, source]] of Object.entries(vendors).entries()) {
    const doc =
      typeof source === 'string' ? (parse(await readFile(path.join(FIXTURES, source), 'utf8')) as object) : source;
    const dist = path.join(root, 'specs', vendor, 'dist');
    await mkdir(dist, { recursive: true });
    await writeFile(path.join(root, 'specs', vendor, 'openapi.yaml'), stringify(doc));
    await writeFile(path.join(dist, 'openapi.yaml'), stringify(doc));
    await writeFile(path.join(dist, 'openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
    await writeFile(path.join(dist, 'openapi.deref.json'), `${JSON.stringify(dereference(doc), null, 2)}\n`);
    const version = (doc as { info?: { version?: string } }).info?.version ?? 'v1';
    apis[`${vendor}@${version}`] = { root: `specs/${vendor}/openapi.yaml`, 'x-backup-specs': options(vendor, index) };
  }
  await writeFile(path.join(root, 'redocly.yaml'), stringify({ apis }));
  return root;
}
