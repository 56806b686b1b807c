// `pnpm spec:diff [--base <git ref>]`: the breaking-change gate. Bundles every registered API as it is in the
// working tree and as it was at the base (default: the merge base with main), classifies each change
// (openapi-diff.ts), prints a report per API, and exits 1 when a breaking change has no major changeset
// for the packages generated from the specs. Bad input (a ref that does not exist, a spec that does not
// lint) is one line and exit 2.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findRepoRoot, readRegistry } from '@backup-specs/registry';
import { bundleAll } from '@backup-specs/scripts/bundle';
import readChangesets from '@changesets/read';
import { type Change, diffDocuments } from './openapi-diff.ts';

const USAGE = `Usage: pnpm spec:diff [--base <git ref>]

Compares every API's bundle with the one built from <git ref> (default: the merge base with main), lists
each change as breaking or not, and exits 1 when a breaking change has no major changeset for
${'@backup-specs/specs, @backup-specs/types and @backup-specs/client'} (pnpm changeset).`;

/** Packages generated from the specs: a breaking spec change is a major of each. */
export const SPEC_PACKAGES = ['@backup-specs/specs', '@backup-specs/types', '@backup-specs/client'];

class UsageError extends Error {}

const git = (repoRoot: string, args: string[]) =>
  execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

function resolveBase(repoRoot: string, ref: string | undefined): { ref: string; commit: string } {
  if (ref !== undefined) {
    try {
      return { ref, commit: git(repoRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) };
    } catch {
      throw new UsageError(`--base ${ref}: no such commit, branch or tag in this repository.`);
    }
  }
  for (const main of ['main', 'origin/main']) {
    try {
      return { ref: `merge base with ${main}`, commit: git(repoRoot, ['merge-base', 'HEAD', main]) };
    } catch {}
  }
  throw new UsageError('no main branch to compare with: pass --base <git ref>.');
}

/** The first line of a bundling failure, and where to see the rest. */
const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

interface ApiDiff {
  alias: string;
  changes: Change[];
  status: 'changed' | 'added' | 'removed';
}

export async function specDiff(repoRoot: string, baseRef?: string): Promise<{ base: string; apis: ApiDiff[] }> {
  const base = resolveBase(repoRoot, baseRef);
  const work = await mkdtemp(path.join(tmpdir(), 'backup-specs-spec-diff-'));
  try {
    const [headRoot, baseRoot] = [path.join(work, 'head'), path.join(work, 'base')];
    // The working tree as it is (uncommitted edits included), without its bundles.
    await mkdir(headRoot, { recursive: true });
    await cp(path.join(repoRoot, 'redocly.yaml'), path.join(headRoot, 'redocly.yaml'));
    await cp(path.join(repoRoot, 'specs'), path.join(headRoot, 'specs'), {
      recursive: true,
      filter: (file) => !/[/\\](dist|node_modules|\.dist-tmp-[^/\\]*)$/.test(file),
    });
    await mkdir(baseRoot, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${base.commit} redocly.yaml specs | tar -x -C "${baseRoot}"`], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      await bundleAll(headRoot);
    } catch (error) {
      throw new UsageError(`the working tree's specs do not lint or bundle (${oneLine(error)}); run pnpm lint.`);
    }
    let baseApis: ReturnType<typeof readRegistry> = [];
    try {
      baseApis = readRegistry(baseRoot);
      await bundleAll(baseRoot, { skipLint: true });
    } catch (error) {
      throw new UsageError(`the specs at ${base.ref} (${base.commit.slice(0, 12)}) do not bundle: ${oneLine(error)}`);
    }
    const deref = async (dir: string) =>
      JSON.parse(await readFile(path.join(dir, 'openapi.deref.json'), 'utf8')) as Parameters<typeof diffDocuments>[0];
    const apis: ApiDiff[] = [];
    const headApis = readRegistry(headRoot);
    for (const api of headApis) {
      const before = baseApis.find((candidate) => candidate.vendor === api.vendor);
      if (!before) {
        apis.push({ alias: api.alias, status: 'added', changes: [] });
        continue;
      }
      apis.push({
        alias: api.alias,
        status: 'changed',
        changes: diffDocuments(await deref(before.dist), await deref(api.dist)),
      });
    }
    for (const api of baseApis) {
      if (headApis.some((candidate) => candidate.vendor === api.vendor)) continue;
      apis.push({
        alias: api.alias,
        status: 'removed',
        changes: [{ breaking: true, kind: 'removed-api', where: api.alias, message: 'API removed from the registry' }],
      });
    }
    return { base: `${base.ref} (${base.commit.slice(0, 12)})`, apis };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The packages of SPEC_PACKAGES that no pending changeset bumps to a major. */
export async function missingMajors(repoRoot: string): Promise<string[]> {
  const changesets = await readChangesets(repoRoot);
  const majors = new Set(
    changesets.flatMap((changeset) =>
      changeset.releases.filter((release) => release.type === 'major').map((release) => release.name),
    ),
  );
  return SPEC_PACKAGES.filter((name) => !majors.has(name));
}

export function report(result: Awaited<ReturnType<typeof specDiff>>): string {
  const lines = [`Spec changes since ${result.base}:`];
  for (const api of result.apis) {
    const breaking = api.changes.filter((change) => change.breaking).length;
    if (api.status === 'added') {
      lines.push(`  ${api.alias}: new API (not breaking)`);
      continue;
    }
    lines.push(
      `  ${api.alias}: ${api.changes.length === 0 ? 'no change' : `${breaking} breaking, ${api.changes.length - breaking} not breaking`}`,
    );
    for (const change of api.changes) {
      lines.push(`    ${change.breaking ? 'BREAKING' : 'ok      '} ${change.kind}  ${change.where}: ${change.message}`);
    }
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let values: { base?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { base: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`pnpm spec:diff: ${(error as Error).message}. Run with --help for usage.`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const repoRoot = findRepoRoot(process.cwd());
  let result: Awaited<ReturnType<typeof specDiff>>;
  try {
    result = await specDiff(repoRoot, values.base);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`pnpm spec:diff: ${error.message}`);
      return 2;
    }
    throw error;
  }
  console.log(report(result));
  const breaking = result.apis.flatMap((api) => api.changes).filter((change) => change.breaking).length;
  if (breaking === 0) {
    console.log('No breaking change.');
    return 0;
  }
  const missing = await missingMajors(repoRoot);
  if (missing.length > 0) {
    console.error(
      `pnpm spec:diff: ${breaking} breaking change${breaking === 1 ? '' : 's'} without a major changeset for ${missing.join(', ')}: run \`pnpm changeset\` and choose major (see docs/versioning.md).`,
    );
    return 1;
  }
  console.log(
    `${breaking} breaking change${breaking === 1 ? '' : 's'}, with a major changeset for ${SPEC_PACKAGES.join(', ')}.`,
  );
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
