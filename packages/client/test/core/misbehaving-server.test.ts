// Every client against loopback servers that misbehave after the status line: malformed or truncated
// JSON, an HTML page, a socket closed mid-body, a body that stalls, an empty body, `{}` where a list is
// due, an empty error body. Each must end in a documented, typed error (or a retry that succeeds), never
// a SyntaxError, TypeError or `undefined` data. Bounded: short timeouts, at most a few requests each.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  isApiError,
  isNetworkError,
  isUnexpectedResponseError,
  NetworkError,
  PagingError,
  UnexpectedResponseError,
} from '../../src/core/errors.js';
import { createCbrClient, unwrap as unwrapCbr } from '../../src/huaweicloud-cbr/index.js';
import { createVbsClient } from '../../src/huaweicloud-vbs/index.js';
import { createZStackClient, unwrap as unwrapZStack } from '../../src/zstack/index.js';
import { type Fault, type FlakyServer, type ReplyInit, startFlakyServer } from '../support/flaky-server.js';

const SESSION = 'b86c9016b4f24953a9edefb53ca0678c';
const TOKEN = 'token-secret-MIIEhwYJKoZIhvcNAQcCoIIEeDCCBHQCAQEx';
const PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const POLICY = 'af8a20b0-117d-4fc3-ae53-aa3968a4f870';
const retry = { baseDelayMs: 1, maxDelayMs: 20, timeoutMs: 400 };

let server: FlakyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// One list call and one full iteration per client, and the body of a healthy one-item page.
const vendors = {
  zstack: {
    create: (url: string) => createZStackClient({ baseUrl: `${url}/zstack`, auth: { sessionUuid: SESSION }, retry }),
    list: async (url: string) => unwrapZStack(await vendors.zstack.create(url).GET('/v1/cbt-task', {})),
    iterate: (url: string) => vendors.zstack.create(url).iterate('/v1/cbt-task'),
    page: (items: unknown[]) => ({ inventories: items, total: items.length }),
    item: (id: string) => ({ uuid: id, name: id }),
    listName: 'inventories',
    secret: SESSION,
  },
  cbr: {
    create: (url: string) => createCbrClient({ baseUrl: url, projectId: PROJECT, auth: { token: TOKEN }, retry }),
    list: async (url: string) => unwrapCbr(await vendors.cbr.create(url).listOpLogs()),
    iterate: (url: string) => vendors.cbr.create(url).opLogs(),
    page: (items: unknown[]) => ({ count: items.length, operation_logs: items }),
    item: (id: string) => ({ id, status: 'success' }),
    listName: 'operation_logs',
    secret: TOKEN,
  },
  vbs: {
    create: (url: string) => createVbsClient({ baseUrl: url, projectId: PROJECT, auth: { token: TOKEN }, retry }),
    list: async (url: string) => unwrapCbr(await vendors.vbs.create(url).listBackupTasksByPolicy(POLICY)),
    iterate: (url: string) => vendors.vbs.create(url).backupTasks(POLICY),
    page: (items: unknown[]) => ({ count: items.length, tasks: items }),
    item: (job_id: string) => ({ job_id, status: 'COMPLETED' }),
    listName: 'tasks',
    secret: TOKEN,
  },
};

async function serve(faults: Fault[], reply: ReplyInit = { body: {} }) {
  server = await startFlakyServer(() => reply, faults);
  return server;
}

const caught = (promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

async function drain(iterator: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterator) items.push(item);
  return items;
}

