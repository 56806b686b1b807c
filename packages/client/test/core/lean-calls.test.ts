// Nothing outlives a call: the per-attempt timer and the listener on the caller's signal are released when
// the reply (body included) is complete, for successes, API errors and network failures alike.
import { getEventListeners } from 'node:events';
import type { paths } from '@backup-specs/types/zstack';
import createClient from 'openapi-fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createZStackClient } from '../../src/zstack/index.js';
import { type FlakyServer, startFlakyServer } from '../support/flaky-server.js';

let server: FlakyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// The per-attempt timers (30 000 ms) set and not cleared. (An unref'd timer is invisible to
// process.getActiveResourcesInfo(), so count them where they are made.)
function watchTimers() {
  const pending = new Set<unknown>();
  const set = globalThis.setTimeout;
  const clear = globalThis.clearTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    const handle = set(fn, ms);
    if (ms === 30_000) pending.add(handle);
    return handle;
  }) as typeof setTimeout);
  vi.spyOn(globalThis, 'clearTimeout').mockImplementation((handle) => {
    pending.delete(handle);
    clear(handle);
  });
  return pending;
}
afterEach(() => {
  vi.restoreAllMocks();
});

describe('per-call resources', () => {
  it('leaves no timer and no abort listener behind after 50 calls (default 30 s timeout)', async () => {
    let calls = 0;
    server = await startFlakyServer(() => {
      calls += 1;
      return calls % 5 === 0 ? { status: 400, body: 'bad request' } : { body: { inventories: [], total: 0 } };
    });
    const client = createZStackClient({ baseUrl: `${server.url}/zstack`, auth: { sessionUuid: 'a'.repeat(32) } });
    const plain = createClient<paths>({ baseUrl: `${server.url}/zstack` });
    const ours = new AbortController();
    const theirs = new AbortController();
    await client.GET('/v1/cbt-task', { signal: ours.signal }); // warm: connection pool, lazy timers
    await plain.GET('/v1/cbt-task', { signal: theirs.signal });
    const pending = watchTimers();
    for (let i = 0; i < 50; i += 1) {
      await client.GET('/v1/cbt-task', { signal: ours.signal });
      await plain.GET('/v1/cbt-task', { signal: theirs.signal });
    }
    expect(pending.size).toBe(0);
    // Every Request made from a signal follows it until collected (undici): plain openapi-fetch leaves one
    // listener per call on the caller's signal; the client gives each call a signal of its own and
    // removes its one listener from the caller's when the call settles.
    expect(getEventListeners(theirs.signal, 'abort').length).toBeGreaterThanOrEqual(50);
    expect(getEventListeners(ours.signal, 'abort')).toHaveLength(0);
  });

  it('adds no listener to a signal shared by 2,000 calls (no MaxListenersExceededWarning)', async () => {
    server = await startFlakyServer(() => ({ body: { inventories: [], total: 0 } }));
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      for (const timeoutMs of [30_000, 0]) {
        const client = createZStackClient({
          baseUrl: `${server.url}/zstack`,
          auth: { sessionUuid: 'a'.repeat(32) },
          retry: { timeoutMs },
          fetch: (request) => fetch(request),
        });
        const shared = new AbortController();
        for (let i = 0; i < 1_000; i += 1) await client.GET('/v1/cbt-task', { signal: shared.signal });
        expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
      }
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
