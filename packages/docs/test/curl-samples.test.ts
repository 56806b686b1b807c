// The curl samples are run, not just read: each snippet of the real specs goes through bash (`set -u`, so every
// variable it uses is defined) with `curl` replaced by a function that records its arguments. Then the URL, query,
// headers and body it would send are checked against the spec, and the AK/SK signature the snippet computes with
// openssl is compared with @backup-specs/client's signer (itself tested against the vendor's published vectors).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { signRequest } from '@backup-specs/client/huaweicloud';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeSample } from '../src/openapi.ts';
import { profileFor } from '../src/samples/profiles.ts';
import { sampleBody, sampleParameters } from '../src/samples/values.ts';
import { type RealVendor, realVendors } from './support/real-site.ts';

const run = promisify(execFile);
const SDK_DATE = '20240102T030405Z';

interface CurlCall {
  method: string;
  url: URL;
  headers: Headers;
  body?: string;
}

/** Runs a snippet with `curl` and `date` stubbed; returns what curl would have sent. */
async function runSnippet(source: string): Promise<CurlCall> {
  const script = [
    'set -euo pipefail',
    `curl() { printf '%s\\0' "$@"; }`,
    `date() { printf '%s\\n' ${SDK_DATE}; }`,
    source,
  ].join('\n');
  const { stdout } = await run('bash', ['-c', script]);
  const args = stdout.split('\0').slice(0, -1);
  const call: Partial<CurlCall> & { headers: Headers } = { method: 'GET', headers: new Headers() };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '-sS') continue;
    if (arg === '-X') call.method = args[++i] as string;
    else if (arg === '-H') {
      const header = args[++i] as string;
      const colon = header.indexOf(':');
      call.headers.append(header.slice(0, colon), header.slice(colon + 1).trim());
    } else if (arg === '--data-raw') call.body = args[++i] as string;
    else if (arg.startsWith('-')) throw new Error(`unexpected curl option ${arg}`);
    else if (call.url) throw new Error(`two URLs: ${call.url} and ${arg}`);
    else call.url = new URL(arg);
  }
  if (!call.url) throw new Error(`no URL in: ${args.join(' ')}`);
  return call as CurlCall;
}

interface Case {
  vendor: RealVendor;
  operationId: string;
  sample: CodeSample;
  call: CurlCall;
}

let cases: Case[];

beforeAll(async () => {
  const vendors = await realVendors();
  cases = [];
  for (const vendor of vendors) {
    for (const op of vendor.decorated.operations) {
      for (const sample of op.samples.filter((s) => s.lang === 'Shell')) {
        const call = await runSnippet(sample.source).catch((error: Error) => {
          throw new Error(
            `${vendor.bundle.api.alias} ${op.operationId} "${sample.label}" fails in bash: ${error.message}`,
          );
        });
        cases.push({ vendor, operationId: op.operationId, sample, call });
      }
    }
  }
}, 60_000);

const opOf = (c: Case) => {
  const op = c.vendor.bundle.operations.find((o) => o.operationId === c.operationId);
  if (!op) throw new Error(c.operationId);
  return op;
};

