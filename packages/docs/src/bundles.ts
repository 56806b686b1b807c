// Reads every vendor's bundles (specs/<vendor>/dist/) in the order of redocly.yaml's `apis:` list.
// The docs never read the split source YAML: Redoc, codegen and Prism all see the same bundled document.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readVendorApis, type VendorApi } from '@backup-specs/scripts/vendors';
import { listOperations, type OpenApiDocument, type OperationRef } from './openapi.ts';

export class DocsBuildError extends Error {}

export interface VendorBundle {
  api: VendorApi;
  /** Bundled document (component $refs kept): what Redoc renders, plus the docs' code samples. */
  doc: OpenApiDocument;
  /** Same document with every $ref inlined: what the code-sample generator reads parameters from. */
  deref: OpenApiDocument;
  /** Absolute paths of the bundle files offered for download. */
  files: { yaml: string; json: string };
  operations: OperationRef[];
}

function missingBundle(api: VendorApi, file: string, repoRoot: string): DocsBuildError {
  return new DocsBuildError(
    `${api.alias}: ${path.relative(repoRoot, file)} is missing. The docs are built from the bundles: ` +
      'run `pnpm build` at the repository root first (it lints and bundles every spec, then builds the docs). ' +
      'If `pnpm build` stops at lint, that vendor spec has errors to fix.',
  );
}

async function readJson(api: VendorApi, file: string, repoRoot: string): Promise<OpenApiDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw missingBundle(api, file, repoRoot);
    throw error;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new DocsBuildError(
      `${api.alias}: ${path.relative(repoRoot, file)} is not valid JSON (${(error as Error).message}); rebuild it with \`pnpm build\`.`,
    );
  }
  const d = doc as Partial<OpenApiDocument> | null;
  if (!d || typeof d !== 'object' || typeof d.openapi !== 'string' || !d.info?.title || !d.info.version) {
    throw new DocsBuildError(
      `${api.alias}: ${path.relative(repoRoot, file)} is not an OpenAPI document with info.title and info.version.`,
    );
  }
  return d as OpenApiDocument;
}

async function loadBundle(api: VendorApi, repoRoot: string): Promise<VendorBundle> {
  const yaml = path.join(api.dist, 'openapi.yaml');
  const json = path.join(api.dist, 'openapi.json');
  await stat(yaml).catch(() => {
    throw missingBundle(api, yaml, repoRoot);
  });
  const [doc, deref] = await Promise.all([
    readJson(api, json, repoRoot),
    readJson(api, path.join(api.dist, 'openapi.deref.json'), repoRoot),
  ]);
  const where = path.relative(repoRoot, json);
  const operations = listOperations(deref, where);
  if (operations.length === 0) throw new DocsBuildError(`${api.alias}: ${where} has no operations under "paths".`);
  return { api, doc, deref, files: { yaml, json }, operations };
}

export async function loadBundles(repoRoot: string): Promise<VendorBundle[]> {
  const apis = await readVendorApis(repoRoot);
  return Promise.all(apis.map((api) => loadBundle(api, repoRoot)));
}
