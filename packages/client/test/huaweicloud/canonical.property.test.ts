import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalUri,
  formatSdkDate,
  percentEncode,
  signedHeaderList,
} from '../../src/huaweicloud/canonical.js';
import { signRequest } from '../../src/huaweicloud/sign.js';

const ENCODED = /^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/;
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom(..." +%~&=#?/;:@!$'()*,[]é中😀"),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 10,
});
const pairs = fc.array(fc.tuple(text, text), { maxLength: 10 });
const segments = fc.array(
  text.filter((s) => !s.includes('/') && s !== '.' && s !== '..'),
  { maxLength: 5 },
);
const toPath = (segs: string[]) => `/${segs.map(encodeURIComponent).join('/')}`;
const pathnameOf = (segs: string[]) => new URL(`https://h${toPath(segs)}`).pathname;

describe('percentEncode', () => {
  it('leaves only unreserved characters and uppercase %XX escapes', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(percentEncode(s)).toMatch(ENCODED);
      }),
    );
  });
  it('round-trips through decodeURIComponent (UTF-8)', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(decodeURIComponent(percentEncode(s))).toBe(s);
      }),
    );
  });
  it('keeps unreserved characters as they are and encodes space and plus', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9\-_.~]*$/), (s) => {
        expect(percentEncode(s)).toBe(s);
      }),
    );
    expect(percentEncode(' +%~*é😀')).toBe('%20%2B%25~%2A%C3%A9%F0%9F%98%80');
  });
});

describe('canonicalUri', () => {
  it('equals "decode each segment, then percentEncode it", ending with /', () => {
    fc.assert(
      fc.property(segments, (segs) => {
        const expected = `/${segs.map(percentEncode).join('/')}`;
        expect(canonicalUri(pathnameOf(segs))).toBe(expected.endsWith('/') ? expected : `${expected}/`);
      }),
    );
  });
  it('is idempotent (never double-encodes)', () => {
    fc.assert(
      fc.property(segments, (segs) => {
        const once = canonicalUri(pathnameOf(segs));
        expect(canonicalUri(once)).toBe(once);
      }),
    );
  });
  it('only produces unreserved characters, escapes and slashes, always ending with /', () => {
    fc.assert(
      fc.property(segments, (segs) => {
        const uri = canonicalUri(pathnameOf(segs));
        expect(uri.endsWith('/')).toBe(true);
        for (const part of uri.split('/')) expect(part).toMatch(ENCODED);
      }),
    );
  });
  it('handles edge cases', () => {
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/v3/p/operation-logs')).toBe('/v3/p/operation-logs/');
    expect(canonicalUri('/a%2fb/c')).toBe('/a%2Fb/c/'); // an encoded slash stays inside its segment
    expect(canonicalUri('/%e4%b8%ad/%zz/%FF')).toBe('/%E4%B8%AD/%25zz/%FF/'); // bytes kept, stray % encoded
    expect(canonicalUri("/!*'()")).toBe('/%21%2A%27%28%29/');
  });
});

