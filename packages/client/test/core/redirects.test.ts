// Redirects against two real loopback servers: the API (A) and another origin (B: another port, or
// `localhost` for a base URL on `127.0.0.1`). No credential, signed request or login body may reach B
// unless B is allowed, and login, logout and renew never go there at all; same-origin redirects are
// followed (AK/SK signed again for the new path), a bounded number of hops.
import { afterEach, describe, expect, it } from 'vitest';
import { isRedirectError, RedirectError } from '../../src/core/errors.js';
import { createCbrClient } from '../../src/huaweicloud-cbr/index.js';
import { createVbsClient } from '../../src/huaweicloud-vbs/index.js';
import { createZStackClient } from '../../src/zstack/index.js';
import { receivedByServer, verifySignature } from '../huaweicloud/support/verify-signature.js';
import { type FlakyServer, type RecordedRequest, type ReplyInit, startFlakyServer } from '../support/flaky-server.js';

const SESSION = 'b86c9016b4f24953a9edefb53ca0678c';
const TOKEN = 'token-secret-MIIEhwYJKoZIhvcNAQcCoIIEeDCCBHQCAQEx';
const AK = 'HPUAGQZSZ6XYZ0ZM7L2K';
const SK = 'sk-secret-XyZ0123456789abcdefghijklmnopqrs';
const SECURITY_TOKEN = 'security-token-secret-0123456789';
const PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const POLICY = 'af8a20b0-117d-4fc3-ae53-aa3968a4f870';
const retry = { baseDelayMs: 1, maxDelayMs: 10, timeoutMs: 2_000 };

const servers: FlakyServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(handler: (request: RecordedRequest) => ReplyInit) {
  const s = await startFlakyServer(handler);
  servers.push(s);
  return s;
}

const redirect = (status: number, location: string): ReplyInit => ({ status, headers: { location }, body: '' });
const page = { inventories: [], total: 0, count: 0, operation_logs: [], tasks: [] };

type Call = (url: string, options: { redirects?: { allowedOrigins?: string[]; max?: number } }) => Promise<unknown>;
// Every client and auth style, each making its ordinary list call.
const calls: Record<string, Call> = {
  'zstack session': (url, o) =>
    createZStackClient({ baseUrl: `${url}/zstack`, auth: { sessionUuid: SESSION }, retry, ...o }).GET(
      '/v1/cbt-task',
      {},
    ),
  'zstack login': (url, o) =>
    createZStackClient({
      baseUrl: `${url}/zstack`,
      auth: { accountName: 'admin', password: 'secret-password' },
      retry,
      ...o,
    }).GET('/v1/cbt-task', {}),
  'cbr token': (url, o) =>
    createCbrClient({ baseUrl: url, projectId: PROJECT, auth: { token: TOKEN }, retry, ...o }).listOpLogs(),
  'cbr ak/sk + security token': (url, o) =>
    createCbrClient({
      baseUrl: url,
      projectId: PROJECT,
      auth: { ak: AK, sk: SK, securityToken: SECURITY_TOKEN },
      retry,
      ...o,
    }).listOpLogs(),
  'vbs token': (url, o) =>
    createVbsClient({ baseUrl: url, projectId: PROJECT, auth: { token: TOKEN }, retry, ...o }).listBackupTasksByPolicy(
      POLICY,
    ),
  'vbs ak/sk': (url, o) =>
    createVbsClient({
      baseUrl: url,
      projectId: PROJECT,
      auth: { ak: AK, sk: SK },
      retry,
      ...o,
    }).listBackupTasksByPolicy(POLICY),
};

const secrets = [SESSION, TOKEN, SK, SECURITY_TOKEN, 'secret-password'];

