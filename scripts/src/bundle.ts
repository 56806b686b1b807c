// Lints and bundles every vendor spec into specs/<vendor>/dist/:
//   openapi.yaml, openapi.json (Redocly bundle) and openapi.deref.json (every $ref inlined but recursion).
// All or nothing per vendor: output is written to a temporary folder and renamed into place only when
// that vendor's lint, bundle and component-name check all pass; on failure that vendor's dist/ (and only
// its own) is removed, so no stale or half-written bundle is left for codegen, Prism or the docs.
//
// Usage: tsx scripts/src/bundle.ts [--root <repo root>] [--lint-only | --skip-lint] [vendor ...]
//   (default)    lint and bundle at once; publish only if lint passes (turbo's `bundle` task)
//   --lint-only  lint only (dist/ is never touched); turbo's `lint` task
//   --skip-lint  bundle without linting
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { dereference } from './dereference.ts';
import { bundleApi, formatProblem, type LintProblem, lintProblems, RedoclyError } from './redocly.ts';
import { type ApiLocation, readVendorApis, type VendorApi } from './vendors.ts';

const COMPONENT_KINDS = ['schemas', 'parameters', 'responses', 'examples', 'headers', 'requestBodies'] as const;

export class BundleError extends Error {}

interface OpenApiDoc {
  components?: Record<string, Record<string, unknown> | undefined>;
}

/** The folders whose component files an API's bundle may hold: its own, and the shared ones (specs/common/<family>). */
async function componentFolders(api: ApiLocation): Promise<string[]> {
  const shared = path.join(path.dirname(api.dir), 'common');
  const families = await readdir(shared, { withFileTypes: true }).catch(() => []);
  return [api.dir, ...families.filter((entry) => entry.isDirectory()).map((entry) => path.join(shared, entry.name))];
}

/**
 * Component names the bundler may produce: one per file in components/<kind>/ of the API or of a shared
 * folder it may reference, plus any declared inline in the root.
 */
async function expectedComponentNames(api: ApiLocation): Promise<Map<string, Set<string>>> {
  const root = parse(await readFile(api.root, 'utf8')) as OpenApiDoc;
  const folders = await componentFolders(api);
  const names = new Map<string, Set<string>>();
  for (const kind of COMPONENT_KINDS) {
    const set = new Set(Object.keys(root.components?.[kind] ?? {}));
    for (const folder of folders) {
      const files = await readdir(path.join(folder, 'components', kind)).catch(() => [] as string[]);
      for (const file of files) if (file.endsWith('.yaml')) set.add(file.slice(0, -'.yaml'.length));
    }
    names.set(kind, set);
  }
  return names;
}

export async function checkComponentNames(api: ApiLocation, bundled: OpenApiDoc): Promise<void> {
  const expected = await expectedComponentNames(api);
  const problems: string[] = [];
  for (const kind of COMPONENT_KINDS) {
    for (const name of Object.keys(bundled.components?.[kind] ?? {})) {
      if (!expected.get(kind)?.has(name)) {
        problems.push(
          `components.${kind}.${name}: no file specs/${api.vendor}/components/${kind}/${name}.yaml (or specs/common/<family>/components/${kind}/${name}.yaml). ` +
            'The bundler renamed a clashing component or inlined a file from elsewhere: give every component its own file, named after it, with a unique name.',
        );
      }
    }
  }
  if (problems.length > 0) throw new BundleError(`${api.alias}: component name conflict\n  ${problems.join('\n  ')}`);
}

/**
 * Bundles one API into a temporary folder beside its dist/ and returns that folder; nothing is published
 * yet. The three files hold exactly the same document (the YAML written by the same serialiser as the JSON).
 */
