// Property tests: whatever the builder accepts, the server (transcribed in support/server-grammar)
// reads back as exactly the intended field, operator and value; whatever it refuses, the server would
// have misread. Query strings keep repeated q in order and carry + and % intact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { q, serializeZStackQuery } from '../../src/zstack/query.js';
import { parseCondition, readQuery, splitByWholeSeparator } from './support/server-grammar.js';

const field = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}(\.[A-Za-z_][A-Za-z0-9_]{0,8})?$/);
// Values rich in the characters that matter: operator characters, %, +, &, =, spaces, commas, unicode.
const value = fc.string({
  unit: fc.oneof(
    fc.constantFrom('=', '!', '?', '~', '<', '>', '%', '+', '&', ',', ' ', '#', '/', 'a', 'b', 'é', '中', '😀'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

const binary = {
  equals: '=',
  notEquals: '!=',
  like: '~=',
  notLike: '!~=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
} as const;

function build(fn: () => string): string | ConfigurationError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
}

describe('q builder against the server grammar', () => {
  it('splitByWholeSeparator transcription matches commons-lang on known cases', () => {
    expect(splitByWholeSeparator('name=x', '=', 2)).toEqual(['name', 'x']);
    expect(splitByWholeSeparator('name=x=y', '=', 2)).toEqual(['name', 'x=y']);
    expect(splitByWholeSeparator('name==x', '=', 2)).toEqual(['name', 'x']);
    expect(splitByWholeSeparator('name=', '=', 2)).toEqual(['name', '']);
    expect(splitByWholeSeparator('=x', '=', 2)).toEqual(['x']);
  });

  it('binary operators: accepted iff the server reads back the same field, operator and value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(binary) as (keyof typeof binary)[])),
        field,
        value,
        (method, name, v) => {
          const built = build(() => q[method](name, v));
          const op = binary[method];
          const wire = serializeZStackQuery({ q: [name + op + v] });
          const server = readQuery(wire).conditions[0];
          const intended = server?.status === 200 && server.name === name && server.op === op && server.value === v;
          if (built instanceof ConfigurationError) {
            expect(intended).toBe(false);
          } else {
            expect(built).toBe(name + op + v);
            expect(readQuery(serializeZStackQuery({ q: [built] })).conditions).toEqual([
              { status: 200, name, op, value: v },
            ]);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('in / not in: accepted values come back as the same list', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('in', 'notIn' as const),
        field,
        fc.array(value, { maxLength: 4 }),
        (method, name, values) => {
          const built = build(() => q[method](name, values));
          if (built instanceof ConfigurationError) {
            const splittable = values.length > 0 && values.every((item) => item !== '' && !item.includes(','));
            const op = method === 'in' ? '?=' : '!?=';
            const server = parseCondition(name + op + values.join(','));
            expect(splittable && server.status === 200 && server.op === op && server.value === values.join(',')).toBe(
              false,
            );
          } else {
            const [server] = readQuery(serializeZStackQuery({ q: [built] })).conditions;
            expect(server).toMatchObject({ status: 200, name, op: method === 'in' ? '?=' : '!?=' });
            expect((server as { value: string }).value.split(',')).toEqual(values);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is null / not null are read as value-less conditions on the field', () => {
    fc.assert(
      fc.property(field, fc.boolean(), (name, isNull) => {
        const built = isNull ? q.isNull(name) : q.notNull(name);
        expect(readQuery(serializeZStackQuery({ q: [built] })).conditions).toEqual([
          { status: 200, name, op: isNull ? 'is null' : 'not null' },
        ]);
      }),
    );
  });

  it('an empty value is sent as "name=" and read as the empty string', () => {
    expect(q.equals('name', '')).toBe('name=');
    expect(parseCondition('name=')).toEqual({ status: 200, name: 'name', op: '=', value: '' });
  });
});

describe('query string encoding', () => {
  it('repeated q arrive as separate conditions, in order, whatever they contain', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 10 }).filter((s) => !/\p{Cs}/u.test(s)),
          { maxLength: 5 },
        ),
        (conditions) => {
          const params = new URLSearchParams(serializeZStackQuery({ q: conditions }));
          expect(params.getAll('q')).toEqual(conditions);
        },
      ),
    );
  });

  it('sort keeps its direction: + travels as %2B, never as a raw + (which would decode to a space)', () => {
    fc.assert(
      fc.property(
        field.filter((name) => !name.includes('.')),
        fc.boolean(),
        (name, ascending) => {
          const wire = serializeZStackQuery({ sort: ascending ? q.asc(name) : q.desc(name) });
          expect(wire).not.toMatch(/\+/);
          expect(readQuery(wire).sort).toEqual({ dir: ascending ? 'asc' : 'desc', by: name });
        },
      ),
    );
  });

  it('% and + in any value survive decoding', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('%', '+', '2', 'B', '5', ' ', '&', '='), maxLength: 12 }),
        (text) => {
          const wire = serializeZStackQuery({ filterName: text, q: [text] });
          const params = new URLSearchParams(wire);
          expect(params.get('filterName')).toBe(text);
          expect(params.getAll('q')).toEqual([text]);
        },
      ),
    );
  });

  it('fields arrive as ONE parameter listing every field', () => {
    fc.assert(
      fc.property(fc.uniqueArray(field, { minLength: 1, maxLength: 5 }), (names) => {
        const wire = serializeZStackQuery({ fields: q.fields(...names) });
        expect(new URLSearchParams(wire).getAll('fields')).toHaveLength(1);
        expect(readQuery(wire).fields).toEqual(names);
      }),
    );
  });
});
