// Servers that misbehave on purpose, and a garbage collector that runs all the time: timeouts hold for the
// built-in fetch and an injected one, reply bodies are bounded (also after decompression), a redirect
// chain that starts with a login never leaves its origin, and Retry-After is read strictly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { isNetworkError, isRedirectError, isReplyTooLargeError } from '../../src/core/errors.js';
import { createRetryFetch, parseRetryAfter } from '../../src/core/retry.js';
import { createZStackClient } from '../../src/zstack/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const injected = (request: Request) => fetch(request);

describe('timeouts with the garbage collector running', () => {
  const stalls = {
    'before the headers': (_: import('node:http').IncomingMessage, __: import('node:http').ServerResponse) => undefined,
    'in the body': (_: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"inventories": [');
    },
  };
  for (const [stall, handler] of Object.entries(stalls)) {
    for (const [name, fetch] of [
      ['the built-in fetch', undefined],
      ['an injected fetch', injected],
    ] as const) {
      it(`gives up on a stall ${stall} with ${name}, and closes the connection`, async () => {
        let closed!: Promise<void>;
        const url = await serve((request, response) => {
          closed ??= new Promise((resolve) => request.socket.once('close', () => resolve()));
          handler(request, response);
        });
        const collector = setInterval(gc, 2);
        try {
          const transport = createRetryFetch({ attempts: 2, baseDelayMs: 0, timeoutMs: 150, fetch });
          const error = await transport(new Request(`${url}/x`)).catch((caught: unknown) => caught);
          expect(isNetworkError(error), String(error)).toBe(true);
          expect((error as Error).message).toMatch(/failed after 2 attempts: .*within 150 ms/);
          await closed; // the abort reached the connection: nothing keeps it (or the process) alive
        } finally {
          clearInterval(collector);
        }
      });
    }
  }

  it("ends a call when the caller's signal aborts during a stall, with an injected fetch", async () => {
    const url = await serve(() => undefined);
    const collector = setInterval(gc, 2);
    try {
      const client = createZStackClient({
        baseUrl: `${url}/zstack`,
        auth: { sessionUuid: 'a'.repeat(32) },
        retry: { timeoutMs: 0 },
        fetch: injected,
      });
      const caller = new AbortController();
      const call = client.GET('/v1/cbt-task', { signal: caller.signal });
      setTimeout(() => caller.abort(new Error('watch --timeout')), 100);
      await expect(call).rejects.toThrow('watch --timeout');
    } finally {
      clearInterval(collector);
    }
  });
});

describe('reply size', () => {
  const client = (url: string, maxReplyBytes?: number) =>
    createZStackClient({ baseUrl: `${url}/zstack`, auth: { sessionUuid: 'a'.repeat(32) }, maxReplyBytes });

  it('refuses a body over maxReplyBytes while it streams, naming the limit and the endpoint', async () => {
    let sent = 0;
    const url = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length to check first
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 64 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    const error = await client(url, 1024 * 1024)
      .GET('/v1/cbt-task')
      .catch((caught: unknown) => caught);
    expect(isReplyTooLargeError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ limitBytes: 1024 * 1024, endpoint: `GET ${url}/zstack/v1/cbt-task`, status: 200 });
    expect((error as Error).message).toContain('with a body over 1048576 bytes (maxReplyBytes)');
    expect(sent).toBeLessThan(64 * 1024 * 1024); // the rest was never read
  });

  it('refuses a gzip bomb by its decompressed size', async () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20)); // ~32 KB on the wire
    const url = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const error = await client(url, 1024 * 1024)
      .GET('/v1/cbt-task')
      .catch((caught: unknown) => caught);
    expect(isReplyTooLargeError(error), String(error)).toBe(true);
  });

  it('refuses a declared Content-Length over the limit before reading, and is not retried', async () => {
    let requests = 0;
    const url = await serve((_, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * 1024 * 1024) });
      res.write('{');
    });
    await expect(client(url, 1024 * 1024).GET('/v1/cbt-task')).rejects.toThrow(/maxReplyBytes/);
    expect(requests).toBe(1);
  });

  it('reads a body of exactly the limit, and a compressed one under it', async () => {
    const body = JSON.stringify({ inventories: [{ uuid: 'x'.repeat(2048 - 30) }] });
    const padded = body + ' '.repeat(2048 - body.length);
    const url = await serve((req, res) => {
      const zipped = req.url?.includes('zip');
      res.writeHead(200, { 'content-type': 'application/json', ...(zipped ? { 'content-encoding': 'gzip' } : {}) });
      res.end(zipped ? gzipSync(padded) : padded);
    });
    const { data } = await client(url, 2048).GET('/v1/cbt-task');
    expect(data?.inventories).toHaveLength(1);
    const zipped = await client(url, 2048).GET('/v1/cbt-task', { params: { query: { fields: 'zip' } } });
    expect(zipped.data?.inventories).toHaveLength(1);
  });

  it.each([0, 1023, 1.5, Number.NaN, '1 MB', 512 * 1024 * 1024])('refuses maxReplyBytes %s', (value) => {
    expect(() => client('http://127.0.0.1:1', value as number)).toThrow(
      /maxReplyBytes must be an integer from 1024 to 268435456/,
    );
  });
});