async function stageVendor(api: VendorApi, repoRoot: string, configPath: string): Promise<string> {
  const staging = await mkdtemp(path.join(api.dir, '.dist-tmp-'));
  try {
    let doc: OpenApiDoc;
    try {
      doc = await bundleApi(api.alias, configPath, repoRoot);
    } catch (error) {
      if (error instanceof RedoclyError) throw new BundleError(`${api.alias}: redocly bundle failed\n${error.message}`);
      throw error;
    }
    await checkComponentNames(api, doc);
    await writeFile(path.join(staging, 'openapi.yaml'), stringify(doc, { lineWidth: 0 }));
    await writeFile(path.join(staging, 'openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
    await writeFile(path.join(staging, 'openapi.deref.json'), `${JSON.stringify(dereference(doc), null, 2)}\n`);
    return staging;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

export interface BundleOptions {
  /** Vendor names or aliases; all when empty. */
  only?: string[];
  /** Bundle without linting (for callers that have just linted the same files). */
  skipLint?: boolean;
}

async function selectApis(repoRoot: string, only: string[]): Promise<VendorApi[]> {
  const all = await readVendorApis(repoRoot);
  const unknown = only.filter((name) => !all.some((api) => api.vendor === name || api.alias === name));
  if (unknown.length > 0) {
    throw new BundleError(`Unknown vendor ${unknown.join(', ')}; known: ${all.map((api) => api.vendor).join(', ')}.`);
  }
  return only.length > 0 ? all.filter((api) => only.includes(api.vendor) || only.includes(api.alias)) : all;
}

export interface LintResult {
  /** APIs that lint cleanly (no error, no warning). */
  passed: VendorApi[];
  /** APIs with problems, each with its own problems. */
  failed: Array<{ api: VendorApi; problems: LintProblem[] }>;
}

/** The API a problem belongs to: the one whose folder holds the file (all of them if none does). */
function apisOf(problem: LintProblem, apis: VendorApi[], repoRoot: string): VendorApi[] {
  const file = path.resolve(repoRoot, problem.file);
  const owners = apis.filter((api) => file === api.root || file.startsWith(`${api.dir}${path.sep}`));
  return owners.length > 0 ? owners : apis;
}

/**
 * Lints the given vendors in one Redocly run and sorts the problems by API. Never touches dist/: a
 * lint run only reports (the bundle step decides what gets published).
 */
export async function lintApis(repoRoot: string, only: string[] = []): Promise<LintResult> {
  return lintSelected(repoRoot, await selectApis(repoRoot, only));
}

async function lintSelected(repoRoot: string, apis: VendorApi[]): Promise<LintResult> {
  const configPath = path.join(repoRoot, 'redocly.yaml');
  const problems = await lintProblems(
    apis.map((api) => api.alias),
    configPath,
    repoRoot,
  );
  const byApi = new Map<VendorApi, LintProblem[]>(apis.map((api) => [api, []]));
  for (const problem of problems) for (const api of apisOf(problem, apis, repoRoot)) byApi.get(api)?.push(problem);
  // Redocly exits 0 on warnings; this repository allows none, so a warning fails like an error.
  const failed = [...byApi].flatMap(([api, own]) => (own.length > 0 ? [{ api, problems: own }] : []));
  return { passed: apis.filter((api) => byApi.get(api)?.length === 0), failed };
}

function lintReport(failed: LintResult['failed']): string {
  return failed
    .map(({ api, problems }) => {
      const errors = problems.filter((problem) => problem.severity === 'error').length;
      const head = `${api.alias}: lint failed (${errors} error(s), ${problems.length - errors} warning(s)); fix the spec at:`;
      return [head, ...problems.map((problem) => `  ${formatProblem(problem)}`)].join('\n');
    })
    .join('\n\n');
}

/** Throws a BundleError naming every problem when any API fails lint. */
export async function assertLintClean(repoRoot: string, only: string[] = []): Promise<VendorApi[]> {
  const result = await lintApis(repoRoot, only);
  if (result.failed.length > 0) throw new BundleError(lintReport(result.failed));
  return result.passed;
}

/**
 * Lints and bundles, concurrently, and publishes a vendor's bundle into dist/ only when that vendor
 * linted cleanly and its bundle succeeded. A vendor that fails loses only its own bundle (a stale bundle
 * of a spec that no longer lints must not be built on); the others are published as usual.
 */
export async function bundleAll(repoRoot: string, options: BundleOptions = {}): Promise<VendorApi[]> {
  const configPath = path.join(repoRoot, 'redocly.yaml');
  const apis = await selectApis(repoRoot, options.only ?? []);
  const lint: Promise<LintResult> = options.skipLint
    ? Promise.resolve({ passed: apis, failed: [] })
    : lintSelected(repoRoot, apis);
  const [linted, ...staged] = await Promise.allSettled([
    lint,
    ...apis.map((api) => stageVendor(api, repoRoot, configPath)),
  ]);
  if (linted?.status === 'rejected') {
    await Promise.all(
      staged.map((r) => (r.status === 'fulfilled' ? rm(r.value, { recursive: true, force: true }) : null)),
    );
    throw linted.reason;
  }
  const lintResult = (linted as PromiseFulfilledResult<LintResult>).value;
  const messages: string[] = [];
  if (lintResult.failed.length > 0) messages.push(lintReport(lintResult.failed));
  const published: VendorApi[] = [];
  await Promise.all(
    staged.map(async (result, index) => {
      const api = apis[index] as VendorApi;
      const lintFailed = lintResult.failed.some((failure) => failure.api === api);
      if (result.status === 'fulfilled' && !lintFailed) {
        await rm(api.dist, { recursive: true, force: true });
        await rename(result.value, api.dist);
        published.push(api);
        return;
      }
      if (result.status === 'fulfilled') await rm(result.value, { recursive: true, force: true });
      else messages.push(result.reason instanceof Error ? result.reason.message : String(result.reason));
      await rm(api.dist, { recursive: true, force: true });
    }),
  );
  if (messages.length > 0) {
    // In the registry's order, not the order the renames finished in.
    const kept = apis.filter((api) => published.includes(api)).map((api) => api.alias);
    const footer = kept.length > 0 ? `\n\nBundled all the same: ${kept.join(', ')}.` : '';
    throw new BundleError(`${messages.join('\n\n')}${footer}`);
  }
  return apis;
}

function parseArgs(argv: string[]): { root: string; only: string[]; skipLint: boolean; lintOnly: boolean } {
  let root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const only: string[] = [];
  let skipLint = false;
  let lintOnly = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--root') {
      const value = argv[++i];
      if (!value) throw new BundleError('--root needs a folder: the repository root holding redocly.yaml.');
      root = path.resolve(value);
    } else if (arg === '--skip-lint') {
      skipLint = true;
    } else if (arg === '--lint-only') {
      lintOnly = true;
    } else if (arg.startsWith('-')) {
      throw new BundleError(
        `Unknown option ${arg}. Usage: bundle [--root <repo root>] [--lint-only | --skip-lint] [vendor ...]`,
      );
    } else {
      only.push(arg);
    }
  }
  return { root, only, skipLint, lintOnly };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { root, only, skipLint, lintOnly } = parseArgs(process.argv.slice(2));
    const started = performance.now();
    if (lintOnly) {
      const apis = await assertLintClean(root, only);
      console.log(`Linted ${apis.map((api) => api.alias).join(', ')}: 0 errors, 0 warnings.`);
      process.exit(0);
    }
    const apis = await bundleAll(root, { only, skipLint });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    for (const api of apis) {
      console.log(`${api.alias}: ${path.relative(process.cwd(), api.dist)}/openapi.{yaml,json,deref.json}`);
    }
    console.log(`Bundled ${apis.length} API(s) in ${seconds} s.`);
  } catch (error) {
    console.error(error instanceof BundleError ? error.message : error);
    process.exitCode = 1;
  }
}
