// Fault injection against a real loopback socket (test/support/flaky-server.ts) in front of the
// in-memory ZStack server: dropped connections, 503/429 with Retry-After, slow replies. Attempts stay
// bounded, every item is collected exactly once, re-login happens once.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/core/errors.js';
import type { RetryEvent } from '../../src/core/retry.js';
import { createZStackClient, toZStackError, ZStackApiError } from '../../src/zstack/index.js';
import { type Fault, type FlakyServer, startFlakyServer } from '../support/flaky-server.js';
import { createFakeZStack, makeItems } from './support/fake-zstack.js';

let server: FlakyServer | undefined;
async function closeCurrent() {
  await server?.close();
  server = undefined;
}
afterEach(closeCurrent);

const session = '9'.repeat(32);
const fast = { baseDelayMs: 1, maxDelayMs: 50, timeoutMs: 1_000 };

async function start(faults: Fault[] = [], items = makeItems(250), password?: string) {
  const fake = createFakeZStack({ sessions: [session], items: { 'cbt-task': items }, password });
  server = await startFlakyServer(fake.handler, faults);
  return { fake, server, baseUrl: `${server.url}/zstack` };
}

const transient: fc.Arbitrary<Fault> = fc.constantFrom<Fault>(
  { kind: 'drop' },
  { kind: 'status', status: 503, headers: { 'retry-after': '0' }, body: 'Service Unavailable' },
  { kind: 'status', status: 429, headers: { 'retry-after': '0' } },
  { kind: 'status', status: 502 },
  { kind: 'delay', ms: 800 }, // longer than the per-attempt timeout below
);

describe('ZStack client over a flaky loopback server', () => {
  it('collects every item exactly once whatever transient faults hit the pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        // up to two faults before each request, so three attempts always suffice
        fc.array(fc.array(transient, { maxLength: 2 }), { minLength: 9, maxLength: 9 }),
        fc.integer({ min: 20, max: 120 }),
        async (faultsPerPage, pageSize) => {
          const { server, baseUrl } = await start(
            faultsPerPage.flatMap((faults) => [...faults, { kind: 'pass' } as Fault]),
          );
          try {
            const client = createZStackClient({
              baseUrl,
              auth: { sessionUuid: session },
              retry: { ...fast, timeoutMs: 250 }, // far above a loaded loopback reply, far below the 800 ms fault
            });
            const uuids: string[] = [];
            for await (const item of client.iterate('/v1/cbt-task', { pageSize })) uuids.push(item.uuid as string);
            expect(uuids).toEqual(makeItems(250).map((item) => item.uuid));
            const pages = Math.floor(250 / pageSize) + 1 - (250 % pageSize === 0 ? 1 : 0);
            const faultsServed = faultsPerPage.slice(0, pages).flat().length;
            expect(server.requests).toHaveLength(pages + faultsServed);
          } finally {
            await closeCurrent();
          }
        },
      ),
      { numRuns: 10 },
    );
  }, 60_000);

  it('gives up after the attempt limit on a server that keeps dropping: NetworkError, 3 requests', async () => {
    const { server, baseUrl } = await start(Array.from({ length: 10 }, () => ({ kind: 'drop' }) as Fault));
    const client = createZStackClient({ baseUrl, auth: { sessionUuid: session }, retry: fast });
    const error = await client
      .iterate('/v1/cbt-task')
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('returns the last 503 after 3 attempts on a server that stays overloaded', async () => {
    const overloaded: Fault = {
      kind: 'status',
      status: 503,
      headers: { 'retry-after': '0' },
      body: 'Service Unavailable',
    };
    const { server, baseUrl } = await start([overloaded, overloaded, overloaded, overloaded]);
    const client = createZStackClient({ baseUrl, auth: { sessionUuid: session }, retry: fast });
    const error = await client
      .pages('/v1/cbt-task')
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZStackApiError);
    expect(error).toMatchObject({ status: 503, description: 'Service Unavailable' });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 503 that carries a ZStack ErrorCode', async () => {
    const apiError: Fault = { kind: 'status', status: 503, body: JSON.stringify({ error: { code: 'SYS.1007' } }) };
    const { server, baseUrl } = await start([apiError]);
    const client = createZStackClient({ baseUrl, auth: { sessionUuid: session }, retry: fast });
    const result = await client.GET('/v1/cbt-task');
    expect(toZStackError(result)?.code).toBe('SYS.1007');
    expect(server.requests).toHaveLength(1);
  });

  it('honours Retry-After on 429 (the wait it schedules is the server’s)', async () => {
    const { server, baseUrl } = await start([{ kind: 'status', status: 429, headers: { 'retry-after': '1' } }]);
    const events: RetryEvent[] = [];
    const client = createZStackClient({
      baseUrl,
      auth: { sessionUuid: session },
      retry: { ...fast, maxDelayMs: 5_000, onRetry: (event) => events.push(event), sleep: async () => undefined },
    });
    const { response } = await client.GET('/v1/cbt-task', { params: { query: { limit: 1 } } });
    expect(response.status).toBe(200);
    expect(events).toEqual([{ attempt: 1, delayMs: 1000, reason: 'HTTP 429', method: 'GET' }]);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a reply slower than the per-attempt timeout', async () => {
    const { server, baseUrl } = await start([{ kind: 'delay', ms: 1_500 }]);
    const client = createZStackClient({ baseUrl, auth: { sessionUuid: session }, retry: { ...fast, timeoutMs: 300 } });
    const { data } = await client.GET('/v1/cbt-task', { params: { query: { limit: 2 } } });
    expect(data?.inventories).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it('logs in again exactly once when the session expires mid-run, even with a dropped login', async () => {
    const { fake, server, baseUrl } = await start([], makeItems(250), 'pw');
    const client = createZStackClient({ baseUrl, auth: { accountName: 'admin', password: 'pw' }, retry: fast });
    const uuids: string[] = [];
    for await (const page of client.pages('/v1/cbt-task', { pageSize: 100 })) {
      uuids.push(...page.items.map((item) => item.uuid as string));
      if (page.start === 0) {
        fake.sessions.clear(); // expires on the server
        server.faults = [{ kind: 'pass' }, { kind: 'drop' }]; // the next call passes (ID.1001), the re-login drops once
      }
    }
    expect(uuids).toEqual(makeItems(250).map((item) => item.uuid));
    expect(fake.state.logins).toBe(2);
    expect(server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'PUT /zstack/v1/accounts/login',
      'GET /zstack/v1/cbt-task',
      'GET /zstack/v1/cbt-task', // ID.1001
      'PUT /zstack/v1/accounts/login', // dropped
      'PUT /zstack/v1/accounts/login',
      'GET /zstack/v1/cbt-task', // re-sent
      'GET /zstack/v1/cbt-task',
    ]);
  });

  it("stops paging at once when the caller's signal aborts", async () => {
    const { server, baseUrl } = await start();
    const client = createZStackClient({ baseUrl, auth: { sessionUuid: session }, retry: fast });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const item of client.iterate('/v1/cbt-task', { pageSize: 10, signal: controller.signal })) {
        seen.push(item.uuid as string);
        if (seen.length === 15) controller.abort();
      }
    })();
    await expect(run).rejects.toThrow(/abort/i);
    expect(seen).toHaveLength(15);
    expect(server.requests).toHaveLength(2);
  });
});