describe.each(Object.entries(vendors))('%s client against a misbehaving server', (_name, vendor) => {
  it('200 with malformed JSON: UnexpectedResponseError with status, content type and an excerpt; not retried', async () => {
    const s = await serve([{ kind: 'status', status: 200, body: '{"inventories": [{"uuid": "a"' }]);
    const { error } = await caught(vendor.list(s.url));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(isUnexpectedResponseError(error)).toBe(true);
    const e = error as UnexpectedResponseError;
    expect(e.status).toBe(200);
    expect(e.contentType).toBe('application/json');
    expect(e.excerpt).toBe('{"inventories": [{"uuid": "a"');
    expect(e.message).toMatch(/answered HTTP 200 \(application\/json\) but the body is not JSON/);
    expect(e.endpoint).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\//);
    expect(s.requests).toHaveLength(1);
  });

  it('200 with an HTML page (a proxy or login page): UnexpectedResponseError naming text/html, token scrubbed', async () => {
    const page = `<!DOCTYPE html><html><body>Please log in. Your token ${vendor.secret} has expired.</body></html>`;
    const s = await serve([{ kind: 'status', status: 200, headers: { 'content-type': 'text/html' }, body: page }]);
    const { error } = await caught(vendor.list(s.url));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    const e = error as UnexpectedResponseError;
    expect(e.contentType).toBe('text/html');
    expect(e.excerpt).toContain('<!DOCTYPE html>');
    expect(e.message).not.toContain(vendor.secret);
    expect(e.excerpt).toContain('Your token *** has expired');
  });

  it('socket closed mid-body: a NetworkError saying the body was cut off, after the retries', async () => {
    const body = JSON.stringify(vendor.page([vendor.item('a'), vendor.item('b')]));
    const cut: Fault = { kind: 'truncate', body, sent: 20 };
    const s = await serve([cut, cut, cut]);
    const { error } = await caught(vendor.list(s.url));
    expect(error).toBeInstanceOf(NetworkError);
    expect(isNetworkError(error)).toBe(true);
    expect((error as NetworkError).message).toMatch(
      /failed after 3 attempts: the reply \(HTTP 200\) started, but its body was cut off/,
    );
    expect(s.requests).toHaveLength(3);
  });

  it('socket closed mid-body once: the GET is retried and succeeds', async () => {
    const body = JSON.stringify(vendor.page([vendor.item('a')]));
    const s = await serve([{ kind: 'truncate', body, sent: 10 }], { body: vendor.page([vendor.item('a')]) });
    expect(await drain(vendor.iterate(s.url))).toEqual([vendor.item('a')]);
    expect(s.requests).toHaveLength(2);
  });

  it('headers received, then the body stalls: a NetworkError saying it stalled (not "no reply")', async () => {
    const body = JSON.stringify(vendor.page([vendor.item('a')]));
    const stall: Fault = { kind: 'stall', body, sent: 5 };
    const s = await serve([stall, stall, stall]);
    const { error } = await caught(vendor.list(s.url));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toMatch(
      /the reply \(HTTP 200\) started, but its body was not complete within 400 ms \(stalled\)/,
    );
    expect((error as NetworkError).message).not.toContain('no reply');
  });

  it('200 with an empty body: the call throws UnexpectedResponseError, never data undefined', async () => {
    const s = await serve([{ kind: 'status', status: 200, body: '' }]);
    const { error } = await caught(vendor.list(s.url));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('the body is empty where the API always sends JSON');
  });

  it('200 with {} where a list is due: the iterator throws UnexpectedResponseError naming the field', async () => {
    const s = await serve([], { body: {} });
    const { error } = await caught(drain(vendor.iterate(s.url)));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain(`the reply has no "${vendor.listName}" list`);
  });

  it.each(['null', '42', '[]', '"ok"'])('200 with JSON %s (not an object): UnexpectedResponseError', async (body) => {
    const s = await serve([{ kind: 'status', status: 200, body }]);
    const { error } = await caught(vendor.list(s.url));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('the body is JSON but not an object');
  });

  it('a list holding null: PagingError, not a TypeError', async () => {
    const s = await serve([], { body: vendor.page([vendor.item('a'), null]) });
    const { error } = await caught(drain(vendor.iterate(s.url)));
    expect(error).toBeInstanceOf(PagingError);
    expect((error as Error).message).toMatch(/item 1 of the page .* has no (id|uuid)/);
  });

  it('an item without the id paging relies on: PagingError, not a silently dropped item', async () => {
    const items = [vendor.item('a'), { name: 'no id' }, vendor.item('c')];
    const s = await serve([], { body: vendor.page(items) });
    const { error } = await caught(drain(vendor.iterate(s.url)));
    expect(error).toBeInstanceOf(PagingError);
    expect((error as Error).message).toMatch(/item 1 of the page .* has no (id|uuid)/);
  });

  it('an error status with an empty body: `error` is the typed ApiError, never falsy', async () => {
    const s = await serve([{ kind: 'status', status: 403, body: '' }]);
    const client = vendor.create(s.url) as ReturnType<typeof vendors.cbr.create>;
    const result =
      _name === 'zstack'
        ? await vendors.zstack.create(s.url).GET('/v1/cbt-task', {})
        : _name === 'cbr'
          ? await client.listOpLogs()
          : await vendors.vbs.create(s.url).listBackupTasksByPolicy(POLICY);
    expect(result.error).toBeInstanceOf(ApiError);
    expect(isApiError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ status: 403 });
    expect(result.data).toBeUndefined();
  });
});
