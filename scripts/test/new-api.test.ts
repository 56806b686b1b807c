// `newApi()` on a small registry of its own: what it writes, what it refuses, and that a refusal or failure
// leaves the repository as it was. The whole-repository run (build, mock, docs, pnpm test) is in
// new-api-in-a-repo-copy.test.ts.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '@backup-specs/registry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NewApiError, newApi } from '../src/new-api.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const CONFIG = `# A comment that must survive.
telemetry: off
apis:
  first@v1:
    root: specs/first/openapi.yaml
    x-backup-specs:
      mockPort: 4010
      auth: huawei
      client: { entry: first, factory: createFirstClient, variable: first }
      docs: { title: First, serverVariables: [region], sampleQuery: [limit], sampleValues: { limit: '5' } }
    rules:
      rule/first-names:
        subject: { type: Operation, property: operationId }
        assertions: { pattern: /^List/ }
        severity: error
  second@v2:
    root: specs/second/openapi.yaml
    x-backup-specs:
      mockPort: 4012
      auth: none
      client: none
      docs: { title: Second }

# After the list.
rules:
  operation-operationId: error
`;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'backup-specs-new-api-'));
  await writeFile(path.join(root, 'redocly.yaml'), CONFIG);
  for (const name of ['first', 'second']) {
    await mkdir(path.join(root, 'specs', name, 'dist'), { recursive: true });
    await writeFile(path.join(root, 'specs', name, 'openapi.yaml'), `openapi: 3.1.0\n# ${name}\n`);
    await writeFile(path.join(root, 'specs', name, 'dist', 'openapi.json'), '{}');
  }
});
afterEach(() => rm(root, { recursive: true, force: true }));

const registered = (name: string) => readRegistry(root).find((api) => api.vendor === name);

