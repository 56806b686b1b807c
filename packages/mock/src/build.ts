// `pnpm --filter @backup-specs/mock build` (after tsc): derives the Prism document of every vendor (or
// of the vendors named on the command line) into dist/prism/<vendor>.json.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT, writeDerived } from './documents.js';
import { MockError, parseVendor, VENDORS } from './vendors.js';

export async function buildAll(names: string[]): Promise<void> {
  const vendors = names.length > 0 ? names.map(parseVendor) : [...VENDORS];
  // The proxy documents (live contract mode) too, so a broken bundle fails the build, not a later run.
  const results = await Promise.allSettled(vendors.map((vendor) => writeDerived(vendor)));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  for (const [index, result] of results.entries()) {
    if (result.status === 'fulfilled') {
      const { file, basePath } = result.value;
      console.log(`${vendors[index]}: ${path.relative(PACKAGE_ROOT, file)} (paths under "${basePath || '/'}")`);
    }
  }
  if (failures.length > 0) {
    throw new MockError(
      failures.map((reason) => (reason instanceof Error ? reason.message : String(reason))).join('\n'),
    );
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildAll(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof MockError ? error.message : error);
    process.exitCode = 1;
  });
}
