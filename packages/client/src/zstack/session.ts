// The session logic of the ZStack client, as the transport openapi-fetch calls: `Authorization: OAuth
// <uuid>` on every call, a lazy login shared by concurrent first calls (the password sent as its SHA-512
// digest), one re-login on an expired session (ID.1001), and every secret (password, digest, sessions)
// scrubbed from failed replies. The session lives in the transport, not in openapi-fetch middleware: no
// middleware machinery per call, and middleware you add never sees the Authorization header.
import type { paths } from '@backup-specs/types/zstack';
import { type Scrub, scrubbedReply, unexpectedReply } from '../core/buffered-response.js';
import { rememberOrigin, zstackErrorCode } from './errors.js';

/** Either an existing session, or an account to log in with (the password is hashed with SHA-512 here). */
export type ZStackAuth =
  | { sessionUuid: string; accountName?: never; password?: never }
  | { accountName: string; password: string; sessionUuid?: never };

/** One header-safe token: no spaces, no control characters. */
export const SESSION: RegExp = /^[\x21-\x7e]{1,256}$/;
const LOGIN = '/v1/accounts/login';

export interface SessionSetup {
  baseUrl: string;
  auth: ZStackAuth;
  /** The retrying transport (its failures are scrubbed with `scrub`). */
  transport: (request: Request) => Promise<Response>;
  /** Every secret, shared with the transport's scrubbing: the session adds what it learns. */
  secrets: Set<string>;
  scrub: Scrub;
  onSession?: ((sessionUuid: string) => void) | undefined;
}

export interface ZStackSession {
  /** The transport for openapi-fetch: authorizes, logs in when needed, scrubs failed replies. */
  fetch(request: Request): Promise<Response>;
  /** The session in use, after logging in if needed; a failed login is ZStack's (scrubbed) reply. */
  uuid(): Promise<string | Response>;
  /** The session to log out of, forgotten here (undefined when there is none, or a fixed one was ended). */
  end(): Promise<string | undefined>;
  /** A failed login's reply as the answer to another call. */
  failed(response: Response): Response;
}

/** Hex SHA-512 of the password, as LogInByAccount expects (Web Crypto: runs in browsers and Node). */
export async function sha512Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-512', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export const errorCodeOf = async (response: Response): Promise<string | undefined> =>
  zstackErrorCode(
    await response
      .clone()
      .json()
      .catch(() => undefined),
  )?.code;

/** The login request, with the password's digest (remembered as a secret). */
function loginRequest(setup: SessionSetup, digest: string): Request {
  const { accountName } = setup.auth as { accountName: string };
  const body = { logInByAccount: { accountName, password: digest } };
  return new Request(setup.baseUrl + LOGIN, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      body satisfies NonNullable<paths[typeof LOGIN]['put']['requestBody']>['content']['application/json'],
    ),
  });
}

export function createSession(setup: SessionSetup): ZStackSession {
  const { baseUrl, auth, transport, secrets, scrub } = setup;
  const settle = async (response: Response, request: Request): Promise<Response> =>
    response.ok ? response : rememberOrigin(await scrubbedReply(response, scrub, request), request);
  const fixed = auth.sessionUuid;
  let current = fixed;
  let ended = false;
  // A login that failed resolves to ZStack's (scrubbed) reply, handed to each waiting call as a clone.
  let pending: Promise<string | Response> | undefined;
  if (fixed) secrets.add(fixed);

  let digest: Promise<string> | undefined;
  const logIn = async (): Promise<string | Response> => {
    const { password } = auth as { password: string };
    secrets.add(password);
    digest ??= sha512Hex(password).then((hash) => {
      secrets.add(hash);
      return hash;
    });
    const request = loginRequest(setup, await digest);
    const response = await transport(request);
    if (!response.ok) return settle(response, request);
    const uuid = ((await response.json()) as { inventory?: { uuid?: unknown } } | null)?.inventory?.uuid;
    if (typeof uuid !== 'string' || !SESSION.test(uuid)) {
      throw unexpectedReply(response, 'the login reply has no session uuid (inventory.uuid)');
    }
    secrets.add(uuid);
    setup.onSession?.(uuid);
    return uuid;
  };

  // Concurrent first calls share one login; a failed login is not cached, so the next call tries again.
  const uuid = (): Promise<string | Response> => {
    if (current) return Promise.resolve(current);
    if (!pending) {
      const attempt: Promise<string | Response> = logIn().then(
        (result) => {
          if (pending === attempt) {
            if (typeof result === 'string') current = result;
            pending = undefined;
          }
          return result;
        },
        (error: unknown) => {
          if (pending === attempt) pending = undefined;
          throw error;
        },
      );
      pending = attempt;
    }
    return pending;
  };
  const failed = (failure: Response) => rememberOrigin(failure.clone(), { method: 'PUT', url: baseUrl + LOGIN });
  const withSession = (request: Request, session: string) => {
    request.headers.set('Authorization', `OAuth ${session}`);
    return request;
  };

  // (String checks on the absolute URL, which openapi-fetch builds from baseUrl: no URL parsing per call.)
  const accountsUrl = `${baseUrl}/v1/accounts/`;
  async function authorized(request: Request): Promise<Response> {
    const onAccounts = request.url.startsWith(accountsUrl);
    const isLogin = onAccounts && request.url.slice(accountsUrl.length).split(/[?#]/)[0] === 'login';
    if (!isLogin && !request.headers.has('authorization')) {
      const session = current ?? (await uuid());
      // A failed login is this call's answer: the caller gets ZStack's ID.1000 reply as `error`.
      if (typeof session !== 'string') return failed(session);
      withSession(request, session);
    }
    const response = await transport(request);
    if (response.ok) return response;
    const used = request.headers.get('authorization')?.slice('OAuth '.length);
    // Calls on a named session (logout, validate, renew) are about that session: a new one would not help.
    const relogin = !fixed && !onAccounts && used && secrets.has(used);
    if (relogin && response.status === 503 && !request.bodyUsed && (await errorCodeOf(response)) === 'ID.1001') {
      // Expired session: forget it (unless a concurrent call already replaced it), log in once, re-send once.
      if (current === used) current = undefined;
      const session = await uuid();
      if (typeof session !== 'string') return failed(session);
      const again = withSession(new Request(request, { headers: new Headers(request.headers) }), session);
      return settle(await transport(again), again);
    }
    return settle(response, request);
  }

  async function end(): Promise<string | undefined> {
    const session = current ?? (pending && (await pending.catch(() => undefined)));
    if (typeof session !== 'string' || ended) return undefined;
    if (fixed) ended = true;
    else if (current === session) current = undefined;
    return session;
  }

  return { fetch: authorized, uuid, end, failed };
}
