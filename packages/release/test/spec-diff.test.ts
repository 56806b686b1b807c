// The breaking-change gate: a fixture pair (base, head) for every class of change, classified by
// diffDocuments; then `pnpm spec:diff` itself on this repository and on bad input.
// biome-ignore-all lint/suspicious/noExplicitAny: the fixture documents are edited freely, path by path.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '@backup-specs/registry';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../src/openapi-diff.ts';
import { missingMajors, SPEC_PACKAGES, specDiff } from '../src/spec-diff.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

type Doc = Parameters<typeof diffDocuments>[0];

const task = {
  type: 'object',
  required: ['id', 'status'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['running', 'done'] },
    progress: { type: 'integer', minimum: 0, maximum: 100 },
  },
};

/** A one-operation API; `edit` changes a copy of it into the head. */
function api(edit: (doc: any) => void = () => {}): Doc {
  const doc = {
    openapi: '3.1.0',
    paths: {
      '/tasks': {
        get: {
          operationId: 'ListTasks',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } },
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['running', 'done'] } },
            { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'OK',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { tasks: { type: 'array', items: structuredClone(task) } } },
                },
              },
            },
            '400': { description: 'Bad', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
        post: {
          operationId: 'CreateTask',
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['name'],
                  properties: { name: { type: 'string' }, note: { type: 'string' } },
                },
              },
            },
          },
          responses: { '202': { description: 'Accepted' } },
        },
      },
    },
  };
  const head = structuredClone(doc);
  edit(head);
  return head as unknown as Doc;
}

const get = (doc: any) => doc.paths['/tasks'].get;
const post = (doc: any) => doc.paths['/tasks'].post;
const item = (doc: any) => get(doc).responses['200'].content['application/json'].schema.properties.tasks.items;

const BREAKING: Array<[string, (doc: any) => void, string]> = [
  ['removed path', (d) => delete d.paths['/tasks'], 'removed-operation'],
  ['removed operation', (d) => delete d.paths['/tasks'].post, 'removed-operation'],
  ['removed parameter', (d) => get(d).parameters.splice(1, 1), 'removed-parameter'],
  ['removed response', (d) => delete get(d).responses['400'], 'removed-response'],
  ['removed response property', (d) => delete item(d).properties.progress, 'removed-response-property'],
  ['response property no longer always sent', (d) => (item(d).required = ['id']), 'property-became-optional'],
  ['parameter became required', (d) => (get(d).parameters[0].required = true), 'parameter-became-required'],
  [
    'new required parameter',
    (d) => get(d).parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } }),
    'new-required-parameter',
  ],
  [
    'request property became required',
    (d) => post(d).requestBody.content['application/json'].schema.required.push('note'),
    'property-became-required',
  ],
  [
    'new required request property',
    (d) => {
      const schema = post(d).requestBody.content['application/json'].schema;
      schema.properties.owner = { type: 'string' };
      schema.required.push('owner');
    },
    'new-required-request-property',
  ],
  ['parameter type change', (d) => (get(d).parameters[0].schema.type = 'string'), 'type-changed'],
  ['response type change', (d) => (item(d).properties.progress.type = 'string'), 'type-changed'],
  ['narrowed request enum', (d) => (get(d).parameters[1].schema.enum = ['running']), 'enum-narrowed'],
  ['enum on a parameter that had none', (d) => (get(d).parameters[2].schema.enum = ['a', 'b']), 'enum-narrowed'],
  ['new value in a reply enum', (d) => item(d).properties.status.enum.push('failed'), 'enum-widened'],
  ['narrowed range (minimum up)', (d) => (get(d).parameters[0].schema.minimum = 10), 'range-narrowed'],
  ['narrowed range (maximum down)', (d) => (get(d).parameters[0].schema.maximum = 100), 'range-narrowed'],
  ['new pattern on a parameter', (d) => (get(d).parameters[2].schema.pattern = '^[a-z]+$'), 'range-narrowed'],
];

const NOT_BREAKING: Array<[string, (doc: any) => void, string]> = [
  [
    'added operation',
    (d) => (d.paths['/tasks/{id}'] = { get: { operationId: 'ShowTask', responses: {} } }),
    'added-operation',
  ],
  [
    'added optional parameter',
    (d) => get(d).parameters.push({ name: 'offset', in: 'query', schema: { type: 'integer' } }),
    'added-parameter',
  ],
  ['added response', (d) => (get(d).responses['404'] = { description: 'Not found' }), 'added-response'],
  ['added response property', (d) => (item(d).properties.name = { type: 'string' }), 'added-response-property'],
  [
    'added optional request property',
    (d) => (post(d).requestBody.content['application/json'].schema.properties.tag = { type: 'string' }),
    'added-request-property',
  ],
  ['widened request enum', (d) => get(d).parameters[1].schema.enum.push('failed'), 'enum-widened'],
  ['widened range (maximum up)', (d) => (get(d).parameters[0].schema.maximum = 5000), ''],
  ['header name case only', (d) => (get(d).parameters[2].name = 'x-trace'), ''],
];

