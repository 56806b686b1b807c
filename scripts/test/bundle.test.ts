// The bundle step is all-or-nothing: a broken spec fails with Redocly's file:line message and leaves
// no bundle behind; a clean spec yields three consistent files. Runs on a throwaway repository root.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertLintClean, BundleError, bundleAll, checkComponentNames, lintApis } from '../src/bundle.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const validFixture = path.join(repoRoot, 'specs/test/fixtures/valid/openapi.yaml');

let root: string;
// What packages/registry needs of each API entry (an API without a client, mocked on `port`).
const registryOptions = (port: number) =>
  `    x-backup-specs: { mockPort: ${port}, auth: none, client: none, docs: { title: Demo ${port} } }\n`;
let dist: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'backup-specs-bundle-'));
  await cp(path.join(repoRoot, 'specs/lint'), path.join(root, 'specs/lint'), { recursive: true });
  const config = await readFile(path.join(repoRoot, 'redocly.yaml'), 'utf8');
  // Same rules, one API: the demo vendor.
  const rulesOnly = config.slice(0, config.indexOf('\napis:'));
  await writeFile(
    path.join(root, 'redocly.yaml'),
    `${rulesOnly}\napis:\n  demo@v1:\n    root: specs/demo/openapi.yaml\n${registryOptions(4900)}`,
  );
  await mkdir(path.join(root, 'specs/demo'), { recursive: true });
  await cp(validFixture, path.join(root, 'specs/demo/openapi.yaml'));
  dist = path.join(root, 'specs/demo/dist');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<BundleError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BundleError);
  return error as BundleError;
}

const leftovers = async () => (await readdir(path.join(root, 'specs/demo'))).filter((name) => name !== 'openapi.yaml');

describe('bundleAll', () => {
  it('writes openapi.yaml, openapi.json and openapi.deref.json holding the same document', async () => {
    await bundleAll(root);
    expect((await readdir(dist)).sort()).toEqual(['openapi.deref.json', 'openapi.json', 'openapi.yaml']);
    const json = JSON.parse(await readFile(path.join(dist, 'openapi.json'), 'utf8'));
    const { parse } = await import('yaml');
    expect(parse(await readFile(path.join(dist, 'openapi.yaml'), 'utf8'))).toEqual(json);
    const deref = await readFile(path.join(dist, 'openapi.deref.json'), 'utf8');
    expect(deref).not.toContain('$ref');
    expect(json.paths['/v1/items'].get.operationId).toBe('QueryItem');
    expect(await leftovers()).toEqual(['dist']);
  });

  it('fails on a broken spec with the file and line, and removes the earlier bundle', async () => {
    await bundleAll(root);
    const spec = path.join(root, 'specs/demo/openapi.yaml');
    const text = await readFile(spec, 'utf8');
    await writeFile(spec, text.replace("$ref: '#/components/schemas/Item'", '$ref: ./components/schemas/Missing.yaml'));
    const error = await failure(bundleAll(root));
    expect(error.message).toContain('demo@v1: lint failed');
    expect(error.message).toMatch(/specs\/demo\/openapi\.yaml:\d+:\d+ {2}error {2}no-unresolved-refs/);
    expect(error.message).toContain("Can't resolve $ref");
    expect(error.message).not.toContain('║');
    expect(await leftovers()).toEqual([]);
  });

  it('fails on two components of one name, naming both files', async () => {
    // Two different files both called Item.yaml: Redocly would call the second one `Item-2`.
    const demo = path.join(root, 'specs/demo');
    await mkdir(path.join(demo, 'components/schemas'), { recursive: true });
    await mkdir(path.join(demo, 'other'), { recursive: true });
    const item = (what: string) =>
      `type: object\ndescription: ${what}\nproperties:\n  uuid:\n    type: string\n    description: The id.\n`;
    await writeFile(path.join(demo, 'components/schemas/Item.yaml'), item('An item.'));
    await writeFile(path.join(demo, 'other/Item.yaml'), item('Another item.'));
    const spec = path.join(demo, 'openapi.yaml');
    const text = await readFile(spec, 'utf8');
    await writeFile(
      spec,
      text
        .replace("            $ref: '#/components/schemas/Item'", '            $ref: ./components/schemas/Item.yaml')
        .replace(
          / {4}Item:\n {6}type: object\n {6}description: An item.\n {6}properties:\n {8}uuid:\n {10}type: string\n {10}description: The item UUID.\n/,
          '',
        )
        .replace(
          '      description: The reply.\n      properties:\n',
          '      description: The reply.\n      properties:\n        other:\n          $ref: ./other/Item.yaml\n',
        ),
    );
    const error = await failure(bundleAll(root));
    expect(error.message).toContain("Component 'schemas/Item' is not unique");
    expect(error.message).toContain('specs/demo/other/Item.yaml:1:1');
    expect(error.message).toContain('specs/demo/components/schemas/Item.yaml:1:1');
    expect(await leftovers()).not.toContain('dist');
    expect((await leftovers()).filter((name) => name.startsWith('.dist-tmp'))).toEqual([]);
  });

  it('refuses an unknown vendor name, listing the known ones', async () => {
    const error = await failure(bundleAll(root, { only: ['zstak'] }));
    expect(error.message).toBe('Unknown vendor zstak; known: demo.');
  });
});

