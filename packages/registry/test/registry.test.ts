import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRepoRoot, RegistryError, readRegistry } from '../src/index.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function registryOf(apis: string): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'registry-'));
  await writeFile(path.join(dir, 'redocly.yaml'), `apis:\n${apis}`);
  return dir;
}

const entry = (name: string, options: string) =>
  `  ${name}@v1:\n    root: specs/${name}/openapi.yaml\n    x-backup-specs: ${options}\n`;
const ok = (port: number) => `{ mockPort: ${port}, auth: none, client: none, docs: { title: T } }`;

describe('readRegistry', () => {
  it("reads this repository's APIs with their options, in redocly.yaml's order", () => {
    const apis = readRegistry(findRepoRoot());
    expect(apis.length).toBeGreaterThanOrEqual(3);
    for (const api of apis) {
      expect(api.root).toBe(path.join(api.dir, 'openapi.yaml'));
      expect(api.dist).toBe(path.join(api.dir, 'dist'));
      expect(api.alias.startsWith(`${api.vendor}@`)).toBe(true);
      expect(api.docs.title).not.toBe('');
    }
    expect(new Set(apis.map((api) => api.mockPort)).size).toBe(apis.length);
  });

  it('an API without a client or docs options still reads, with defaults for the optional lists', async () => {
    const [api] = readRegistry(await registryOf(entry('acme', ok(4500))));
    expect(api).toMatchObject({
      vendor: 'acme',
      mockPort: 4500,
      mockErrors: undefined,
      auth: 'none',
      client: undefined,
    });
    expect(api?.docs).toEqual({ title: 'T', serverVariables: [], sampleQuery: [], sampleValues: {} });
  });

  it.each([
    ['no extension', '  acme@v1:\n    root: specs/acme/openapi.yaml\n', /api "acme@v1" has no "x-backup-specs:"/],
    [
      'a bad port',
      entry('acme', '{ mockPort: 80, auth: none, client: none, docs: { title: T } }'),
      /mockPort must be an integer from 1024 to 65535/,
    ],
    [
      'an unknown auth style',
      entry('acme', '{ mockPort: 4500, auth: oauth, client: none, docs: { title: T } }'),
      /auth must be zstack, huawei or none/,
    ],
    [
      'a half client',
      entry('acme', '{ mockPort: 4500, auth: none, client: { entry: acme }, docs: { title: T } }'),
      /client must be "none" or \{ entry, factory, variable \}/,
    ],
    [
      'an unknown mock error style',
      entry('acme', '{ mockPort: 4500, mockErrors: { style: xml }, auth: none, client: none, docs: { title: T } }'),
      /mockErrors must be \{ style: zstack \| flat \| nested \| code-message, code\?: <string> \}/,
    ],
    [
      'a JSON mock error style without its code',
      entry('acme', '{ mockPort: 4500, mockErrors: { style: flat }, auth: none, client: none, docs: { title: T } }'),
      /mockErrors\.code is missing: the error code a flat 400 carries/,
    ],
    [
      'no docs title',
      entry('acme', '{ mockPort: 4500, auth: none, client: none, docs: {} }'),
      /docs\.title is missing/,
    ],
    [
      'a shared port',
      entry('acme', ok(4500)) + entry('beta', ok(4500)),
      /apis "acme@v1" and "beta@v1" have the same mockPort/,
    ],
  ])('refuses %s, naming the API and the option', async (_label, apis, message) => {
    const root = await registryOf(apis);
    expect(() => readRegistry(root)).toThrow(RegistryError);
    expect(() => readRegistry(root)).toThrow(message);
  });

  it('says where it looked when there is no redocly.yaml', () => {
    expect(() => findRepoRoot(tmpdir())).toThrow(/No redocly.yaml at or above/);
  });
});
