// Every parameter of every operation, broken one at a time against the HTTP mock: the answer names that
// parameter and the rule, in the vendor's format (the registry's `mockErrors`), and is a response the spec
// declares. Cases are enumerated from the bundles, so a new parameter or API is covered without a new test.
import { describe, expect, inject, it } from 'vitest';
import type { Json } from '../../src/derive.js';
import type { OperationInfo, ParameterInfo } from '../../src/spec.js';
import { createResponseValidator } from '../../src/validate.js';
import { VENDORS, type Vendor, vendorInfo } from '../../src/vendors.js';
import { buildRequest, credentials, http, loadSpec, violations } from '../support/requests.js';

const base = (vendor: Vendor): string => {
  const url = inject('mockUrls')[vendor];
  if (!url) throw new Error(`the globalSetup started no mock for ${vendor}`);
  return url;
};

/** A value the parameter's schema refuses, or undefined when any string is valid (nothing to break). */
function invalidValue(parameter: ParameterInfo): Json | undefined {
  const schema = parameter.schema;
  if (schema.type === 'array') {
    const items = schema.items as ParameterInfo['schema'] | undefined;
    const item = items ? invalidValue({ ...parameter, schema: items }) : undefined;
    return item === undefined ? undefined : [item as string];
  }
  if (schema.type === 'integer' || schema.type === 'number') return 'abc';
  if (schema.type === 'boolean') return 'maybe';
  if (Array.isArray(schema.enum)) return 'not-a-listed-value';
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    return ['!', '=', ' ', 'x y', '0'].find((candidate) => !pattern.test(candidate));
  }
  if (typeof schema.maxLength === 'number') return 'x'.repeat(schema.maxLength + 1);
  return undefined;
}

interface Case {
  vendor: Vendor;
  operation: OperationInfo;
  parameter: ParameterInfo;
  value: Json;
}

const cases: Case[] = [];
for (const vendor of VENDORS) {
  const spec = await loadSpec(vendor);
  for (const operation of spec.operations) {
    for (const parameter of operation.parameters) {
      // A path segment that breaks the rule usually no longer routes to the operation: query and headers only.
      if (parameter.in !== 'query' && parameter.in !== 'header') continue;
      const value = invalidValue(parameter);
      if (value !== undefined) cases.push({ vendor, operation, parameter, value });
    }
  }
}

function send({ vendor, operation, parameter, value }: Case, headers: Record<string, string> = {}) {
  const broken =
    parameter.in === 'query'
      ? { query: { [parameter.name]: value }, headers }
      : { headers: { ...headers, [parameter.name]: String(value) } };
  const { url, init } = buildRequest(vendor, base(vendor), operation, broken);
  return http(url, init);
}

describe('a request that breaks one parameter', () => {
  it('covers every registered API that declares constrained parameters', () => {
    expect(new Set(cases.map((c) => c.vendor)).size).toBeGreaterThan(0);
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(
    cases.map((c) => [`${c.vendor} ${c.operation.operationId} ${c.parameter.in} ${c.parameter.name}`, c] as const),
  )('%s: named, with its rule, in the vendor format', async (_, c) => {
    const reply = await send(c);
    const style = vendorInfo(c.vendor).errors;
    expect(reply.status).toBe(400);
    expect(violations(reply)).toContainEqual(
      expect.objectContaining({ location: expect.arrayContaining([c.parameter.in, c.parameter.name.toLowerCase()]) }),
    );
    const validator = createResponseValidator((await loadSpec(c.vendor)).doc, { rejectUndocumented: true });
    expect(
      validator.check({
        method: c.operation.method,
        path: c.operation.path,
        status: reply.status,
        contentType: reply.headers.get('content-type'),
        body: reply.text,
      }),
      'a response the spec declares',
    ).toEqual([]);
    if (!style) return; // no mockErrors in the registry: the spec's first 400 example (checked above)
    const name = c.parameter.name === 'q' ? 'parameter[q]' : c.parameter.name;
    if (style.style === 'zstack') {
      expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(reply.text.toLowerCase()).toContain(name.toLowerCase());
      return;
    }
    const body = JSON.parse(reply.text) as Record<string, Record<string, string> | string>;
    const [code, message] =
      style.style === 'flat'
        ? [body.error_code, body.error_msg]
        : style.style === 'nested'
          ? [(body.error as Record<string, string>)?.code, (body.error as Record<string, string>)?.message]
          : [body.code, body.message];
    expect(code).toBe(style.code);
    expect(message).toMatch(new RegExp(`^Invalid ${c.parameter.name} provided: ${c.parameter.name} must `));
  });
});

describe('ZStack wording (RestServer), where the vendor source gives it', () => {
  const zstack = VENDORS.includes('zstack') ? 'zstack' : undefined;
  const get = async (query: string, headers: Record<string, string> = credentials('zstack')) =>
    http(`${base('zstack')}/v1/cbt-task${query}`, { headers });

  it.runIf(zstack).each([
    ['?limit=abc', "Invalid query parameter. 'limit' must be an integer"],
    ['?start=1.5', "Invalid query parameter. 'start' must be an integer"],
    ['?q==Running', "Invalid query parameter. The '=Running' in parameter[q] is not a key-value pair split by ="],
    [
      '?q=status',
      "Invalid query parameter. The 'status' in the parameter[q] doesn't contain any query operator. Valid query operators are [[!=, >=, <=, !?=, !~=, ~=, ?=, =, >, <, is null, not null]]",
    ],
    [
      '?q=name~=db%25&q=uuid',
      "Invalid query parameter. The 'uuid' in the parameter[q] doesn't contain any query operator.",
    ],
  ])('GET /v1/cbt-task%s: %s', async (query, text) => {
    const reply = await get(query);
    expect(reply.status).toBe(400);
    expect(reply.text.startsWith(text)).toBe(true);
  });

  it.runIf(zstack)('a missing Authorization header, and one without OAuth, in the server words', async () => {
    expect((await get('', {})).text).toBe("missing header 'Authorization'");
    expect((await get('', { authorization: 'Bearer 7d8a4ecd4dd04b71a0c8d02d6ec25c5a' })).text).toBe(
      "Authorization type must be 'OAuth'",
    );
  });

  it.runIf(zstack)(
    'a login without a password is SYS.1007 in a 503 naming the field, as the server answers',
    async () => {
      const reply = await http(`${base('zstack')}/v1/accounts/login`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ logInByAccount: { accountName: 'admin' } }),
      });
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.text)).toEqual({
        error: {
          code: 'SYS.1007',
          description: 'One or more API argument is invalid',
          details: 'field[password] of message[APILogInByAccountMsg] is mandatory, can not be null',
        },
      });
    },
  );
});

describe('Prefer still selects any declared example of an invalid request', () => {
  const firstCase = VENDORS.flatMap((vendor) => cases.find((c) => c.vendor === vendor) ?? []);
  it.each(firstCase.map((c) => [c.vendor, c] as const))('%s', async (_, broken) => {
    const declared = broken.operation.responses.find((r) => r.status === '400')?.media[0]?.examples ?? [];
    expect(declared.length).toBeGreaterThan(0);
    for (const example of declared) {
      const reply = await send(broken, { prefer: `code=400, example=${example.name}` });
      expect(reply.status).toBe(400);
      expect(typeof example.value === 'string' ? reply.text : JSON.parse(reply.text)).toEqual(example.value);
    }
  });
});
