// Query encoding and literal rendering used by the code samples.
import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  queryPairs,
  readableEncode,
  shellName,
  shellQuote,
  strictEncode,
} from '../src/samples/curl.ts';
import { Code, tsLiteral } from '../src/samples/typescript.ts';

describe('query encoding', () => {
  it('strict (Huawei canonical, RFC 3986): only A-Z a-z 0-9 - _ . ~ stay; space is %20, + is %2B', () => {
    expect(strictEncode("web 1+2!*'()~-_.:/=,%")).toBe('web%201%2B2%21%2A%27%28%29~-_.%3A%2F%3D%2C%25');
    expect(strictEncode('名')).toBe('%E5%90%8D');
  });

  it('readable (ZStack): = , : stay for q=status=Running and fields=uuid,name; + % ! are still encoded', () => {
    expect(readableEncode('name~=db%')).toBe('name~=db%25');
    expect(readableEncode('+createDate')).toBe('%2BcreateDate');
    expect(readableEncode('uuid,name')).toBe('uuid,name');
    expect(readableEncode('status!=Failed')).toBe('status%21=Failed');
  });

  it('exploded arrays repeat the key; non-exploded ones join with commas; objects are refused', () => {
    const p = (name: string, value: unknown, explode = true) => ({
      name,
      in: 'query' as const,
      value: value as never,
      explode,
    });
    expect(queryPairs([p('q', ['a=1', 'b=2']), p('limit', 10), p('fields', ['uuid', 'name'], false)])).toEqual([
      ['q', 'a=1'],
      ['q', 'b=2'],
      ['limit', '10'],
      ['fields', 'uuid,name'],
    ]);
    expect(() => queryPairs([p('filter', { a: 1 })])).toThrow(/object/);
  });

  it('canonical query: keys sorted, a repeated key sorted by raw value, then encoded', () => {
    expect(
      canonicalQuery([
        ['marker', 'b'],
        ['limit', '2'],
        ['a', 'z z'],
        ['a', 'y+'],
      ]),
    ).toBe('a=y%2B&a=z%20z&limit=2&marker=b');
  });
});

describe('shell and TypeScript rendering', () => {
  it('shell names and quoting', () => {
    expect(shellName('project_id')).toBe('PROJECT_ID');
    expect(shellName('sessionUuid')).toBe('SESSION_UUID');
    expect(shellQuote("it's $HOME")).toBe("'it'\\''s $HOME'");
  });

  it('TypeScript literals: one line when it fits, else one entry per line; code references verbatim', () => {
    expect(tsLiteral({ path: { project_id: new Code('projectId') }, 'X-Header': "it's" })).toBe(
      "{ path: { project_id: projectId }, 'X-Header': 'it\\'s' }",
    );
    const value = { query: { q: ['status=Running', 'name~=db%'], limit: 100, sort: '+createDate' } };
    // Fits at column 0 (78 characters), not at column 40: the outer object breaks, the inner one still fits.
    expect(tsLiteral(value, 0, 0)).toBe(
      "{ query: { q: ['status=Running', 'name~=db%'], limit: 100, sort: '+createDate' } }",
    );
    expect(tsLiteral(value, 0, 40)).toBe(
      "{\n  query: { q: ['status=Running', 'name~=db%'], limit: 100, sort: '+createDate' },\n}",
    );
    const long = {
      query: { q: ['status=Running', 'name~=db%'], limit: 100, replyWithCount: true, sort: '+createDate' },
    };
    expect(tsLiteral(long, 0, 40)).toBe(
      "{\n  query: {\n    q: ['status=Running', 'name~=db%'],\n    limit: 100,\n    replyWithCount: true,\n    sort: '+createDate',\n  },\n}",
    );
  });
});
