// Builds the static site from the vendor bundles:
//   index.html                      landing page (every vendor API: version, operation count, links, downloads)
//   assets/                         style.css, favicon.svg, redoc.standalone.js (+ its licence), shared by all pages
//   <vendor>/index.html             Redoc reference page
//   <vendor>/reference.json         the bundle plus generated x-codeSamples: what Redoc renders
//   <vendor>/openapi.{yaml,json}    the bundles, copied byte for byte, for download
// The site is written to a temporary folder beside the output and renamed into place, so a failed build never
// leaves a half-written site behind.
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundles } from './bundles.ts';
import { landingPage, type VendorPageInfo, vendorPage } from './html.ts';
import { readRedoc } from './redoc.ts';
import { addCodeSamples, type OperationSamples } from './samples/index.ts';
import { profileFor } from './samples/profiles.ts';

const ASSETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets');

export interface BuildOptions {
  /** Repository root: holds redocly.yaml (the vendor list) and specs/<vendor>/dist. */
  repoRoot: string;
  /** Output folder; replaced as a whole. */
  outDir: string;
}

export interface VendorSummary {
  alias: string;
  vendor: string;
  title: string;
  version: string;
  page: string;
  operationIds: string[];
  operations: Array<{ operationId: string; method: string; path: string; summary: string }>;
  samples: OperationSamples[];
}

export interface SiteSummary {
  outDir: string;
  redocVersion: string;
  vendors: VendorSummary[];
}

export async function buildSite({ repoRoot, outDir }: BuildOptions): Promise<SiteSummary> {
  const [bundles, redoc] = await Promise.all([loadBundles(repoRoot), readRedoc()]);
  // Generate every vendor's samples before writing anything: a bad spec fails the build with nothing touched.
  const decorated = bundles.map((bundle) => ({ bundle, ...addCodeSamples(bundle) }));

  await mkdir(path.dirname(outDir), { recursive: true });
  const tmp = await mkdtemp(path.join(path.dirname(outDir), `.${path.basename(outDir)}-tmp-`));
  try {
    await mkdir(path.join(tmp, 'assets'));
    await Promise.all([
      copyFile(path.join(ASSETS_DIR, 'style.css'), path.join(tmp, 'assets', 'style.css')),
      copyFile(path.join(ASSETS_DIR, 'favicon.svg'), path.join(tmp, 'assets', 'favicon.svg')),
      writeFile(path.join(tmp, 'assets', 'redoc.standalone.js'), redoc.script),
      writeFile(path.join(tmp, 'assets', 'redoc.standalone.js.LICENSE.txt'), redoc.license),
    ]);

    const pages: VendorPageInfo[] = [];
    for (const { bundle } of decorated) {
      const [yaml, json] = await Promise.all([stat(bundle.files.yaml), stat(bundle.files.json)]);
      pages.push({
        bundle,
        name: profileFor(bundle.api).name,
        dir: `${bundle.api.vendor}/`,
        sizes: { yaml: yaml.size, json: json.size },
      });
    }
    for (const [i, { bundle, doc }] of decorated.entries()) {
      const dir = path.join(tmp, bundle.api.vendor);
      await mkdir(dir);
      await Promise.all([
        copyFile(bundle.files.yaml, path.join(dir, 'openapi.yaml')),
        copyFile(bundle.files.json, path.join(dir, 'openapi.json')),
        // Minified: Redoc parses it, people download the formatted openapi.json instead.
        writeFile(path.join(dir, 'reference.json'), JSON.stringify(doc)),
        writeFile(path.join(dir, 'index.html'), vendorPage(pages[i] as VendorPageInfo, pages)),
      ]);
    }
    // The published packages share one version (docs/versioning.md): the specs package's.
    const specsManifest = JSON.parse(
      await readFile(createRequire(import.meta.url).resolve('@backup-specs/specs/package.json'), 'utf8'),
    ) as { version: string };
    await writeFile(path.join(tmp, 'index.html'), landingPage(pages, redoc.version, specsManifest.version));

    await rm(outDir, { recursive: true, force: true });
    await rename(tmp, outDir);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }

  return {
    outDir,
    redocVersion: redoc.version,
    vendors: decorated.map(({ bundle, operations }) => ({
      alias: bundle.api.alias,
      vendor: bundle.api.vendor,
      title: bundle.doc.info.title,
      version: bundle.doc.info.version,
      page: `${bundle.api.vendor}/`,
      operationIds: bundle.operations.map((op) => op.operationId),
      operations: bundle.operations.map(({ operationId, method, path, summary }) => ({
        operationId,
        method,
        path,
        summary,
      })),
      samples: operations,
    })),
  };
}
