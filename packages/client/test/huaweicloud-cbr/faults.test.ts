// Fault injection over loopback (test/support/flaky-server.ts): dropped connections, 503/429 with
// Retry-After and slow replies while paging. Attempts stay bounded, every task is collected exactly once,
// and a retried request is the same signed request (same X-Sdk-Date and Authorization), still valid.
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/core/errors.js';
import { createCbrClient, HuaweiApiError, type OperationLog } from '../../src/huaweicloud-cbr/index.js';
import { receivedByServer, verifySignature } from '../huaweicloud/support/verify-signature.js';
import { type Fault, type FlakyServer, type RecordedRequest, startFlakyServer } from '../support/flaky-server.js';

const PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const AK = 'HPUAGQZSZ6XYZ0ZM7L2K';
const SK = 'sk-secret-XyZ0123456789abcdefghijklmnopqrs';
const TOKEN = 'token-secret-MIIEhwYJKoZIhvcNAQcCoIIEeDCCBHQCAQEx';

const logs: OperationLog[] = Array.from({ length: 35 }, (_, i) => ({
  id: `log-${String(i).padStart(2, '0')}`,
  project_id: PROJECT,
  status: 'success',
  created_at: '2019-05-23T14:31:36.039+00:00',
  started_at: '2019-05-23T14:31:36.007+00:00',
  updated_at: '2019-05-23T14:35:23.584+00:00',
  error_info: { code: '', message: '' },
}));

let server: FlakyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function cbrServer(faults: Fault[]) {
  server = await startFlakyServer((request: RecordedRequest) => {
    const url = new URL(request.url, 'http://x');
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    return {
      headers: { 'X-Request-Id': `req-${offset}` },
      body: { count: logs.length, operation_logs: logs.slice(offset, offset + limit), limit, offset },
    };
  }, faults);
  return server;
}

const offsetOf = (r: RecordedRequest) => new URL(r.url, 'http://x').searchParams.get('offset');

describe('CBR paging over a flaky server', () => {
  it('collects every task exactly once through drops, 503/429 with Retry-After and a slow reply, re-sending the signed request', async () => {
    const s = await cbrServer([
      { kind: 'pass' }, // page 1
      { kind: 'drop' }, // page 2, attempt 1
      {
        kind: 'status',
        status: 503,
        headers: { 'Retry-After': '0' },
        body: '{"error_code":"CBR.0500","error_msg":"busy"}',
      },
      { kind: 'pass' }, // page 2, attempt 3
      {
        kind: 'status',
        status: 429,
        headers: { 'Retry-After': '1' },
        body: '{"error_code":"APIGW.0308","error_msg":"throttled"}',
      },
      { kind: 'delay', ms: 2000 }, // page 3, attempt 2: slower than timeoutMs
      { kind: 'pass' }, // page 3, attempt 3
    ]);
    const cbr = createCbrClient({
      baseUrl: s.url,
      projectId: PROJECT,
      auth: { ak: AK, sk: SK },
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2000, timeoutMs: 400 },
    });
    const started = Date.now();
    const ids: string[] = [];
    for await (const item of cbr.opLogs({}, { pageSize: 10 })) ids.push(item.id);

    expect(ids).toEqual(logs.map((x) => x.id));
    expect(s.requests.map(offsetOf)).toEqual(['0', '9', '9', '9', '18', '18', '18', '27']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000 + 400 - 50); // Retry-After 1 s was waited, the slow reply timed out

    // Every request the server received is validly signed; attempts of one page are byte-identical.
    const checks = await Promise.all(s.requests.map((r) => verifySignature(receivedByServer(r, s.url), SK)));
    expect(checks.every((c) => c.valid && c.access === AK)).toBe(true);
    const auth = s.requests.map((r) => `${r.headers['x-sdk-date']} ${r.headers.authorization}`);
    expect(new Set(auth.slice(1, 4)).size).toBe(1);
    expect(new Set(auth.slice(4, 7)).size).toBe(1);
    expect(new Set([auth[0], auth[1], auth[4], auth[7]]).size).toBe(4);
  });

  it('gives up after the attempt limit on a server that drops every connection: NetworkError, 3 requests', async () => {
    const s = await cbrServer(Array.from({ length: 10 }, () => ({ kind: 'drop' as const })));
    const cbr = createCbrClient({
      baseUrl: s.url,
      projectId: PROJECT,
      auth: { token: TOKEN },
      retry: { baseDelayMs: 1 },
    });
    const error = await (async () => {
      for await (const _ of cbr.opLogs()) {
        // nothing arrives
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ attempts: 3, endpoint: `GET ${s.url}/v3/${PROJECT}/operation-logs` });
    expect(s.requests).toHaveLength(3);
    expect(s.requests.every((r) => r.headers['x-auth-token'] === TOKEN)).toBe(true);
  });

  it('a throttled page is retried a bounded number of times, then surfaces as HuaweiApiError with the request id', async () => {
    const throttled: Fault = {
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '0', 'X-Request-Id': 'req-throttled' },
      body: '{"error_code":"APIGW.0308","error_msg":"The throttling threshold has been reached: policy user over ratelimit"}',
    };
    const s = await cbrServer([{ kind: 'pass' }, throttled, throttled, throttled, throttled]);
    const cbr = createCbrClient({
      baseUrl: s.url,
      projectId: PROJECT,
      auth: { ak: AK, sk: SK },
      retry: { baseDelayMs: 1 },
    });
    const ids: string[] = [];
    const error = await (async () => {
      for await (const item of cbr.opLogs({}, { pageSize: 20 })) ids.push(item.id);
    })().catch((e: unknown) => e);
    expect(ids).toEqual(logs.slice(0, 20).map((x) => x.id));
    expect(error).toBeInstanceOf(HuaweiApiError);
    expect(error).toMatchObject({ status: 429, code: 'APIGW.0308', requestId: 'req-throttled' });
    expect(s.requests).toHaveLength(4); // page 1 + 3 attempts of page 2
  });

  it('a Retry-After longer than maxDelayMs is not waited for: the 503 comes back at once as HuaweiApiError', async () => {
    const s = await cbrServer([
      {
        kind: 'status',
        status: 503,
        headers: { 'Retry-After': '120', 'X-Request-Id': 'req-503' },
        body: '{"error":{"code":"CBR.0503","message":"maintenance"}}',
      },
    ]);
    const cbr = createCbrClient({
      baseUrl: s.url,
      projectId: PROJECT,
      auth: { token: TOKEN },
      retry: { maxDelayMs: 1000 },
    });
    const started = Date.now();
    const result = await cbr.showOpLog('log-01').catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({
      name: 'HuaweiApiError',
      status: 503,
      code: 'CBR.0503',
      errorMessage: 'maintenance',
      requestId: 'req-503',
    });
    expect(s.requests).toHaveLength(1);
  });
});
