// Size budget of issue 5: the whole site <= 1 MB as transferred, gzipped (every file gzipped on its own, summed).
// Sizes are deterministic, so this is asserted (timings never are). Raw and gzipped sizes are printed.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, REPO_ROOT } from '../src/paths.ts';
import { buildSite } from '../src/site.ts';
import { formatSiteSize, measureSite, SITE_BUDGET_GZIP_BYTES, type SiteSize } from '../src/sizes.ts';

let tmp: string;
let size: SiteSize;

beforeAll(async () => {
  await mkdir(path.join(PACKAGE_DIR, '.tmp'), { recursive: true });
  tmp = await mkdtemp(path.join(PACKAGE_DIR, '.tmp', 'budget-'));
  await buildSite({ repoRoot: REPO_ROOT, outDir: path.join(tmp, 'site') });
  size = await measureSite(path.join(tmp, 'site'));
  console.log(`Docs site size (real specs):\n${formatSiteSize(size)}`);
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('site size', () => {
  it(`is at most ${SITE_BUDGET_GZIP_BYTES / 1024} KB gzipped in total`, () => {
    expect(size.gzip).toBeGreaterThan(0);
    expect(size.gzip).toBeLessThanOrEqual(SITE_BUDGET_GZIP_BYTES);
  });

  it('ships Redoc once, shared by every page (no page inlines it)', () => {
    const redoc = size.files.filter((f) => f.file.endsWith('redoc.standalone.js'));
    expect(redoc.map((f) => f.file)).toEqual(['assets/redoc.standalone.js']);
    for (const page of size.files.filter((f) => f.file.endsWith('.html'))) {
      expect(page.raw, page.file).toBeLessThan(20 * 1024);
    }
  });

  it('measures gzip for real (a text file compresses to well under its raw size)', () => {
    const redoc = size.files.find((f) => f.file === 'assets/redoc.standalone.js');
    expect(redoc && redoc.gzip < redoc.raw / 2).toBe(true);
    expect(size.raw).toBe(size.files.reduce((sum, f) => sum + f.raw, 0));
  });
});
