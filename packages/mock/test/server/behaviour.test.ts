// What the Prism mocks (started once per run by the globalSetup) do, enumerated from the bundles: the
// vendors' URLs, credentials, validation, every documented parameter, every declared response and
// named example selectable with `Prefer`.
import { describe, expect, inject, it } from 'vitest';
import { allExamples } from '../../src/spec.js';
import { createResponseValidator } from '../../src/validate.js';
import { VENDORS, type Vendor, vendorInfo } from '../../src/vendors.js';
import {
  buildRequest,
  credentials,
  http,
  loadSpec,
  SESSION_UUID,
  type SpecUnderTest,
  violations,
} from '../support/requests.js';

const loaded = new Map(await Promise.all(VENDORS.map(async (vendor) => [vendor, await loadSpec(vendor)] as const)));
/** A registered vendor's spec (every registered vendor has one). */
const specOf = (vendor: Vendor): SpecUnderTest => {
  const spec = loaded.get(vendor);
  if (!spec) throw new Error(`no spec loaded for ${vendor}`);
  return spec;
};
const base = (vendor: Vendor): string => {
  const url = inject('mockUrls')[vendor];
  if (!url) throw new Error(`the globalSetup started no mock for ${vendor}`);
  return url;
};
const origin = (vendor: Vendor) => new URL(base(vendor)).origin;

async function send(url: string, init: RequestInit = {}) {
  const response = await http(url, init);
  return { response: { ...response, ok: response.status >= 200 && response.status < 300 }, text: response.text };
}

