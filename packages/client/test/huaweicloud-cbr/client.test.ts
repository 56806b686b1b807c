// The CBR client with an injected fetch: exact URLs, headers and signatures of what is sent; ShowOpLog's
// found / not-found / error results; the paging iterators.
import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { signRequest } from '../../src/huaweicloud/sign.js';
import { createCbrClient, HuaweiApiError, type OperationLog, PagingError } from '../../src/huaweicloud-cbr/index.js';
import { received, verifySignature } from '../huaweicloud/support/verify-signature.js';

const PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const TOKEN = 'MIIEhwYJKoZIhvcNAQcCoIIEeDCCBHQCAQExDTALBglghkgBZQMEAgEwggKVBgkqhkiG9w0BBwGgggKGBIICgnsidG9rZW4i';
const AK = 'HPUAGQZSZ6XYZ0ZM7L2K';
const SK = 'sk-secret-XyZ0123456789abcdefghijklmnopqrs';
const ORIGIN = 'https://cbr.cn-north-4.myhuaweicloud.com';
const LIST_URL = `${ORIGIN}/v3/${PROJECT}/operation-logs`;

const log = (id: string, extra: Partial<OperationLog> = {}): OperationLog => ({
  id,
  project_id: PROJECT,
  status: 'success',
  operation_type: 'backup',
  created_at: '2019-05-23T14:31:36.039+00:00',
  started_at: '2019-05-23T14:31:36.007+00:00',
  updated_at: '2019-05-23T14:35:23.584+00:00',
  error_info: { code: '', message: '' },
  ...extra,
});
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'X-Request-Id': 'rid-1', ...headers },
  });

function recorder(reply: (request: Request) => Response | Promise<Response>) {
  const sent: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    sent.push(request.clone());
    return reply(request);
  });
  return { fetch, sent };
}