describe('checkComponentNames', () => {
  it('rejects a name the bundler invented (Item-2) and accepts file-named and root-declared ones', async () => {
    const demo = path.join(root, 'specs/demo');
    await mkdir(path.join(demo, 'components/schemas'), { recursive: true });
    await writeFile(path.join(demo, 'components/schemas/Item.yaml'), 'type: object\n');
    const api = { alias: 'demo@v1', vendor: 'demo', root: path.join(demo, 'openapi.yaml'), dir: demo, dist };
    await expect(
      checkComponentNames(api, { components: { schemas: { Item: {}, ItemReply: {} } } }),
    ).resolves.toBeUndefined();
    const error = await failure(checkComponentNames(api, { components: { schemas: { Item: {}, 'Item-2': {} } } }));
    expect(error.message).toContain('demo@v1: component name conflict');
    expect(error.message).toContain('components.schemas.Item-2: no file specs/demo/components/schemas/Item-2.yaml');
  });
});

describe('lintApis', () => {
  it('reports structured problems and never touches dist/ (lint alone only reports)', async () => {
    await bundleAll(root);
    const spec = path.join(root, 'specs/demo/openapi.yaml');
    await writeFile(spec, (await readFile(spec, 'utf8')).replace('operationId: QueryItem', 'operationId: query_item'));
    const result = await lintApis(root);
    expect(result.passed).toEqual([]);
    const problem = result.failed[0]?.problems.find((p) => p.ruleId === 'rule/operationId-vendor-casing');
    expect(problem).toMatchObject({ severity: 'error', file: 'specs/demo/openapi.yaml' });
    expect(problem?.line).toBeGreaterThan(1);
    const error = await failure(assertLintClean(root));
    expect(error.message).toMatch(/specs\/demo\/openapi\.yaml:\d+:\d+ {2}error {2}rule\/operationId-vendor-casing/);
    expect((await readdir(dist)).sort()).toEqual(['openapi.deref.json', 'openapi.json', 'openapi.yaml']);
  });

  it('bundles without linting again when told the caller has linted', async () => {
    await bundleAll(root, { skipLint: true });
    expect((await readdir(dist)).sort()).toEqual(['openapi.deref.json', 'openapi.json', 'openapi.yaml']);
  });
});

describe('lintApis with warnings', () => {
  it('fails on a warning too', async () => {
    const config = path.join(root, 'redocly.yaml');
    await writeFile(
      config,
      (await readFile(config, 'utf8')).replace('  no-unused-components: error', '  no-unused-components: warn'),
    );
    const spec = path.join(root, 'specs/demo/openapi.yaml');
    await writeFile(
      spec,
      (await readFile(spec, 'utf8')).replace(
        '  responses:\n    BadRequest:',
        '    Orphan:\n      type: string\n      description: Unused.\n  responses:\n    BadRequest:',
      ),
    );
    const error = await failure(assertLintClean(root));
    expect(error.message).toContain('0 error(s), 1 warning(s)');
    expect(error.message).toMatch(/:\d+:\d+ {2}warn {2}no-unused-components/);
  });
});

describe('a failing API loses only its own bundle', () => {
  // A second API beside demo, from the same valid fixture.
  async function addOtherApi(): Promise<void> {
    const config = path.join(root, 'redocly.yaml');
    await writeFile(
      config,
      `${await readFile(config, 'utf8')}  other@v1:\n    root: specs/other/openapi.yaml\n${registryOptions(4901)}`,
    );
    await mkdir(path.join(root, 'specs/other'), { recursive: true });
    await cp(validFixture, path.join(root, 'specs/other/openapi.yaml'));
  }

  it('publishes the clean API and removes only the broken one', async () => {
    await addOtherApi();
    await bundleAll(root);
    const otherDist = path.join(root, 'specs/other/dist');
    const spec = path.join(root, 'specs/demo/openapi.yaml');
    await writeFile(spec, (await readFile(spec, 'utf8')).replace('operationId: QueryItem', 'operationId: query_item'));
    const error = await failure(bundleAll(root));
    expect(error.message).toContain('demo@v1: lint failed');
    expect(error.message).not.toContain('other@v1: lint failed');
    expect(error.message).toContain('Bundled all the same: other@v1.');
    expect(await leftovers()).toEqual([]);
    expect((await readdir(otherDist)).sort()).toEqual(['openapi.deref.json', 'openapi.json', 'openapi.yaml']);
  });

  it('bundles the others when Redocly cannot even read one: the failure names the file and line, and is its own', async () => {
    await addOtherApi();
    await writeFile(path.join(root, 'specs/demo/openapi.yaml'), 'openapi: 3.1.0\ninfo: [unclosed\n');
    const error = await failure(bundleAll(root, { skipLint: true }));
    expect(error.message).toContain('demo@v1: redocly bundle failed');
    expect(error.message).toMatch(
      /specs\/demo\/openapi\.yaml:3:1 {2}error {2}unreadable-file {2}Redocly cannot read this file: /,
    );
    // Lint says the same, as a problem of that file (not an exception), and lints the other API as usual.
    const linted = await lintApis(root);
    expect(linted.passed.map((api) => api.alias)).toEqual(['other@v1']);
    expect(linted.failed[0]?.problems).toEqual([
      expect.objectContaining({
        ruleId: 'unreadable-file',
        severity: 'error',
        file: 'specs/demo/openapi.yaml',
        line: 3,
      }),
    ]);
    expect(error.message).not.toContain('other@v1: redocly bundle failed');
    expect(error.message).toContain('Bundled all the same: other@v1.');
    expect(await leftovers()).toEqual([]);
    expect((await readdir(path.join(root, 'specs/other/dist'))).sort()).toEqual([
      'openapi.deref.json',
      'openapi.json',
      'openapi.yaml',
    ]);
  });
});
