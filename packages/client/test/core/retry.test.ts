import { describe, expect, it, vi } from 'vitest';
import { NetworkError } from '../../src/core/errors.js';
import { createRetryFetch, parseRetryAfter } from '../../src/core/retry.js';

type Step = Response | Error | ((request: Request) => Promise<Response>);

function scripted(steps: Step[]) {
  const seen: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    seen.push(request);
    const step = steps.shift();
    if (!step) throw new Error('no more scripted replies');
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(request);
    return step;
  });
  return { fetch, seen };
}

const noSleep = vi.fn(async (_ms: number) => undefined);
const url = 'https://api.test/v1/items?token=secret';

describe('createRetryFetch', () => {
  it('returns the first successful reply without retrying', async () => {
    const { fetch } = scripted([new Response('ok')]);
    const response = await createRetryFetch({ fetch, sleep: noSleep })(new Request(url));
    expect(await response.text()).toBe('ok');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('retries network errors and transient statuses, then succeeds', async () => {
    const { fetch } = scripted([new TypeError('fetch failed'), new Response('', { status: 502 }), new Response('ok')]);
    const onRetry = vi.fn();
    const response = await createRetryFetch({ fetch, sleep: noSleep, onRetry })(new Request(url));
    expect(response.status).toBe(200);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(onRetry.mock.calls.map(([event]) => event.reason)).toEqual(['fetch failed', 'HTTP 502']);
  });

  it('stops after the configured number of attempts and returns the last reply', async () => {
    const { fetch } = scripted([503, 503, 503, 200].map((status) => new Response('', { status })));
    const response = await createRetryFetch({ fetch, sleep: noSleep, attempts: 3 })(new Request(url));
    expect(response.status).toBe(503);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('throws a NetworkError naming the endpoint and attempts, without the query string', async () => {
    const { fetch } = scripted([new TypeError('fetch failed'), new TypeError('fetch failed')]);
    const error = await createRetryFetch({ fetch, sleep: noSleep, attempts: 2 })(new Request(url)).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('GET https://api.test/v1/items failed after 2 attempts: fetch failed');
    expect(error.message).not.toContain('secret');
  });

  it('never repeats a non-idempotent request', async () => {
    const { fetch } = scripted([new Response('', { status: 503 }), new Response('ok')]);
    const response = await createRetryFetch({ fetch, sleep: noSleep })(
      new Request(url, { method: 'POST', body: '{}' }),
    );
    expect(response.status).toBe(503);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not retry a reply the vendor marks as final', async () => {
    const { fetch } = scripted([new Response('{"error":{"code":"ID.1001"}}', { status: 503 }), new Response('ok')]);
    const isTransient = async (response: Response) => !(await response.clone().text()).includes('"code"');
    const response = await createRetryFetch({ fetch, sleep: noSleep, isTransient })(new Request(url));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'ID.1001' } });
  });

  it('waits Retry-After when given, and full-jitter exponential backoff otherwise', async () => {
    const sleep = vi.fn(async (_ms: number) => undefined);
    const { fetch } = scripted([
      new Response('', { status: 429, headers: { 'Retry-After': '2' } }),
      new Response('', { status: 503 }),
      new Response('', { status: 503 }),
      new Response('ok'),
    ]);
    await createRetryFetch({ fetch, sleep, attempts: 4, baseDelayMs: 100, random: () => 0.5 })(new Request(url));
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([2000, 100, 200]);
  });

  it('returns the reply when Retry-After exceeds the longest allowed wait', async () => {
    const { fetch } = scripted([new Response('', { status: 429, headers: { 'Retry-After': '3600' } })]);
    const response = await createRetryFetch({ fetch, sleep: noSleep, maxDelayMs: 1000 })(new Request(url));
    expect(response.status).toBe(429);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('sends the body again on every attempt', async () => {
    const bodies: string[] = [];
    const { fetch } = scripted([
      async (request) => {
        bodies.push(await request.text());
        return new Response('', { status: 503 });
      },
      async (request) => {
        bodies.push(await request.text());
        return new Response('ok');
      },
    ]);
    await createRetryFetch({ fetch, sleep: noSleep })(new Request(url, { method: 'PUT', body: '{"a":1}' }));
    expect(bodies).toEqual(['{"a":1}', '{"a":1}']);
  });

  it('gives up an attempt after the per-attempt timeout and tries again', async () => {
    const { fetch } = scripted([
      (request) =>
        new Promise((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
      new Response('ok'),
    ]);
    const response = await createRetryFetch({ fetch, sleep: noSleep, timeoutMs: 20 })(new Request(url));
    expect(response.status).toBe(200);
  });

  it("stops at once when the caller's signal aborts, even while waiting", async () => {
    const controller = new AbortController();
    const { fetch } = scripted([new Response('', { status: 503 }), new Response('ok')]);
    const pending = createRetryFetch({ fetch, baseDelayMs: 60_000, random: () => 1 })(
      new Request(url, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(new Error('caller gave up')), 10);
    await expect(pending).rejects.toThrow('caller gave up');
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('5')).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
