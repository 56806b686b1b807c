// `pnpm docs:build` (turbo `build` of this package): builds the site into packages/docs/dist/.
// Usage: tsx src/build.ts [--root <repo root>] [--out <folder>]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DocsBuildError } from './bundles.ts';
import { DIST_DIR, REPO_ROOT } from './paths.ts';
import { buildSite } from './site.ts';
import { formatSiteSize, measureSite } from './sizes.ts';

const USAGE = 'Usage: tsx src/build.ts [--root <repo root>] [--out <folder>]';

function parseCli(argv: string[]): { repoRoot: string; outDir: string } {
  let values: { root?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { root: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}. ${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const repoRoot = path.resolve(values.root ?? REPO_ROOT);
  if (!existsSync(path.join(repoRoot, 'redocly.yaml'))) {
    throw new UsageError(
      `--root ${repoRoot}: no redocly.yaml there; give the repository root (the folder holding redocly.yaml).`,
    );
  }
  return { repoRoot, outDir: path.resolve(values.out ?? DIST_DIR) };
}

class UsageError extends DocsBuildError {}

try {
  const started = performance.now();
  const options = parseCli(process.argv.slice(2));
  const site = await buildSite(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const rel = path.relative(process.cwd(), site.outDir) || '.';
  for (const v of site.vendors) {
    const samples = v.samples.reduce((n, op) => n + op.samples.length, 0);
    const ops = v.operationIds.length;
    console.log(
      `${v.alias.padEnd(20)} ${rel}/${v.page}  ${ops} operation${ops === 1 ? '' : 's'}, ${samples} code samples`,
    );
  }
  console.log(`Built the docs site (Redoc ${site.redocVersion}) into ${rel}/ in ${seconds} s.`);
  console.log(formatSiteSize(await measureSite(site.outDir)));
} catch (error) {
  // Known failures are one line; anything else is a bug here, so its stack is worth showing.
  console.error(error instanceof DocsBuildError ? `docs build: ${error.message}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
