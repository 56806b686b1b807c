import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readVendorApis } from '@backup-specs/scripts/vendors';
import { describe, expect, it } from 'vitest';
import { collectExamples, type ExampleCase, exampleValidator } from './support/examples.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const apis = await readVendorApis(repoRoot);

describe.each(apis)('examples of $alias', (api) => {
  const bundlePath = path.join(api.dist, 'openapi.json');
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run \`pnpm build\` first.`);
  const doc = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const examples = collectExamples(doc);
  const validator = exampleValidator(doc);

  it('has examples for responses and parameters', () => {
    expect(examples.filter((example) => / \d{3} /.test(example.name)).length).toBeGreaterThan(3);
    expect(examples.some((example) => example.name.includes(' parameter '))).toBe(true);
  });

  it.each(examples.map((example) => [example.name, example] as const))('%s', (_name, example) => {
    expect(validator.validate(example)).toEqual([]);
  });
});

describe('the example validator itself', () => {
  const doc = {
    openapi: '3.1.0',
    paths: {
      '/things': {
        get: {
          parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 }, example: 0 }],
          responses: {
            '200': { $ref: '#/components/responses/Things' },
          },
        },
      },
    },
    components: {
      responses: {
        Things: {
          description: 'Things',
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Thing' },
              examples: {
                good: { value: { id: 'a', parent: { id: 'b' } } },
                wrongType: { value: { id: 1 } },
                undocumentedField: { value: { id: 'a', colour: 'red' } },
                badNested: { $ref: '#/components/examples/BadNested' },
              },
            },
          },
        },
      },
      examples: { BadNested: { value: { id: 'a', parent: { id: 2 } } } },
      schemas: {
        Thing: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string' }, parent: { $ref: '#/components/schemas/Thing' } },
        },
      },
    },
  };
  const validator = exampleValidator(doc);
  const byName = Object.fromEntries(collectExamples(doc).map((example) => [example.name, example]));

  it('finds examples through response, example and parameter references', () => {
    expect(Object.keys(byName).sort()).toEqual([
      'GET /things 200 application/json badNested',
      'GET /things 200 application/json good',
      'GET /things 200 application/json undocumentedField',
      'GET /things 200 application/json wrongType',
      'GET /things parameter query.limit',
    ]);
  });

  it('accepts a valid example, including a recursive schema', () => {
    const good = byName['GET /things 200 application/json good'];
    expect(good).toBeDefined();
    expect(validator.validate(good as ExampleCase)).toEqual([]);
  });

  it.each([
    ['GET /things 200 application/json wrongType', 'type'],
    ['GET /things 200 application/json undocumentedField', 'additionalProperties'],
    ['GET /things 200 application/json badNested', 'type'],
    ['GET /things parameter query.limit', 'minimum'],
  ])('rejects %s (%s)', (name, keyword) => {
    const example = byName[name];
    expect(example).toBeDefined();
    const errors = validator.validate(example as ExampleCase);
    expect(errors.map((error) => error.keyword)).toContain(keyword);
  });
});