describe('createCbrClient: requests', () => {
  it('token auth: exact URL and headers, no signing headers, no body', async () => {
    const { fetch, sent } = recorder(() => json({ count: 1, operation_logs: [log('a')], limit: 10, offset: 0 }));
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    const { data, error, response } = await cbr.listOpLogs({
      limit: 10,
      offset: 0,
      status: 'failed',
      vault_name: 'vault a+b',
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({ count: 1, operation_logs: [log('a')], limit: 10, offset: 0 });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [request] = sent as [Request];
    expect(request.method).toBe('GET');
    expect(request.url).toBe(`${LIST_URL}?limit=10&offset=0&status=failed&vault_name=vault%20a%2Bb`);
    expect(Object.fromEntries(request.headers)).toEqual({ 'x-auth-token': TOKEN });
    expect(await request.text()).toBe('');
  });

  it('AK/SK auth: X-Project-Id set and signed, and the Authorization header verifies for the request sent', async () => {
    const { fetch, sent } = recorder(() => json({ count: 0, operation_logs: [] }));
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { ak: AK, sk: SK }, fetch });
    const before = Date.now();
    await cbr.listOpLogs({ operation_type: 'backup', start_time: '2019-05-01T00:00:00Z' });
    const [request] = sent as [Request];
    expect(request.url).toBe(`${LIST_URL}?operation_type=backup&start_time=2019-05-01T00%3A00%3A00Z`);
    expect([...request.headers.keys()].sort()).toEqual(['authorization', 'x-project-id', 'x-sdk-date']);
    expect(request.headers.get('x-project-id')).toBe(PROJECT);
    const check = await verifySignature(await received(request), SK);
    expect(check).toMatchObject({ valid: true, access: AK, signedHeaders: ['host', 'x-project-id', 'x-sdk-date'] });
    // X-Sdk-Date is the signing time, to the second.
    const signedAt = Date.parse(
      check.sdkDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    expect(signedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(signedAt).toBeLessThanOrEqual(Date.now());
    // And it is exactly what signRequest gives for that request at that time.
    const unsigned = new Request(request.url, { headers: { 'X-Project-Id': PROJECT } });
    const expected = await signRequest(unsigned, { ak: AK, sk: SK }, new Date(signedAt));
    expect(request.headers.get('authorization')).toBe(expected.headers.get('authorization'));
    // A wrong SK does not verify (the check can fail).
    expect((await verifySignature(await received(request), `${SK}x`)).valid).toBe(false);
  });

  it('temporary credentials: X-Security-Token sent and signed', async () => {
    const { fetch, sent } = recorder(() => json({ count: 0, operation_logs: [] }));
    const securityToken = 'gQpjbi1ub3J0aC00ixY8DPnzuQ1sVgvqS0RhCtKEkCgWoGBmRkWNzVhcBD3rbVVU';
    const cbr = createCbrClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { ak: AK, sk: SK, securityToken },
      fetch,
    });
    await cbr.listOpLogs();
    const [request] = sent as [Request];
    expect(request.url).toBe(LIST_URL);
    expect(request.headers.get('x-security-token')).toBe(securityToken);
    expect(await verifySignature(await received(request), SK)).toMatchObject({
      valid: true,
      signedHeaders: ['host', 'x-project-id', 'x-sdk-date', 'x-security-token'],
    });
  });

  it('baseUrl with a path prefix and a port: the full path and host:port are what gets signed', async () => {
    const { fetch, sent } = recorder(() => json({ count: 0, operation_logs: [] }));
    const cbr = createCbrClient({
      baseUrl: 'http://127.0.0.1:4010/proxy/cbr/',
      projectId: PROJECT,
      auth: { ak: AK, sk: SK },
      fetch,
    });
    await cbr.GET('/v3/{project_id}/operation-logs', {
      params: { path: { project_id: PROJECT }, query: { limit: 5 } },
    });
    const [request] = sent as [Request];
    expect(request.url).toBe(`http://127.0.0.1:4010/proxy/cbr/v3/${PROJECT}/operation-logs?limit=5`);
    expect((await verifySignature(await received(request), SK)).valid).toBe(true);
  });

  it('middleware added with use() runs before signing, so what it changes is signed', async () => {
    const { fetch, sent } = recorder(() => json({ count: 0, operation_logs: [] }));
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { ak: AK, sk: SK }, fetch });
    cbr.use({
      onRequest({ request }) {
        const url = new URL(request.url);
        url.searchParams.set('enterprise_project_id', 'all_granted_eps');
        return new Request(url, request);
      },
    });
    await cbr.listOpLogs({ limit: 1 });
    const [request] = sent as [Request];
    expect(request.url).toBe(`${LIST_URL}?limit=1&enterprise_project_id=all_granted_eps`);
    expect((await verifySignature(await received(request), SK)).valid).toBe(true);
  });

  it('refuses unusable path parameters before sending anything', async () => {
    const { fetch } = recorder(() => json({}));
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    for (const id of ['', '..', '.', 'a/b', 'a%2Fb', 'x?y=1']) {
      await expect(cbr.showOpLog(id)).rejects.toBeInstanceOf(ConfigurationError);
    }
    await expect(cbr.showOpLog('..')).rejects.toThrow(
      'Path parameter "operation_log_id" is "..", which would change the path.',
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it("stops at once on the caller's AbortSignal", async () => {
    const { fetch } = recorder(() => json({ count: 0, operation_logs: [] }));
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    await expect(cbr.listOpLogs({}, { signal: controller.signal })).rejects.toThrow('caller gave up');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('showOpLog', () => {
  const ID = '4827f2da-b008-4507-ab7d-42d0df5ed912';

  it('returns the task', async () => {
    const { fetch, sent } = recorder(() => json({ operation_log: log(ID, { status: 'running' }) }));
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    const result = await cbr.showOpLog(ID);
    expect(sent[0]?.url).toBe(`${LIST_URL}/${ID}`);
    expect(result.found).toBe(true);
    if (result.found) expect(result.operationLog).toEqual(log(ID, { status: 'running' }));
  });

  it('404 BackupService.6500 is a not-found result carrying the error and its request id', async () => {
    const { fetch } = recorder(() =>
      json({ error_code: 'BackupService.6500', error_msg: 'Operation log does not exist.' }, 404, {
        'X-Request-Id': 'req-404',
      }),
    );
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    const result = await cbr.showOpLog(ID);
    expect(result.found).toBe(false);
    if (!result.found) {
      expect(result.error).toBeInstanceOf(HuaweiApiError);
      expect(result.error).toMatchObject({ status: 404, code: 'BackupService.6500', requestId: 'req-404' });
      expect(result.response.status).toBe(404);
    }
  });

  it('throws HuaweiApiError for other failures, including a 404 with another code', async () => {
    const replies = [
      json(
        {
          error_code: 'APIGW.0101',
          error_msg: 'The API does not exist or has not been published in the environment',
          request_id: 'gw-1',
        },
        404,
      ),
      json(
        {
          error_code: 'APIGW.0301',
          error_msg: 'Incorrect IAM authentication information: decrypt token fail',
          request_id: 'gw-2',
        },
        401,
      ),
      json({ error: { code: 'CBR.0001', message: 'Internal error' } }, 500),
    ];
    const { fetch } = recorder(() => replies.shift() as Response);
    const cbr = createCbrClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch,
      retry: { attempts: 1 },
    });
    await expect(cbr.showOpLog(ID)).rejects.toMatchObject({
      name: 'HuaweiApiError',
      status: 404,
      code: 'APIGW.0101',
      requestId: 'gw-1',
    });
    const unauthorized = await cbr.showOpLog(ID).catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ status: 401, code: 'APIGW.0301', requestId: 'gw-2' });
    expect((unauthorized as Error).message).not.toContain(TOKEN);
    await expect(cbr.showOpLog(ID)).rejects.toMatchObject({ status: 500, code: 'CBR.0001', requestId: 'rid-1' });
  });
});

/** A CBR list server over `logs` (the real server's paging: slice by offset/limit, total in count). */
function listServer(logs: OperationLog[]) {
  const queries: URLSearchParams[] = [];
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    queries.push(url.searchParams);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    return json({ count: logs.length, operation_logs: logs.slice(offset, offset + limit), limit, offset });
  };
  return { fetch, queries };
}

