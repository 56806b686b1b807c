// The Redoc standalone script, served by the site itself (one shared copy in assets/, never a CDN).
// Redoc 2.5's standalone bundle loads exactly one thing from the network on its own: the Redocly logo in the
// sidebar's "API docs by Redocly" link (https://cdn.redoc.ly/redoc/logo-mini.svg). The copy we serve points that
// image at an empty data: URL; the component hides an image that fails to load, so the attribution link stays
// and no request leaves the site. If a Redoc upgrade changes that code, the build fails here instead of
// quietly publishing a page that calls out.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DocsBuildError } from './bundles.ts';

const require = createRequire(import.meta.url);

export const REDOC_LOGO_URL = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const LOCAL_LOGO = 'data:,';

export interface RedocAssets {
  version: string;
  script: string;
  license: string;
}

export function patchStandalone(source: string): string {
  const occurrences = source.split(REDOC_LOGO_URL).length - 1;
  if (occurrences !== 1) {
    throw new DocsBuildError(
      `redoc.standalone.js contains ${REDOC_LOGO_URL} ${occurrences} times (expected exactly once). ` +
        'Redoc changed how it loads its logo: check packages/docs/src/redoc.ts so the site still loads nothing from a CDN.',
    );
  }
  return (
    source
      .replace(`"${REDOC_LOGO_URL}"`, JSON.stringify(LOCAL_LOGO))
      // The source map is not shipped (it would quadruple the site); drop the pointer so devtools don't 404 on it.
      .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')
  );
}

export async function readRedoc(): Promise<RedocAssets> {
  const pkgPath = require.resolve('redoc/package.json');
  const dir = path.dirname(pkgPath);
  const { version } = JSON.parse(await readFile(pkgPath, 'utf8')) as { version: string };
  const source = await readFile(path.join(dir, 'bundles', 'redoc.standalone.js'), 'utf8');
  // The bundle's header points at redoc.standalone.js.LICENSE.txt (its third-party notices); Redoc's own MIT
  // licence goes first in that file.
  const notices = await readFile(path.join(dir, 'bundles', 'redoc.standalone.js.LICENSE.txt'), 'utf8');
  const own = await readFile(path.join(dir, 'LICENSE'), 'utf8');
  const script = patchStandalone(source);
  if (script.includes(REDOC_LOGO_URL)) throw new DocsBuildError(`Patching ${REDOC_LOGO_URL} out of Redoc failed.`);
  return { version, script, license: `Redoc ${version}\n\n${own.trim()}\n\n${notices}` };
}
