// renewSession(): PUT .../renew answers 202 with a job location; the job is polled on the client's own
// baseUrl (never the host the server wrote into the location) until the renewed session comes back.
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/core/errors.js';
import { createZStackClient, ZStackApiError } from '../../src/zstack/index.js';
import { type FlakyServer, type RecordedRequest, type ReplyInit, startFlakyServer } from '../support/flaky-server.js';

const SESSION = 'b86c9016b4f24953a9edefb53ca0678c';
const JOB = '5a2c8e5ec5a64a6c9c1c7f4a3b8e2d10';
const renewed = {
  uuid: SESSION,
  accountUuid: 'a'.repeat(32),
  userUuid: 'a'.repeat(32),
  expiredDate: 'Dec 2, 2026 1:00:00 AM',
};

let server: FlakyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(job: (request: RecordedRequest, polls: number) => ReplyInit) {
  let polls = 0;
  server = await startFlakyServer((request) => {
    if (request.method === 'PUT') {
      // The location names the server's own configured address, not the one the client uses.
      return { status: 202, body: { location: `http://10.0.0.5:8080/zstack/v1/api-jobs/${JOB}`, apiTimeout: 1800000 } };
    }
    polls += 1;
    return job(request, polls);
  });
  return createZStackClient({ baseUrl: `${server.url}/zstack`, auth: { sessionUuid: SESSION } });
}

describe('renewSession', () => {
  it('sends the duration, polls the job on baseUrl while it answers 202 (empty or {}), returns the session', async () => {
    const client = await start((_request, polls) =>
      polls === 1
        ? { status: 202, body: '' }
        : polls === 2
          ? { status: 202, body: {} }
          : { body: { inventory: renewed } },
    );
    expect(await client.renewSession({ duration: 3600, pollIntervalMs: 10 })).toEqual(renewed);
    const requests = server?.requests ?? [];
    expect(requests[0]).toMatchObject({
      method: 'PUT',
      url: `/zstack/v1/accounts/sessions/${SESSION}/renew`,
      body: '{"renewSession":{"duration":3600}}',
    });
    expect(requests[0]?.headers.authorization).toBe(`OAuth ${SESSION}`);
    expect(requests.slice(1).map((r) => `${r.method} ${r.url}`)).toEqual(
      Array(3).fill(`GET /zstack/v1/api-jobs/${JOB}`),
    );
  });

  it("throws the job's ZStackApiError (an expired session cannot be renewed)", async () => {
    const client = await start(() => ({
      status: 503,
      body: { error: { code: 'ID.1001', description: 'Session expired' } },
    }));
    const error = await client.renewSession().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZStackApiError);
    expect(error).toMatchObject({ code: 'ID.1001', status: 503 });
    expect(server?.requests[0]?.body).toBe('{"renewSession":{}}');
  });

  it('gives up after waitMs with a NetworkError naming the job, and refuses a duration out of range', async () => {
    const client = await start(() => ({ status: 202, body: {} }));
    const error = await client.renewSession({ pollIntervalMs: 20, waitMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(`/v1/api-jobs/${JOB}`);
    expect((error as Error).message).toContain('still ran after waitMs');
    await expect(client.renewSession({ duration: 30 })).rejects.toThrow(
      /^duration must be an integer from 60 to 31536000 \(got 30\)/,
    );
  });
});
