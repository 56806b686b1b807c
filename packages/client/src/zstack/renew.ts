// RenewSession, which is asynchronous: the PUT answers 202 with a job location, and the job (GetApiJobResult)
// is polled on the client's own baseUrl until the renewed session comes back.
import type { components, paths } from '@backup-specs/types/zstack';
import { unexpectedReply } from '../core/buffered-response.js';
import { NetworkError } from '../core/errors.js';
import { checkNumber, sleep } from '../core/retry.js';
import type { TypedClient } from '../core/typed-client.js';
import type { ZStackRenewOptions } from './client.js';
import { toZStackError, unwrap, type ZStackApiError } from './errors.js';
import type { ZStackSession } from './session.js';

type Session = components['schemas']['SessionInventory'];

/** The job uuid of a RenewSession location (`.../api-jobs/<uuid>`), decoded; undefined when there is none. */
function jobOf(location: string): string | undefined {
  const encoded = /\/api-jobs\/([^/?#]+)\/?(?:[?#].*)?$/.exec(location)?.[1];
  try {
    return encoded && decodeURIComponent(encoded);
  } catch {
    return undefined; // malformed %-escapes: a location from a broken server
  }
}

export async function renewSession(
  client: TypedClient<paths, ZStackApiError>,
  session: ZStackSession,
  baseUrl: string,
  options: ZStackRenewOptions = {},
): Promise<Session> {
  const duration = checkNumber('duration', options.duration, 7200, 60, 31_536_000, true);
  const pollIntervalMs = checkNumber('pollIntervalMs', options.pollIntervalMs, 500, 10, 60_000);
  const deadline = Date.now() + checkNumber('waitMs', options.waitMs, 60_000, 100, 3_600_000);
  const uuid = await session.uuid();
  if (typeof uuid !== 'string') throw toZStackError({ response: session.failed(uuid) });
  const { signal } = options;
  const renewal = await client.PUT('/v1/accounts/sessions/{sessionUuid}/renew', {
    params: { path: { sessionUuid: uuid } },
    body: { renewSession: options.duration === undefined ? {} : { duration } },
    signal,
  });
  // The server writes the location from its own configured URL (maybe another host, behind NAT or a
  // proxy): only the job uuid is taken from it, and the job is polled on this client's baseUrl.
  const job = jobOf(String(unwrap(renewal).location ?? ''));
  if (!job) throw unexpectedReply(renewal.response, 'the RenewSession reply has no usable job location');
  for (;;) {
    const result = await client.GET('/v1/api-jobs/{uuid}', { params: { path: { uuid: job } }, signal });
    const reply = unwrap(result) as { inventory?: Session };
    if (result.response.status !== 202) {
      if (!reply.inventory) throw unexpectedReply(result.response, 'the finished RenewSession job has no "inventory"');
      return reply.inventory;
    }
    if (Date.now() + pollIntervalMs > deadline) {
      throw new NetworkError(
        { method: 'GET', url: `${baseUrl}/v1/api-jobs/${job}` },
        1,
        new Error('the RenewSession job still ran after waitMs'),
      );
    }
    await sleep(pollIntervalMs, signal);
  }
}
