// The in-process mock fetch answers exactly like the Prism servers, without a server.
import { describe, expect, it } from 'vitest';
import { serverBasePath } from '../../src/derive.js';
import { createMockFetch, parsePrefer } from '../../src/in-process.js';
import { allExamples } from '../../src/spec.js';
import { createResponseValidator } from '../../src/validate.js';
import { VENDORS, vendorInfo } from '../../src/vendors.js';
import { buildRequest, credentials, loadSpec, SESSION_UUID, violations } from '../support/requests.js';

describe('parsePrefer', () => {
  it('reads code, example, dynamic and seed, and names what is wrong', () => {
    expect(parsePrefer('code=503, example=ErrorSessionExpired')).toEqual({
      code: 503,
      exampleKey: 'ErrorSessionExpired',
    });
    expect(parsePrefer('dynamic=true; seed=abc')).toEqual({ dynamic: true, seed: 'abc' });
    expect(parsePrefer(null)).toEqual({});
    expect(() => parsePrefer('code=5xx')).toThrow('Prefer: code must be a 3-digit status, got "5xx".');
    expect(() => parsePrefer('dynamic=yes')).toThrow('Prefer: dynamic must be true or false, got "yes".');
  });
});

describe.each(VENDORS)('createMockFetch(%s)', async (vendor) => {
  const spec = await loadSpec(vendor);
  const mockFetch = createMockFetch(vendor);
  const strict = createResponseValidator(spec.doc, { rejectUndocumented: true });
  // Any origin: only the path (with the server's base path, e.g. /zstack) routes, as on the HTTP mock.
  const base = `http://${vendor}.test${serverBasePath(spec.doc)}`;

  it.each(allExamples(spec).map((c) => [`${c.operation.operationId} ${c.declared} ${c.example.name}`, c] as const))(
    'Prefer selects %s',
    async (_, { operation, status, mediaType, example }) => {
      const { url, init } = buildRequest(vendor, base, operation, {
        headers: { prefer: `code=${status}, example=${example.name}` },
      });
      const response = await mockFetch(url, init);
      const text = await response.text();
      expect(response.status).toBe(Number(status));
      expect(response.headers.get('content-type')?.split(';')[0]).toBe(mediaType);
      if (/json/.test(mediaType)) expect(JSON.parse(text)).toEqual(example.value);
      else expect(text).toBe(example.value);
      expect(
        strict.check({
          method: operation.method,
          path: operation.path,
          status: response.status,
          contentType: response.headers.get('content-type'),
          body: text,
        }),
      ).toEqual([]);
    },
  );

  const secured = spec.operations.find((o) => o.security.length > 0);
  // An API whose operations need no credentials (auth none) has nothing to reject.
  it.skipIf(!secured)('rejects missing credentials as the HTTP mock does', async () => {
    if (!secured) return;
    const { url, init } = buildRequest(vendor, base, secured, { anonymous: true });
    const response = await mockFetch(url, init);
    // ZStack answers 400 (never 401); Huawei's gateway 401.
    expect(response.status).toBe(vendorInfo(vendor).auth === 'zstack' ? 400 : 401);
  });
});

describe('createMockFetch request handling', () => {
  it('names a bad limit in sl-violations, answers unknown paths 404, and accepts a Request object', async () => {
    const mockFetch = createMockFetch('zstack');
    const bad = await mockFetch(
      new Request('http://any.host/zstack/v1/cbt-task?limit=abc', { headers: credentials('zstack') }),
    );
    expect(bad.status).toBe(400);
    expect(violations(bad)).toEqual([expect.objectContaining({ location: ['request', 'query', 'limit'] })]);
    const unknown = await mockFetch('http://any.host/zstack/v1/nothing', { headers: credentials('zstack') });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: 'https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR' });
  });

  it('reads JSON request bodies (ZStack login)', async () => {
    const mockFetch = createMockFetch('zstack');
    const response = await mockFetch('http://h/zstack/v1/accounts/login', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ logInByAccount: { accountName: 'admin', password: 'b'.repeat(128) } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { inventory: { uuid: string } }).inventory.uuid).toBe(SESSION_UUID);
  });

  it('an unreadable Prefer header is a 422 problem, as on the server', async () => {
    const response = await createMockFetch('zstack')('http://h/zstack/v1/cbt-task', {
      headers: { ...credentials('zstack'), prefer: 'code=abc' },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('dynamic mode with a seed is repeatable', async () => {
    const url = 'https://cbr.test/v3/p/operation-logs';
    const a = await createMockFetch('huaweicloud-cbr', { dynamic: true, seed: 's1' })(url, {
      headers: credentials('huaweicloud-cbr'),
    });
    const b = await createMockFetch('huaweicloud-cbr', { dynamic: true, seed: 's1' })(url, {
      headers: credentials('huaweicloud-cbr'),
    });
    expect(a.status).toBe(200);
    expect(await a.text()).toBe(await b.text());
  });

  it('refuses a seed without dynamic mode and an unknown vendor', () => {
    expect(() => createMockFetch('zstack', { seed: 'x' })).toThrow(/seed only applies to dynamic mode/);
    expect(() => createMockFetch('nope' as 'zstack')).toThrow('Unknown vendor "nope"');
  });
});