describe('vendor URLs answer with only scheme, host and port changed', () => {
  it('ZStack: curl -H "Authorization: OAuth <uuid>" http://127.0.0.1:<port>/zstack/v1/cbt-task', async () => {
    expect(base('zstack')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/zstack$/);
    const { response, text } = await send(`${origin('zstack')}/zstack/v1/cbt-task`, {
      headers: { Authorization: `OAuth ${SESSION_UUID}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toHaveProperty('inventories');
    // Without the context path there is no such API, as on a real management node.
    expect(
      (await send(`${origin('zstack')}/v1/cbt-task`, { headers: { Authorization: `OAuth ${SESSION_UUID}` } })).response
        .status,
    ).toBe(404);
  });

  it.each(['token', 'aksk'] as const)('CBR: /v3/<project_id>/operation-logs with %s credentials', async (style) => {
    const { response, text } = await send(
      `${origin('huaweicloud-cbr')}/v3/0123456789abcdef0123456789abcdef/operation-logs`,
      {
        headers: credentials('huaweicloud-cbr', style),
      },
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toHaveProperty('operation_logs');
    expect(violations(response)).toEqual([]);
  });

  it.each(['token', 'aksk'] as const)(
    'VBS: /v2/<project_id>/backuppolicy/<policy_id>/backuptasks with %s credentials',
    async (style) => {
      const { response, text } = await send(
        `${origin('huaweicloud-vbs')}/v2/0123456789abcdef0123456789abcdef/backuppolicy/p-1/backuptasks`,
        {
          headers: credentials('huaweicloud-vbs', style),
        },
      );
      expect(response.status).toBe(200);
      expect(JSON.parse(text)).toHaveProperty('tasks');
    },
  );
});

describe.each(VENDORS)('%s', (vendor) => {
  const spec = specOf(vendor);
  const strict = createResponseValidator(spec.doc, { rejectUndocumented: true });
  const secured = spec.operations.filter((operation) => operation.security.length > 0);
  const withLimit = spec.operations.filter((operation) =>
    operation.parameters.some((p) => p.in === 'query' && p.name === 'limit'),
  );

  it.each(spec.operations.map((operation) => [operation.operationId, operation] as const))(
    '%s: a valid request gets a 2xx the spec declares',
    async (_, operation) => {
      const { url, init } = buildRequest(vendor, base(vendor), operation);
      const { response, text } = await send(url, init);
      expect(response.status, text).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(300);
      expect(violations(response)).toEqual([]);
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

  it.each(spec.operations.map((operation) => [operation.operationId, operation] as const))(
    '%s: every documented parameter is accepted, alone and all together',
    async (_, operation) => {
      const optional = operation.parameters.filter((p) => !p.required && (p.in === 'query' || p.in === 'header'));
      const sample = (p: (typeof optional)[number]) => (p.example !== undefined ? p.example : null);
      const cases = [...optional.map((p) => [p]), optional];
      for (const group of cases) {
        const query = Object.fromEntries(group.filter((p) => p.in === 'query').map((p) => [p.name, sample(p) ?? 'x']));
        const headers = Object.fromEntries(
          group.filter((p) => p.in === 'header').map((p) => [p.name, String(sample(p) ?? 'x')]),
        );
        const { url, init } = buildRequest(vendor, base(vendor), operation, { query, headers });
        const { response, text } = await send(url, init);
        expect(violations(response), `${group.map((p) => p.name).join(',')}: ${text}`).toEqual([]);
        expect(response.ok).toBe(true);
      }
    },
  );

  it.each(allExamples(spec).map((c) => [`${c.operation.operationId} ${c.declared} ${c.example.name}`, c] as const))(
    'Prefer selects %s',
    async (_, { operation, status, mediaType, example }) => {
      const { url, init } = buildRequest(vendor, base(vendor), operation, {
        headers: { prefer: `code=${status}, example=${example.name}` },
      });
      const { response, text } = await send(url, init);
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

  it.skipIf(secured.length === 0).each(secured.map((operation) => [operation.operationId, operation] as const))(
    '%s: missing credentials are rejected like the real server does',
    async (_, operation) => {
      const { url, init } = buildRequest(vendor, base(vendor), operation, { anonymous: true });
      const { response, text } = await send(url, init);
      const declared = (code: string) =>
        operation.responses.find((r) => r.status === code)?.media.flatMap((m) => m.examples.map((e) => e.value)) ?? [];
      if (vendorInfo(vendor).auth === 'zstack') {
        // ZStack: HTTP 400 with a plain-text body, never 401.
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(declared('400')).toContain(text);
        expect(violations(response)).toEqual([
          expect.objectContaining({
            location: ['request', 'header'],
            message: expect.stringMatching(/authorization/i),
          }),
        ]);
      } else {
        expect(response.status).toBe(401);
        expect(declared('401')).toContainEqual(JSON.parse(text));
      }
    },
  );

  it.skipIf(withLimit.length === 0).each(withLimit.map((operation) => [operation.operationId, operation] as const))(
    '%s: a bad limit is rejected with the violation named',
    async (_, operation) => {
      const minimum = operation.parameters.find((p) => p.name === 'limit')?.schema.minimum;
      const bad: (string | number)[] = ['abc', '1.5', ...(typeof minimum === 'number' ? [minimum - 1] : [])];
      for (const limit of bad) {
        const { url, init } = buildRequest(vendor, base(vendor), operation, { query: { limit } });
        const { response } = await send(url, init);
        // The spec's declared 400 (Prism uses a declared 422 or 400 before inventing its own 422).
        expect(response.status, `limit=${limit}`).toBe(operation.responses.some((r) => r.status === '422') ? 422 : 400);
        expect(violations(response)).toEqual([expect.objectContaining({ location: ['request', 'query', 'limit'] })]);
      }
    },
  );
});

describe('ZStack specifics', () => {
  it('a scheme other than OAuth is rejected with 400 naming the header', async () => {
    const operation = specOf('zstack').operations.find((o) => o.operationId === 'QueryCbtTask');
    if (!operation) throw new Error('QueryCbtTask is not in the ZStack bundle');
    const { url, init } = buildRequest('zstack', base('zstack'), operation, {
      headers: { authorization: `Bearer ${SESSION_UUID}` },
    });
    const { response } = await send(url, init);
    expect(response.status).toBe(400);
    expect(violations(response)).toEqual([
      expect.objectContaining({ location: ['request', 'header', 'authorization'], code: 'pattern' }),
    ]);
  });

  it('repeated q, sort=%2BcreateDate, fields, replyWithCount and paging are accepted', async () => {
    const url = `${base('zstack')}/v1/cbt-task?q=status=Running&q=name~=db%25&q=resourceRefs.resourceUuid?=a,b&sort=%2BcreateDate&fields=uuid,name&replyWithCount=true&limit=10&start=20`;
    const { response } = await send(url, { headers: credentials('zstack') });
    expect(response.status).toBe(200);
    expect(violations(response)).toEqual([]);
  });

  it.each(['status', '=Running', '!=Stopped'])(
    'q=%s (no operator, or no field before it) is a 400 naming q',
    async (condition) => {
      const url = `${base('zstack')}/v1/cbt-task?q=${encodeURIComponent(condition)}`;
      const { response } = await send(url, { headers: credentials('zstack') });
      expect(response.status).toBe(400);
      expect(violations(response)[0]?.location.slice(0, 3)).toEqual(['request', 'query', 'q']);
    },
  );

  it.each(['status=', 'description is null', 'name~=db%'])(
    'q=%s is a valid condition (200), as on the server',
    async (condition) => {
      const url = `${base('zstack')}/v1/cbt-task?q=${encodeURIComponent(condition)}`;
      const { response } = await send(url, { headers: credentials('zstack') });
      expect(response.status).toBe(200);
      expect(violations(response)).toEqual([]);
    },
  );
});