describe.each(Object.entries(calls))('%s', (_name, call) => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`a ${status} to another port is refused with a RedirectError; the other origin receives nothing`, async () => {
      const other = await start(() => ({ body: page }));
      const api = await start((request) =>
        request.url.includes('/accounts/login')
          ? { body: { inventory: { uuid: SESSION } } }
          : redirect(status, `${other.url}/steal?x=1`),
      );
      const error = await call(api.url, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectError);
      expect(isRedirectError(error)).toBe(true);
      const e = error as RedirectError;
      expect(e.status).toBe(status);
      expect(e.targetOrigin).toBe(other.url);
      expect(e.message).toContain(`a redirect to another origin (${other.url}) was not followed`);
      expect(e.message).toContain('redirects.allowedOrigins');
      expect(e.message).not.toContain('/steal');
      for (const secret of secrets) expect(e.message).not.toContain(secret);
      expect(other.requests).toHaveLength(0);
    });
  }

  it('a redirect to the same origin with a user name and password in the URL is refused, not a TypeError', async () => {
    const api = await start((request) =>
      request.url.includes('/accounts/login')
        ? { body: { inventory: { uuid: SESSION } } }
        : redirect(302, `${api.url.replace('http://', 'http://user:pass@')}/x`),
    );
    const error = await call(api.url, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain('a URL with a user name or password');
    expect((error as Error).message).not.toContain('pass@');
  });

  it('localhost is another origin than 127.0.0.1, even on the same port', async () => {
    let port = '';
    const api = await start((request) =>
      request.url.includes('/accounts/login')
        ? { body: { inventory: { uuid: SESSION } } }
        : request.headers.host?.startsWith('localhost')
          ? { body: page }
          : redirect(307, `http://localhost:${port}/v1`),
    );
    port = new URL(api.url).port;
    const error = await call(api.url, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).targetOrigin).toBe(`http://localhost:${port}`);
    expect(api.requests.filter((r) => r.headers.host?.startsWith('localhost'))).toHaveLength(0);
  });

  it('follows a same-origin redirect with its credentials (AK/SK signed again for the new path)', async () => {
    const api = await start((request) => {
      if (request.url.includes('/accounts/login')) return { body: { inventory: { uuid: SESSION } } };
      if (!request.url.startsWith('/moved')) return redirect(302, `/moved${request.url}`);
      return { body: page };
    });
    const result = (await call(api.url, {})) as { response: Response; error?: unknown };
    expect(result.error).toBeUndefined();
    expect(result.response.redirected).toBe(true);
    const moved = api.requests.find((r) => r.url.startsWith('/moved'));
    expect(moved).toBeDefined();
    const recorded = moved as RecordedRequest;
    const credential = recorded.headers.authorization ?? recorded.headers['x-auth-token'];
    expect(credential).toBeDefined();
    if (String(recorded.headers.authorization).startsWith('SDK-HMAC-SHA256')) {
      expect((await verifySignature(receivedByServer(recorded, api.url), SK)).valid).toBe(true);
    }
  });

  it('follows a redirect to an allowed origin, and refuses a loop after redirects.max hops', async () => {
    const other = await start(() => ({ body: page }));
    const api = await start((request) =>
      request.url.includes('/accounts/login')
        ? { body: { inventory: { uuid: SESSION } } }
        : redirect(307, `${other.url}${request.url}`),
    );
    const result = (await call(api.url, { redirects: { allowedOrigins: [other.url] } })) as { error?: unknown };
    expect(result.error).toBeUndefined();
    expect(other.requests).toHaveLength(1);

    const loop = await start((request) =>
      request.url.includes('/accounts/login')
        ? { body: { inventory: { uuid: SESSION } } }
        : redirect(302, `/again${request.url.length}${request.url}`),
    );
    const error = await call(loop.url, { redirects: { max: 3 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain('more than 3 redirects (redirects.max)');
    expect(loop.requests.filter((r) => !r.url.includes('/accounts/login'))).toHaveLength(4);
  });
});

describe('ZStack login, logout and renew never leave the origin', () => {
  it('a 307 on PUT /v1/accounts/login is not followed, even to an allowed origin: the password digest stays', async () => {
    const other = await start(() => ({ body: { inventory: { uuid: 'f'.repeat(32) } } }));
    const api = await start(() => redirect(307, `${other.url}/zstack/v1/accounts/login`));
    const client = createZStackClient({
      baseUrl: `${api.url}/zstack`,
      auth: { accountName: 'admin', password: 'secret-password' },
      retry,
      redirects: { allowedOrigins: [other.url] },
    });
    const error = await client.GET('/v1/cbt-task', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain('the request carries credentials');
    expect(other.requests).toHaveLength(0);
  });

  it('logout (the session uuid in the path) is not redirected to another origin, and its message hides the uuid', async () => {
    const other = await start(() => ({ body: {} }));
    const api = await start(() => redirect(308, `${other.url}/x`));
    const client = createZStackClient({
      baseUrl: `${api.url}/zstack`,
      auth: { sessionUuid: SESSION },
      retry,
      redirects: { allowedOrigins: [other.url] },
    });
    const error = await client.logout().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain('/v1/accounts/sessions/***');
    expect((error as Error).message).not.toContain(SESSION);
    expect(other.requests).toHaveLength(0);
  });
});

describe('a 303 after PUT', () => {
  it('becomes a GET without the body, as the Fetch standard says', async () => {
    const api = await start((request) =>
      request.method === 'PUT' ? redirect(303, '/zstack/v1/done') : { body: { inventory: { uuid: SESSION } } },
    );
    const client = createZStackClient({ baseUrl: `${api.url}/zstack`, auth: { sessionUuid: SESSION }, retry });
    const result = await client.PUT('/v1/accounts/sessions/{sessionUuid}/renew', {
      params: { path: { sessionUuid: SESSION } },
      body: { renewSession: { duration: 60 } },
    });
    expect(result.response.status).toBe(200);
    expect(api.requests.map((r) => [r.method, r.body])).toEqual([
      ['PUT', '{"renewSession":{"duration":60}}'],
      ['GET', ''],
    ]);
  });
});

describe('every helper refuses a redirect to another origin', () => {
  const zstack = (url: string) =>
    createZStackClient({
      baseUrl: `${url}/zstack`,
      auth: { accountName: 'admin', password: 'secret-password' },
      retry,
    });
  const cbr = (url: string) =>
    createCbrClient({
      baseUrl: url,
      projectId: PROJECT,
      auth: { ak: AK, sk: SK, securityToken: SECURITY_TOKEN },
      retry,
    });
  const vbs = (url: string) => createVbsClient({ baseUrl: url, projectId: PROJECT, auth: { token: TOKEN }, retry });
  const drain = async (items: AsyncIterable<unknown>) => {
    for await (const _ of items) {
    }
  };
  const helpers: Record<string, (url: string) => Promise<unknown>> = {
    'zstack iterate': (url) => drain(zstack(url).iterate('/v1/cbt-task')),
    'zstack pages': (url) => drain(zstack(url).pages('/v1/cdp-task')),
    'zstack getByUuid': (url) => zstack(url).getByUuid('/v1/database-backups/{uuid}', 'a'.repeat(32)),
    'zstack renewSession': (url) => zstack(url).renewSession(),
    'zstack logout': async (url) => {
      const client = zstack(url);
      await client.GET('/v1/cbt-task', {}).catch(() => undefined); // logs in (the login itself is not redirected)
      return client.logout();
    },
    'cbr showOpLog': (url) => cbr(url).showOpLog('4827f2da-b008-4507-ab7d-42d0df5ed912'),
    'cbr opLogs': (url) => drain(cbr(url).opLogs()),
    'vbs backupTasks (marker)': (url) => drain(vbs(url).backupTasks(POLICY, {}, { by: 'marker' })),
  };

  it.each(Object.entries(helpers))('%s', async (_name, helper) => {
    const other = await start(() => ({ body: page }));
    const api = await start((request) =>
      request.url.includes('/accounts/login')
        ? { body: { inventory: { uuid: SESSION } } }
        : redirect(302, `${other.url}${request.url}`),
    );
    const error = await helper(api.url).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RedirectError);
    expect(other.requests).toHaveLength(0);
  });
});
