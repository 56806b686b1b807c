import { describe, expect, it } from 'vitest';
import { dereference } from '../src/dereference.ts';

describe('dereference', () => {
  it('inlines references and keeps $ref siblings such as a description', () => {
    const doc = {
      a: { $ref: '#/components/schemas/Name', description: 'Local words win.' },
      components: { schemas: { Name: { type: 'string', description: 'A name.' } } },
    };
    expect(dereference(doc).a).toEqual({ type: 'string', description: 'Local words win.' });
  });

  it('keeps a recursive reference as a $ref and terminates', () => {
    const doc = {
      root: { $ref: '#/components/schemas/ErrorCode' },
      components: {
        schemas: {
          ErrorCode: {
            type: 'object',
            properties: { cause: { $ref: '#/components/schemas/ErrorCode' }, code: { type: 'string' } },
          },
        },
      },
    };
    const out = dereference(doc);
    expect(out.root).toEqual({
      type: 'object',
      properties: { cause: { $ref: '#/components/schemas/ErrorCode' }, code: { type: 'string' } },
    });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('decodes JSON-pointer escapes in references', () => {
    const doc = { x: { $ref: '#/paths/~1v1~1a' }, paths: { '/v1/a': { get: 1 } } };
    expect(dereference(doc).x).toEqual({ get: 1 });
  });

  it('names an unresolvable reference', () => {
    expect(() => dereference({ x: { $ref: '#/nowhere' } })).toThrow('Unresolvable reference "#/nowhere".');
  });
});