describe('paging', () => {
  const logs = Array.from({ length: 23 }, (_, i) => log(`log-${i}`));

  it('opLogs yields every task once, keeping the filters, with one item of overlap per request', async () => {
    const server = listServer(logs);
    const cbr = createCbrClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: server.fetch,
    });
    const ids: string[] = [];
    for await (const item of cbr.opLogs({ status: 'success', vault_id: 'v1' }, { pageSize: 10 })) ids.push(item.id);
    expect(ids).toEqual(logs.map((x) => x.id));
    expect(server.queries.map((q) => q.toString())).toEqual([
      'status=success&vault_id=v1&offset=0&limit=10',
      'status=success&vault_id=v1&offset=9&limit=10',
      'status=success&vault_id=v1&offset=18&limit=10',
    ]);
  });

  it('opLogPages yields pages of new items with the offset asked and the count', async () => {
    const server = listServer(logs);
    const cbr = createCbrClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: server.fetch,
    });
    const pages = [];
    for await (const page of cbr.opLogPages({}, { pageSize: 20 }))
      pages.push({ n: page.items.length, offset: page.offset, count: page.count });
    expect(pages).toEqual([
      { n: 20, offset: 0, count: 23 },
      { n: 3, offset: 19, count: 23 },
    ]);
  });

  it('default page size is 100; an empty list is one request and no items', async () => {
    const server = listServer([]);
    const cbr = createCbrClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: server.fetch,
    });
    const items = [];
    for await (const item of cbr.opLogs()) items.push(item);
    expect(items).toEqual([]);
    expect(server.queries.map(String)).toEqual(['offset=0&limit=100']);
  });

  it('a failed page throws HuaweiApiError after the pages before it were delivered', async () => {
    let calls = 0;
    const fetch = async (request: Request) => {
      calls += 1;
      if (calls === 2)
        return json({ error_code: 'APIGW.0301', error_msg: 'signature expired', request_id: 'exp-1' }, 401);
      return listServer(logs).fetch(request);
    };
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    const ids: string[] = [];
    const error = await (async () => {
      for await (const item of cbr.opLogs({}, { pageSize: 10 })) ids.push(item.id);
    })().catch((e: unknown) => e);
    expect(ids).toEqual(logs.slice(0, 10).map((x) => x.id));
    expect(error).toBeInstanceOf(HuaweiApiError);
    expect(error).toMatchObject({ status: 401, code: 'APIGW.0301', requestId: 'exp-1' });
  });

  it('a list that keeps changing ends in PagingError, not in a silent gap', async () => {
    let head = 0;
    const fetch = async (request: Request) => {
      head += 1; // the oldest remaining task disappears before every request
      return listServer(logs.slice(head)).fetch(request);
    };
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    const run = async () => {
      for await (const _ of cbr.opLogs({}, { pageSize: 5, maxRestarts: 1 })) {
        // drain
      }
    };
    await expect(run()).rejects.toBeInstanceOf(PagingError);
  });

  it("the caller's AbortSignal stops an iteration at once, between items of a page", async () => {
    const server = listServer(logs);
    const cbr = createCbrClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: server.fetch,
    });
    const controller = new AbortController();
    const ids: string[] = [];
    const error = await (async () => {
      for await (const item of cbr.opLogs({}, { pageSize: 10, signal: controller.signal })) {
        ids.push(item.id);
        if (ids.length === 3) controller.abort(new Error('enough'));
      }
    })().catch((e: unknown) => e);
    expect(error).toEqual(new Error('enough'));
    expect(ids).toHaveLength(3); // the rest of the fetched page is not handed out after the abort
    expect(server.queries).toHaveLength(1);
  });

  it('refuses a page size outside 2..1000 when the iterator is created', () => {
    const cbr = createCbrClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: listServer([]).fetch,
    });
    expect(() => cbr.opLogs({}, { pageSize: 1001 })).toThrow(ConfigurationError);
    expect(() => cbr.opLogPages({}, { pageSize: 1 })).toThrow(
      'CBR GET /v3/{project_id}/operation-logs: pageSize must be an integer from 2 to 1000 (one item of each page overlaps the previous one).',
    );
  });
});
