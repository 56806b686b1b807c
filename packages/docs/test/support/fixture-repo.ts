// A throwaway repository root (redocly.yaml + specs/<vendor>/dist bundles) built from single-file fixture specs,
// so the build can be tested without the real specs or a Redocly run.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dereference } from '@backup-specs/scripts/dereference';
import { parse, stringify } from 'yaml';

export const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');
const TMP = path.resolve(import.meta.dirname, '..', '..', '.tmp');

/** vendors: vendor folder name -> fixture file in test/fixtures (or an inline document). */
export async function fixtureRepo(vendors: Record<string, string | object>): Promise<string> {
  await mkdir(TMP, { recursive: true });
  const root = await mkdtemp(path.join(TMP, 'repo-'));
  const apis: Record<string, { root: string }> = {};
  for (const [vendor, source] of Object.entries(vendors)) {
    const doc =
      typeof source === 'string' ? (parse(await readFile(path.join(FIXTURES, source), 'utf8')) as object) : source;
    const dist = path.join(root, 'specs', vendor, 'dist');
    await mkdir(dist, { recursive: true });
    await writeFile(path.join(root, 'specs', vendor, 'openapi.yaml'), stringify(doc));
    await writeFile(path.join(dist, 'openapi.yaml'), stringify(doc));
    await writeFile(path.join(dist, 'openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
    await writeFile(path.join(dist, 'openapi.deref.json'), `${JSON.stringify(dereference(doc), null, 2)}\n`);
    const version = (doc as { info?: { version?: string } }).info?.version ?? 'v1';
    apis[`${vendor}@${version}`] = { root: `specs/${vendor}/openapi.yaml` };
  }
  await writeFile(path.join(root, 'redocly.yaml'), stringify({ apis }));
  return root;
}