describe('pnpm new:api', () => {
  it('copies the template and registers the API after the last one, leaving every other byte of redocly.yaml', async () => {
    const result = await newApi({ spec: 'acme-backup', repoRoot: root });
    expect(result).toMatchObject({ alias: 'acme-backup@v1', vendor: 'acme-backup', mockPort: 4013 });
    const config = await readFile(path.join(root, 'redocly.yaml'), 'utf8');
    const at = config.indexOf('  acme-backup@v1:');
    expect(at).toBeGreaterThan(0);
    const end = CONFIG.indexOf('\n# After the list.');
    // Everything before the insertion and after it is unchanged.
    expect(config.slice(0, at)).toBe(CONFIG.slice(0, end));
    expect(config.endsWith(CONFIG.slice(end))).toBe(true);
    expect(registered('acme-backup')).toMatchObject({
      alias: 'acme-backup@v1',
      mockPort: 4013,
      mockErrors: { style: 'code-message', code: 'InvalidParameter' },
      auth: 'none',
      client: undefined,
      docs: { title: 'Acme Backup', serverVariables: ['host'], sampleQuery: ['limit', 'offset'], sampleValues: {} },
    });
    const spec = await readFile(path.join(root, 'specs', 'acme-backup', 'openapi.yaml'), 'utf8');
    expect(spec).toContain('title: Acme Backup backup tasks API');
    expect(spec).not.toMatch(/__[A-Z]+__/);
    const files = await readdir(path.join(root, 'specs', 'acme-backup'), { recursive: true });
    expect(files).toContain(path.join('paths', 'tasks.yaml'));
  });

  it('--from copies the spec sources (never dist/) and the options and rules, but not the dedicated client', async () => {
    await newApi({ spec: 'third@v3', from: 'first', title: 'Third Cloud', repoRoot: root });
    expect(registered('third')).toMatchObject({
      alias: 'third@v3',
      auth: 'huawei',
      client: undefined,
      docs: { title: 'Third Cloud', serverVariables: ['region'], sampleQuery: ['limit'], sampleValues: { limit: '5' } },
    });
    expect(await readdir(path.join(root, 'specs', 'third'))).toEqual(['openapi.yaml']);
    const config = await readFile(path.join(root, 'redocly.yaml'), 'utf8');
    const entry = config.slice(config.indexOf('  third@v3:'), config.indexOf('\n# After the list.'));
    expect(entry).toContain('rule/first-names:');
    expect(entry).toContain('pattern: /^List/');
  });

  it.each([
    [{ spec: 'Acme' }, /"Acme" is not a valid API name/],
    [{ spec: 'acme@latest' }, /"latest" is not a version/],
    [{ spec: 'first' }, /"first" is already registered/],
    [{ spec: 'acme', from: 'nope' }, /--from nope: no such API; registered: first, second/],
  ])('refuses %o with a clear message and changes nothing', async (options, message) => {
    await expect(newApi({ ...options, repoRoot: root })).rejects.toThrow(message);
    await expect(newApi({ ...options, repoRoot: root })).rejects.toBeInstanceOf(NewApiError);
    expect(await readFile(path.join(root, 'redocly.yaml'), 'utf8')).toBe(CONFIG);
    expect((await readdir(path.join(root, 'specs'))).sort()).toEqual(['first', 'second']);
  });

  it('refuses a folder that exists without a registry entry', async () => {
    await mkdir(path.join(root, 'specs', 'orphan'));
    await expect(newApi({ spec: 'orphan', repoRoot: root })).rejects.toThrow(/specs\/orphan\/ already exists/);
    expect(await readFile(path.join(root, 'redocly.yaml'), 'utf8')).toBe(CONFIG);
  });

  it('takes the port after the highest registered one, skipping taken ports', async () => {
    await newApi({ spec: 'a', repoRoot: root });
    await newApi({ spec: 'b', repoRoot: root });
    expect([registered('a')?.mockPort, registered('b')?.mockPort]).toEqual([4013, 4014]);
  });

  it('the command prints a one-line usage error with exit code 2, and its help with exit code 0', async () => {
    // The repository's own command, pointed at nothing it could change: a bad name fails before any write.
    const run = (args: string[]) => {
      const result = spawnSync('pnpm', ['--silent', 'new:api', ...args], { cwd: repoRoot, encoding: 'utf8' });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    expect(run(['Bad_Name'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^new:api: "Bad_Name"/) });
    expect(run([])).toMatchObject({ status: 2, stderr: expect.stringContaining('give exactly one API name') });
    expect(run(['--nope'])).toMatchObject({ status: 2, stderr: expect.stringContaining("Unknown option '--nope'") });
    expect(run(['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage: pnpm new:api') });
    for (const result of [run(['Bad_Name']), run(['--nope'])]) expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe('pnpm new:api --from a Huawei Cloud API', () => {
  it('copies the API folder and keeps referencing the shared gateway parts (specs/common), never a copy', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'backup-specs-new-api-shared-'));
    try {
      const { cp } = await import('node:fs/promises');
      for (const folder of ['huaweicloud-vbs', 'common']) {
        await cp(path.join(repoRoot, 'specs', folder), path.join(copy, 'specs', folder), {
          recursive: true,
          filter: (file) => !file.includes(`${path.sep}dist`),
        });
      }
      const config = await readFile(path.join(repoRoot, 'redocly.yaml'), 'utf8');
      const vbs = /^ {2}huaweicloud-vbs@v2:\n(?: {4}.*\n)+/m.exec(config)?.[0] ?? '';
      expect(vbs).toContain('root: specs/huaweicloud-vbs/openapi.yaml');
      await writeFile(path.join(copy, 'redocly.yaml'), `apis:\n${vbs}`);
      await newApi({ spec: 'acme-volumes', from: 'huaweicloud-vbs', repoRoot: copy });
      const files = (await readdir(path.join(copy, 'specs', 'acme-volumes'), { recursive: true })) as string[];
      const yaml = files.filter((file) => file.endsWith('.yaml'));
      const refs: string[] = [];
      for (const file of yaml) {
        const text = await readFile(path.join(copy, 'specs', 'acme-volumes', file), 'utf8');
        for (const [, ref] of text.matchAll(/\$ref:\s*['"]?([^'"#\s]+\.yaml)/g)) {
          refs.push(path.resolve(path.dirname(path.join(copy, 'specs', 'acme-volumes', file)), ref as string));
        }
      }
      const shared = refs.filter((ref) => ref.startsWith(path.join(copy, 'specs', 'common')));
      expect(shared.length).toBeGreaterThan(0);
      // Every reference resolves, and none of the shared files was copied into the new API.
      for (const ref of refs) expect((await readFile(ref, 'utf8')).length, ref).toBeGreaterThan(0);
      for (const ref of shared)
        expect(files).not.toContain(path.relative(path.join(copy, 'specs', 'common', 'huaweicloud'), ref));
      expect(files.some((file) => file.endsWith('XSdkDate.yaml'))).toBe(false);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
