// Servers that never let a listing end: every iterator stops with a PagingError that names the endpoint
// and the position, after a bounded number of requests (a repeat of the previous page on the second
// request after it, a cycle of p pages after at most 2p more).
import { describe, expect, it } from 'vitest';
import { isPagingError } from '../../src/core/errors.js';
import { createCbrClient } from '../../src/huaweicloud-cbr/index.js';
import { createVbsClient } from '../../src/huaweicloud-vbs/index.js';
import { createZStackClient } from '../../src/zstack/index.js';

const PROJECT = '0'.repeat(32);
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** A fake server: `reply(n, url)` answers the n-th request (from 0); counts the requests. */
function server(reply: (n: number, url: URL) => unknown) {
  const state = { requests: 0 };
  const fetch = async (request: Request) => json(reply(state.requests++, new URL(request.url)));
  return { state, fetch };
}

async function drain(iterator: AsyncIterable<unknown>, cap = 10_000): Promise<unknown> {
  let items = 0;
  try {
    for await (const _ of iterator) if (++items > cap) return new Error(`still going after ${cap} items`);
  } catch (error) {
    return error;
  }
  return new Error('ended without an error');
}

const zstack = (fetch: (request: Request) => Promise<Response>) =>
  createZStackClient({ baseUrl: 'http://zstack.test/zstack', auth: { sessionUuid: 'a'.repeat(32) }, fetch });
const inventories = (names: string[], total?: number) => ({ inventories: names.map((uuid) => ({ uuid })), total });

describe('ZStack', () => {
  const cases: [string, (n: number) => unknown, number][] = [
    ['ignores start and sends no total', () => inventories(ids('a', 10)), 2],
    ['ignores start and sends a growing total', (n) => inventories(ids('a', 10), 100 * (n + 1)), 2],
    ['alternates between two pages', (n) => inventories(ids(n % 2 ? 'b' : 'a', 10), 1_000_000), 3],
    ['cycles through three pages', (n) => inventories(ids(`p${n % 3}-`, 10), 1_000_000), 6],
  ];
  for (const [what, reply, requests] of cases) {
    it(`stops a server that ${what} after ${requests} requests, in iterate() and pages()`, async () => {
      for (const walk of ['iterate', 'pages'] as const) {
        const fake = server(reply);
        const error = await drain(zstack(fake.fetch)[walk]('/v1/cbt-task', { pageSize: 10 }));
        expect(isPagingError(error), String(error)).toBe(true);
        expect((error as Error).message).toMatch(/^ZStack \/v1\/cbt-task: the page at start \d+ /);
        expect(fake.state.requests).toBe(requests);
      }
    });
  }

  it('still reads a list that really is long', async () => {
    const fake = server((n) => inventories(n < 50 ? ids(`p${n}-`, 10) : [], 500));
    let items = 0;
    for await (const _ of zstack(fake.fetch).iterate('/v1/cbt-task', { pageSize: 10 })) items += 1;
    expect(items).toBe(500);
  });
});

describe('Huawei Cloud', () => {
  it('stops VBS marker paging that alternates between two pages', async () => {
    const fake = server((n) => ({
      count: 1_000_000,
      tasks: ids(n % 2 ? 'b' : 'a', 5).map((job_id) => ({ job_id, status: 'RUNNING' })),
    }));
    const vbs = createVbsClient({
      baseUrl: 'http://vbs.test',
      projectId: PROJECT,
      auth: { token: 't' },
      fetch: fake.fetch,
    });
    const error = await drain(vbs.backupTasks('policy', {}, { by: 'marker', pageSize: 5 }));
    expect(isPagingError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /^VBS GET \/v2\/\{project_id\}\/backuppolicy\/\{policy_id\}\/backuptasks: the page after marker b4 repeats the page at the start/,
    );
    expect(fake.state.requests).toBe(3);
  });

  it('stops CBR offset paging whose ids come round again', async () => {
    // Each page starts with the previous page's last id (as a real list read with the one-item overlap
    // would), but the ids cycle through a ring of 30: without a guard the same tasks come back forever.
    const ring = ids('log', 30);
    const fake = server((_, url) => {
      const offset = Number(url.searchParams.get('offset'));
      const page = Array.from({ length: 10 }, (_, i) => ring[(offset + i) % 30] as string);
      return { count: 10_000_000, operation_logs: page.map((id) => ({ id, status: 'running' })) };
    });
    const cbr = createCbrClient({
      baseUrl: 'http://cbr.test',
      projectId: PROJECT,
      auth: { token: 't' },
      fetch: fake.fetch,
    });
    const error = await drain(cbr.opLogs({}, { pageSize: 10 }));
    expect(isPagingError(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/^CBR GET \/v3\/\{project_id\}\/operation-logs: the page at offset \d+ /);
    // Offsets move by 9 (one item overlaps), so the pages repeat every 10 requests: stopped within 3 x 10.
    expect(fake.state.requests).toBeLessThanOrEqual(30);
  });
});
