// The retrying fetch against a real socket: dropped connections, Retry-After and slow replies.
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/core/errors.js';
import { createRetryFetch } from '../../src/core/retry.js';
import { type FlakyServer, startFlakyServer } from '../support/flaky-server.js';

let server: FlakyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fast = { baseDelayMs: 1, maxDelayMs: 50 };

describe('createRetryFetch over loopback', () => {
  it('survives a dropped connection and a 503 with Retry-After, in bounded attempts', async () => {
    server = await startFlakyServer(
      () => ({ body: { ok: true } }),
      [{ kind: 'drop' }, { kind: 'status', status: 503, headers: { 'retry-after': '0' } }],
    );
    const response = await createRetryFetch({ ...fast, attempts: 3 })(new Request(`${server.url}/v1/x`));
    expect(await response.json()).toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the attempt limit on a server that keeps dropping', async () => {
    server = await startFlakyServer(
      () => ({ body: {} }),
      [{ kind: 'drop' }, { kind: 'drop' }, { kind: 'drop' }, { kind: 'drop' }],
    );
    const error = await createRetryFetch({ ...fast, attempts: 3 })(new Request(`${server.url}/v1/x`)).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('times out a slow reply and succeeds on the next attempt', async () => {
    server = await startFlakyServer(() => ({ body: { ok: true } }), [{ kind: 'delay', ms: 1000 }]);
    const response = await createRetryFetch({ ...fast, timeoutMs: 100 })(new Request(`${server.url}/v1/x`));
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });
});