describe('curl samples', () => {
  it('every operation has curl samples: one for ZStack, token and AK/SK for authenticated Huawei calls', async () => {
    for (const { bundle, decorated } of await realVendors()) {
      for (const op of decorated.operations) {
        const labels = op.samples.filter((s) => s.lang === 'Shell').map((s) => s.label);
        const expected =
          profileFor(bundle.api).auth === 'huawei' ? ['curl (X-Auth-Token)', 'curl (AK/SK signed)'] : ['curl'];
        expect(labels, `${bundle.api.alias} ${op.operationId}`).toEqual(expected);
      }
    }
  });

  it('call the operation: method, path with its example parameters, the selected query, the example body', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const op = opOf(c);
      const where = `${c.vendor.bundle.api.alias} ${c.operationId} "${c.sample.label}"`;
      const params = sampleParameters(op, profileFor(c.vendor.bundle.api).selection);
      expect(c.call.method, where).toBe(op.method.toUpperCase());
      const expectedPath = op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        String(params.find((p) => p.in === 'path' && p.name === name)?.value),
      );
      expect(c.call.url.pathname.endsWith(expectedPath), `${where}: ${c.call.url.pathname}`).toBe(true);
      const expectedQuery = params
        .filter((p) => p.in === 'query')
        .flatMap((p) => (Array.isArray(p.value) ? p.value : [p.value]).map((v) => [p.name, String(v)]))
        .sort();
      expect([...c.call.url.searchParams].sort(), where).toEqual(expectedQuery);
      const body = sampleBody(op);
      if (body) expect(JSON.parse(c.call.body ?? 'null'), where).toEqual(body.value);
      else expect(c.call.body, where).toBeUndefined();
    }
  });

  it('use the vendor URL forms: http://localhost:8080/zstack/v1/..., https://<service>.cn-north-4.myhuaweicloud.com/...', () => {
    for (const c of cases) {
      const { api, deref } = c.vendor.bundle;
      const url = c.call.url.href;
      // The spec's own server URL with its variables at their defaults, then the operation's path.
      const server = deref.servers?.[0];
      const base = (server?.url ?? '').replace(
        /\{([^}]+)\}/g,
        (_, name: string) => server?.variables?.[name]?.default ?? '',
      );
      expect(url.startsWith(`${base.replace(/\/$/, '')}/`), `${api.alias}: ${url}`).toBe(true);
      if (api.vendor === 'zstack') expect(url).toMatch(/^http:\/\/localhost:8080\/zstack\/v1\//);
      if (api.auth === 'huawei') expect(url).toMatch(/^https:\/\/[a-z]+\.cn-north-4\.myhuaweicloud\.com\/v\d\//);
    }
  });

  it("ZStack: repeated q, and sort's + sent as %2B (a raw + would arrive as a space)", () => {
    const query = cases.find((c) => c.operationId === 'QueryCbtTask');
    expect(query?.sample.source).toContain('sort=%2BcreateDate');
    expect(query?.call.url.searchParams.getAll('q')).toEqual(['status=Running', 'name~=db%']);
    expect(query?.call.url.searchParams.get('sort')).toBe('+createDate');
  });

  it('ZStack: Authorization: OAuth <session uuid> exactly when the operation needs a session', () => {
    for (const c of cases.filter((x) => x.vendor.bundle.api.vendor === 'zstack')) {
      const op = opOf(c);
      const security = op.operation.security ?? c.vendor.bundle.deref.security ?? [];
      const needsSession = security.length > 0 && security.every((s) => Object.keys(s).length > 0);
      const auth = c.call.headers.get('authorization');
      if (needsSession) expect(auth, c.operationId).toMatch(/^OAuth \S+$/);
      else expect(auth, c.operationId).toBeNull();
    }
  });

  it('Huawei token samples send X-Auth-Token and nothing of AK/SK', () => {
    const token = cases.filter((c) => c.sample.label === 'curl (X-Auth-Token)');
    expect(token.length).toBeGreaterThan(0);
    for (const c of token) {
      expect(c.call.headers.get('x-auth-token'), c.operationId).toBe('<iam-token>');
      expect(c.call.headers.get('authorization'), c.operationId).toBeNull();
      expect(c.call.headers.get('x-sdk-date'), c.operationId).toBeNull();
    }
  });

  it('Huawei AK/SK samples compute the same SDK-HMAC-SHA256 signature as the client', async () => {
    const signed = cases.filter((c) => c.sample.label === 'curl (AK/SK signed)');
    expect(signed.length).toBeGreaterThan(0);
    // The secret key of the vendor's signing-guide example, in place of the placeholder.
    const sk = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
    for (const c of signed) {
      const source = c.sample.source.replace(/^SK=.*$/m, `SK='${sk}'`);
      expect(source, c.operationId).not.toBe(c.sample.source);
      const { headers, url, method, body } = await runSnippet(source);
      expect(headers.get('x-sdk-date')).toBe(SDK_DATE);
      const ak = /Access=([^,]+),/.exec(headers.get('authorization') ?? '')?.[1] ?? '';
      const sent = new Headers(headers);
      sent.delete('authorization');
      sent.delete('x-sdk-date');
      const expected = await signRequest(
        new Request(url, { method, headers: sent, ...(body === undefined ? {} : { body }) }),
        { ak, sk },
        new Date('2024-01-02T03:04:05Z'),
      );
      expect(headers.get('authorization'), `${c.operationId}: ${source}`).toBe(expected.headers.get('authorization'));
    }
  });
});