describe('redirect chains', () => {
  it('keeps a login on its origin through a same-origin hop, even to an allowed origin', async () => {
    const elsewhere: string[] = [];
    const allowed = await serve((req, res) => {
      elsewhere.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    const url = await serve((req, res) => {
      const location = req.url?.startsWith('/hop') ? `${allowed}/zstack/v1/accounts/login` : '/hop';
      res.writeHead(307, { location });
      res.end();
    });
    const client = createZStackClient({
      baseUrl: `${url}/zstack`,
      auth: { accountName: 'admin', password: 'secret-password' },
      redirects: { allowedOrigins: [allowed] },
    });
    const error = await client.GET('/v1/cbt-task').catch((caught: unknown) => caught);
    expect(isRedirectError(error), String(error)).toBe(true);
    expect((error as Error).message).toContain('the request carries credentials');
    expect(elsewhere).toEqual([]);
  });

  it('follows a PUT answered 303 and then redirected again as a bodiless GET', async () => {
    const seen: string[] = [];
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body.length}`);
        if (req.url === '/a') res.writeHead(303, { location: '/b' }).end();
        else if (req.url === '/b') res.writeHead(307, { location: '/c' }).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"done":true}');
      });
    });
    const transport = createRetryFetch({});
    const response = await transport(new Request(`${url}/a`, { method: 'PUT', body: '{"x":1}' }));
    expect(await response.json()).toEqual({ done: true });
    expect(seen).toEqual(['PUT /a 7', 'GET /b 0', 'GET /c 0']);
  });
});

describe('Retry-After', () => {
  it.each(['-5', '+5', '1.5', '5,6', 'May 1', '0x10', '5 s', 'Wed, 21 Oct 2015'])('ignores %j', (value) => {
    expect(parseRetryAfter(value)).toBeUndefined();
  });

  it('reads whole seconds and the three HTTP date forms', () => {
    const now = Date.parse('1994-11-06T08:49:27Z');
    expect(parseRetryAfter(' 7 ')).toBe(7000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', now)).toBe(10_000);
  });
});

describe('values that cannot be encoded or decoded', () => {
  const lone = 'task-\ud800';
  it('refuses a lone surrogate in a path parameter or a query value as a ConfigurationError', async () => {
    const { createCbrClient } = await import('../../src/huaweicloud-cbr/index.js');
    let sent = 0;
    const fetch = async () => {
      sent += 1;
      return new Response('{}');
    };
    const zstack = createZStackClient({
      baseUrl: 'http://z.test/zstack',
      auth: { sessionUuid: 'a'.repeat(32) },
      fetch,
    });
    await expect(zstack.getByUuid('/v1/cbt-task/{uuid}', lone)).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringContaining('Path parameter "uuid" is not well-formed Unicode'),
    });
    const cbr = createCbrClient({
      baseUrl: 'http://c.test',
      projectId: '0'.repeat(32),
      auth: { ak: 'AK', sk: 'SK' },
      fetch,
    });
    await expect(cbr.listOpLogs({ resource_name: lone })).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringContaining('GET /v3/{project_id}/operation-logs: a parameter is not well-formed Unicode'),
    });
    expect(sent).toBe(0);
  });

  it('reads a RenewSession job location with malformed %-escapes as an unusable reply, not a URIError', async () => {
    const fetch = async () =>
      new Response(JSON.stringify({ location: 'http://z.test/zstack/v1/api-jobs/%E0%A4%A', apiTimeout: 1 }), {
        status: 202,
      });
    const zstack = createZStackClient({
      baseUrl: 'http://z.test/zstack',
      auth: { sessionUuid: 'a'.repeat(32) },
      fetch,
    });
    await expect(zstack.renewSession()).rejects.toMatchObject({
      name: 'UnexpectedResponseError',
      message: expect.stringContaining('the RenewSession reply has no usable job location'),
    });
  });
});

describe('what an API error says to check', () => {
  it('credentials or clock, from the vendor codes the client knows', async () => {
    const { HuaweiApiError } = await import('../../src/huaweicloud/errors.js');
    const { ZStackApiError } = await import('../../src/zstack/errors.js');
    const huawei = (status: number, error_code: string, error_msg = 'x') =>
      new HuaweiApiError({ status, body: { error_code, error_msg } });
    expect(huawei(401, 'APIGW.0303')).toMatchObject({ clockSkew: true, credentialsRejected: false });
    expect(huawei(401, 'APIGW.0301', 'Signature expired')).toMatchObject({
      clockSkew: true,
      credentialsRejected: false,
    });
    expect(huawei(401, 'APIGW.0301', 'Incorrect IAM authentication information')).toMatchObject({
      clockSkew: false,
      credentialsRejected: true,
    });
    expect(huawei(404, 'BackupService.6500')).toMatchObject({ clockSkew: false, credentialsRejected: false });
    const zstack = (code: string) => new ZStackApiError(503, { error: { code } });
    expect(zstack('ID.1001')).toMatchObject({ credentialsRejected: true, clockSkew: false });
    expect(zstack('SYS.1000')).toMatchObject({ credentialsRejected: false });
    // Getters on the prototype: not in JSON.stringify(error).
    expect(JSON.stringify(zstack('ID.1001'))).not.toContain('credentialsRejected');
  });
});
