// `pnpm docs` (turbo `build` of this package): builds the site into packages/docs/dist/.
// Usage: tsx src/build.ts [--root <repo root>] [--out <folder>]
import path from 'node:path';
import { DocsBuildError } from './bundles.ts';
import { DIST_DIR, REPO_ROOT } from './paths.ts';
import { buildSite } from './site.ts';
import { formatSiteSize, measureSite } from './sizes.ts';

function parseArgs(argv: string[]): { repoRoot: string; outDir: string } {
  let repoRoot = REPO_ROOT;
  let outDir = DIST_DIR;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === '--root' || arg === '--out') && !value) throw new DocsBuildError(`${arg} needs a folder.`);
    if (arg === '--root') repoRoot = path.resolve(value as string);
    else if (arg === '--out') outDir = path.resolve(value as string);
    else throw new DocsBuildError(`Unknown argument ${arg}. Usage: build [--root <repo root>] [--out <folder>]`);
    i += 1;
  }
  return { repoRoot, outDir };
}

try {
  const started = performance.now();
  const options = parseArgs(process.argv.slice(2));
  const site = await buildSite(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const rel = path.relative(process.cwd(), site.outDir) || '.';
  for (const v of site.vendors) {
    const samples = v.samples.reduce((n, op) => n + op.samples.length, 0);
    console.log(`${v.alias.padEnd(20)} ${rel}/${v.page}  ${v.operationIds.length} operations, ${samples} code samples`);
  }
  console.log(`Built the docs site (Redoc ${site.redocVersion}) into ${rel}/ in ${seconds} s.`);
  console.log(formatSiteSize(await measureSite(site.outDir)));
} catch (error) {
  console.error(error instanceof DocsBuildError ? error.message : error);
  process.exitCode = 1;
}