describe('diffDocuments', () => {
  it('finds nothing between a document and itself', () => {
    expect(diffDocuments(api(), api())).toEqual([]);
  });

  it.each(BREAKING)('%s is breaking', (_, edit, kind) => {
    const changes = diffDocuments(api(), api(edit));
    expect(changes.filter((c) => c.breaking).map((c) => c.kind)).toContain(kind);
  });

  it.each(NOT_BREAKING)('%s is not breaking', (_, edit, kind) => {
    const changes = diffDocuments(api(), api(edit));
    expect(changes.filter((c) => c.breaking)).toEqual([]);
    if (kind) expect(changes.map((c) => c.kind)).toContain(kind);
    else expect(changes).toEqual([]);
  });

  it('a new value in an open reply enum (anyOf: [enum, string], as the specs declare statuses) is not breaking', () => {
    const open = (values: string[]) => (d: any) =>
      (item(d).properties.status = { anyOf: [{ type: 'string', enum: values }, { type: 'string' }] });
    const changes = diffDocuments(api(open(['running', 'done'])), api(open(['running', 'done', 'failed'])));
    expect(changes).toEqual([expect.objectContaining({ breaking: false, kind: 'enum-widened' })]);
  });

  it('names where each change is: method, path, location and property', () => {
    const [change] = diffDocuments(
      api(),
      api((d) => delete item(d).properties.progress),
    );
    expect(change).toEqual({
      breaking: true,
      kind: 'removed-response-property',
      where: 'GET /tasks 200 tasks[].progress',
      message: 'property removed',
    });
  });
});

describe('pnpm spec:diff', () => {
  it('passes on this commit: no breaking change since the merge base, or a major changeset for it', async () => {
    const result = await specDiff(repoRoot);
    const breaking = result.apis.flatMap((a) => a.changes).filter((c) => c.breaking);
    if (breaking.length > 0) expect(await missingMajors(repoRoot)).toEqual([]);
    expect(result.apis.map((a) => a.alias).length).toBeGreaterThan(0);
  }, 60_000);

  it('reads pending changesets: a major for each spec package clears the gate, a minor does not', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'backup-specs-changesets-'));
    try {
      await mkdir(path.join(root, '.changeset'));
      await writeFile(path.join(root, '.changeset', 'config.json'), '{}');
      await writeFile(
        path.join(root, '.changeset', 'minor-one.md'),
        `---\n${SPEC_PACKAGES.map((name) => `"${name}": minor`).join('\n')}\n---\n\nA minor change.\n`,
      );
      expect(await missingMajors(root)).toEqual(SPEC_PACKAGES);
      await writeFile(
        path.join(root, '.changeset', 'major-one.md'),
        `---\n${SPEC_PACKAGES.map((name) => `"${name}": major`).join('\n')}\n---\n\nRemoves a field.\n`,
      );
      expect(await missingMajors(root)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('a working tree whose spec does not lint is one line naming the problem', async () => {
    // A repository of its own: this one's registry and specs, committed on main, then a $ref broken.
    const root = await mkdtemp(path.join(tmpdir(), 'backup-specs-spec-diff-repo-'));
    try {
      await cp(path.join(repoRoot, 'redocly.yaml'), path.join(root, 'redocly.yaml'));
      await cp(path.join(repoRoot, 'specs'), path.join(root, 'specs'), {
        recursive: true,
        filter: (file) => !/[/\\](dist|node_modules|test)$/.test(file),
      });
      const git = (...args: string[]) =>
        spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t.invalid', ...args], { cwd: root });
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
      const api = readRegistry(root)[0];
      if (!api) throw new Error('no API registered');
      const spec = await readFile(api.root, 'utf8');
      const broken = spec.replace(/\$ref: '?paths\//, "$ref: 'paths/no-such-");
      expect(broken).not.toBe(spec);
      await writeFile(api.root, broken);
      await expect(specDiff(root)).rejects.toThrow(
        /^the working tree's specs do not lint or bundle \(.*\); run pnpm lint\.$/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    [
      ['--base', 'no-such-ref-anywhere'],
      /^pnpm spec:diff: --base no-such-ref-anywhere: no such commit, branch or tag in this repository\.$/,
    ],
    [['--bogus'], /^pnpm spec:diff: Unknown option '--bogus'\. Run with --help for usage\.$/],
  ])(
    '%j: one line, exit 2',
    (args, message) => {
      const result = spawnSync('pnpm', ['--silent', 'spec:diff', ...args], { cwd: repoRoot, encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr.trim()).toMatch(message);
    },
    30_000,
  );
});