describe('canonicalQuery', () => {
  it('does not depend on parameter order', () => {
    fc.assert(
      fc.property(
        pairs.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length }))),
        ([ps, shuffled]) => {
          expect(canonicalQuery(shuffled)).toBe(canonicalQuery(ps));
        },
      ),
    );
  });
  it('is idempotent: canonicalizing the canonical query string again changes nothing', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const once = canonicalQuery(ps);
        expect(canonicalQuery(once)).toBe(once);
      }),
    );
  });
  it('does not depend on how the URL encoded the query (+ or %20 for space, lowercase escapes)', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const form = new URLSearchParams(ps).toString();
        const uri = ps.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        expect(canonicalQuery(form)).toBe(canonicalQuery(ps));
        expect(canonicalQuery(uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()))).toBe(canonicalQuery(ps));
      }),
    );
  });
  it('emits sorted key=value pairs made only of unreserved characters and escapes', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const out = canonicalQuery(ps);
        const parts = out === '' ? [] : out.split('&');
        expect(parts).toHaveLength(ps.length);
        const decoded = parts.map((part) => {
          const [k, v, ...rest] = part.split('=');
          expect(rest).toEqual([]);
          expect(k).toMatch(ENCODED);
          expect(v).toMatch(ENCODED);
          return [decodeURIComponent(k as string), decodeURIComponent(v as string)] as const;
        });
        // keys ascending; a repeated key's values ascending by raw value
        for (let i = 1; i < decoded.length; i++) {
          const [pk, pv] = decoded[i - 1] as readonly [string, string];
          const [k, v] = decoded[i] as readonly [string, string];
          expect(pk < k || (pk === k && pv <= v)).toBe(true);
        }
      }),
    );
  });
  it('follows the documented examples', () => {
    expect(canonicalQuery('limit=2&marker=13551d6b')).toBe('limit=2&marker=13551d6b');
    expect(canonicalQuery('b=2&a=1&a=0')).toBe('a=0&a=1&b=2');
    expect(canonicalQuery('q=a+b&p=%2B&empty=&bare')).toBe('bare=&empty=&p=%2B&q=a%20b');
    expect(
      canonicalQuery([
        ['k', 'b c'],
        ['k', 'b+c'],
        ['k', 'b%c'],
        ['k', 'b~c'],
      ]),
    ).toBe('k=b%20c&k=b%25c&k=b%2Bc&k=b~c');
    expect(canonicalQuery('')).toBe('');
  });
});

describe('canonicalHeaders / signedHeaderList', () => {
  const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/);
  const headers = fc.dictionary(headerName, fc.stringMatching(/^[ \t]?[!-~]{0,20}[ \t]?$/), { maxKeys: 6 });
  it('lowercases, trims and sorts, ending every line with a newline; lists the same names', () => {
    fc.assert(
      fc.property(headers, (h) => {
        const block = canonicalHeaders(h);
        const list = signedHeaderList(h);
        const lines = block === '' ? [] : block.slice(0, -1).split('\n');
        if (lines.length > 0) expect(block.endsWith('\n')).toBe(true);
        const names = lines.map((line) => line.slice(0, line.indexOf(':')));
        expect(names.join(';')).toBe(list);
        expect([...names].sort()).toEqual(names);
        expect(new Set(names).size).toBe(names.length);
        for (const line of lines)
          expect(line).toBe(line.toLowerCase().slice(0, line.indexOf(':')) + line.slice(line.indexOf(':')));
        for (const line of lines)
          expect(line.slice(line.indexOf(':') + 1)).toBe(line.slice(line.indexOf(':') + 1).trim());
      }),
    );
  });
  it('does not depend on the case or order of the given names', () => {
    expect(canonicalHeaders({ 'X-Sdk-Date': 'd', Host: 'h', 'Content-Type': ' application/json ' })).toBe(
      'content-type:application/json\nhost:h\nx-sdk-date:d\n',
    );
    expect(signedHeaderList({ 'x-sdk-date': 'd', HOST: 'h' })).toBe('host;x-sdk-date');
  });
});

describe('formatSdkDate', () => {
  it('is UTC YYYYMMDDTHHMMSSZ and round-trips to the second', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => {
          const s = formatSdkDate(d);
          expect(s).toMatch(/^\d{8}T\d{6}Z$/);
          const back = new Date(
            `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`,
          );
          expect(back.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
    );
  });
});

describe('signRequest is canonical', () => {
  it('signs the same request the same way whatever the query order or encoding', async () => {
    await fc.assert(
      fc.asyncProperty(
        pairs.chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length }))),
        async ([ps, shuffled]) => {
          const now = new Date('2024-01-02T03:04:05Z');
          const credentials = { ak: 'AK', sk: 'SK' };
          const a = await signRequest(new Request(`https://h/x?${new URLSearchParams(ps)}`), credentials, now);
          const query = shuffled.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const b = await signRequest(new Request(`https://h/x?${query}`), credentials, now);
          expect(b.headers.get('authorization')).toBe(a.headers.get('authorization'));
        },
      ),
      { numRuns: 100 },
    );
  });
});
