// The ZStack client: openapi-fetch's createClient<paths> with ZStack's query serializer, validated path
// parameters, a retrying fetch that knows a ZStack 503 with an error body is final, wrapped by the session
// logic (Authorization: OAuth <uuid>, lazy login, one re-login on ID.1001, secrets scrubbed from error
// bodies). Paging, get-by-uuid, logout and renew helpers are added to the same object.
import type { components, paths } from '@backup-specs/types/zstack';
import createClient from 'openapi-fetch';
import { scrubbedReply, scrubberOf, unexpectedReply } from '../core/buffered-response.js';
import { ConfigurationError, NetworkError, PagingError } from '../core/errors.js';
import { pageCycleGuard } from '../core/page-cycle.js';
import { safePathSerializer } from '../core/path-params.js';
import {
  checkNumber,
  createRetryFetch,
  isTransientStatus,
  type RedirectOptions,
  type RetryOptions,
  sleep,
} from '../core/retry.js';
import { type TypedClient, withTypedErrors } from '../core/typed-client.js';
import { rememberOrigin, toZStackError, unwrap, type ZStackApiError, zstackErrorCode } from './errors.js';
import { serializeZStackQuery } from './query.js';

/** Either an existing session, or an account to log in with (the password is hashed with SHA-512 here). */
export type ZStackAuth =
  | { sessionUuid: string; accountName?: never; password?: never }
  | { accountName: string; password: string; sessionUuid?: never };

export interface ZStackClientOptions {
  /** Root of the REST API including the context path, e.g. "http://zstack.example:8080/zstack". */
  baseUrl: string;
  auth: ZStackAuth;
  /** Retry policy (attempts, backoff, per-attempt timeout, ...). */
  retry?: RetryOptions;
  /** Redirects are followed only within baseUrl's origin unless listed here; login, logout and renew never leave it. */
  redirects?: RedirectOptions;
  /** Transport, e.g. an in-process mock; defaults to globalThis.fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Largest reply body read, in bytes after decompression, 1 KiB to 256 MiB; default 64 MiB. Past it: ReplyTooLargeError. */
  maxReplyBytes?: number;
  /** Called with each session uuid an account login creates: a credential, to keep out of logs and output. */
  onSession?: (sessionUuid: string) => void;
}

// Written as distributive conditionals on O so that a path without GET (never) yields never, not unknown.
type Get<P> = P extends keyof paths ? (paths[P] extends { get: infer O } ? O : never) : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type ReplyOf<O> = O extends { responses: { 200: { content: { 'application/json': infer D } } } } ? D : never;
type PathOf<O> = O extends { parameters: { path: infer A } } ? NonNullable<A> : never;
type Query<P> = QueryOf<Get<P>>;
type Reply<P> = ReplyOf<Get<P>>;
/** The inventory type a query path returns, e.g. `ZStackItem<'/v1/cbt-task'>`. */
export type ZStackItem<P> = Reply<P> extends { inventories?: (infer I)[] } ? I : never;
/** Query paths that page (`/v1/cbt-task`, `/v1/cdp-task`, `/v1/database-backups`). */
export type ZStackListPath = {
  [P in keyof paths]: [Query<P>] extends [never]
    ? never
    : Query<P> extends { start?: unknown; limit?: unknown }
      ? P
      : never;
}[keyof paths];
/** Get-by-uuid paths (`/v1/cbt-task/{uuid}`, ...). */
export type ZStackGetPath = {
  [P in keyof paths]: [PathOf<Get<P>>] extends [never]
    ? never
    : PathOf<Get<P>> extends { uuid: string }
      ? [ZStackItem<P>] extends [never]
        ? never
        : P
      : never;
}[keyof paths];

export interface ZStackPageOptions<P extends ZStackListPath> {
  /** Conditions, sort, fields, ...: everything but the paging parameters, which the helper sets. */
  query?: Omit<Query<P>, 'start' | 'limit' | 'count' | 'replyWithCount'>;
  /** Items per request (ZStack `limit`), 1 to 10 000. Default 100. */
  pageSize?: number;
  /** Offset of the first item. Default 0. */
  start?: number;
  signal?: AbortSignal;
}

export interface ZStackPage<T> {
  items: T[];
  /** Offset of the first item of this page. */
  start: number;
  /** Items matching the query in all (from `replyWithCount`), if the server said. */
  total: number | undefined;
}

export interface ZStackRenewOptions {
  /** New lifetime in seconds from now, 60 to 31 536 000. Default: the server's session timeout (7200 s). */
  duration?: number;
  /** Wait between polls of the job, 10 to 60 000 ms. Default 500. */
  pollIntervalMs?: number;
  /** Give up waiting for the job after this long, 100 to 3 600 000 ms. Default 60 000. */
  waitMs?: number;
  signal?: AbortSignal;
}

type Session = components['schemas']['SessionInventory'];

/** What get-by-uuid found: ZStack answers an unknown uuid with 200 and an empty list, not 404. */
export type ZStackLookup<T> = { found: true; item: T } | { found: false; uuid: string };

export interface ZStackHelpers {
  /** Every page of a query, in order: start/limit with replyWithCount, until `total` or a short page. */
  pages<P extends ZStackListPath>(
    path: P,
    options?: ZStackPageOptions<P>,
  ): AsyncGenerator<ZStackPage<ZStackItem<P>>, void, undefined>;
  /**
   * Every item of a query. An item repeated within a page or on the next page (rows inserted before the
   * cursor push it there) is yielded once; memory is bounded by the page size. Throws PagingError for an
   * item without a uuid.
   */
  iterate<P extends ZStackListPath>(
    path: P,
    options?: ZStackPageOptions<P>,
  ): AsyncGenerator<ZStackItem<P>, void, undefined>;
  /** One inventory by uuid, or `{ found: false }`. */
  getByUuid<P extends ZStackGetPath>(
    path: P,
    uuid: string,
    init?: { signal?: AbortSignal },
  ): Promise<ZStackLookup<ZStackItem<P>>>;
  /** Ends the session (DELETE /v1/accounts/sessions/{uuid}); with account auth the next call logs in again. */
  logout(): Promise<void>;
  /**
   * Extends the client's session (RenewSession) and waits for the job: PUT .../renew answers 202 with a job
   * location, polled (GetApiJobResult, on this client's baseUrl) until the renewed session comes back.
   * Throws ZStackApiError for the job's failure (ID.1001: the session already expired; log in again).
   */
  renewSession(options?: ZStackRenewOptions): Promise<Session>;
}

/** An openapi-fetch client for ZStack (every failed result's `error` is a ZStackApiError) plus helpers. */
export type ZStackClient = TypedClient<paths, ZStackApiError> & ZStackHelpers;

const SESSION = /^[\x21-\x7e]{1,256}$/; // one header-safe token: no spaces, no control characters
const LOGIN = '/v1/accounts/login';

const errorCodeOf = async (response: Response) =>
  zstackErrorCode(
    await response
      .clone()
      .json()
      .catch(() => undefined),
  )?.code;

/** A ZStack 503 carrying `{"error": {...}}` is the API's final answer, not an overloaded proxy. */
export async function isZStackTransient(response: Response): Promise<boolean> {
  if (!isTransientStatus(response.status)) return false;
  return response.status !== 503 || !(await errorCodeOf(response));
}

/** Hex SHA-512 of the password, as LogInByAccount expects (Web Crypto: runs in browsers and Node). */
export async function sha512Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-512', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function checkOptions(options: ZStackClientOptions): string {
  if (!options || typeof options !== 'object') {
    throw new ConfigurationError('createZStackClient needs options: { baseUrl, auth }.');
  }
  const { baseUrl, auth } = options;
  let url: URL | undefined;
  try {
    url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw new ConfigurationError(
      'baseUrl must be an absolute http(s) URL with the context path, e.g. "http://zstack.example:8080/zstack".',
    );
  }
  if (url.username || url.password) {
    throw new ConfigurationError('baseUrl must not contain credentials: pass them in auth.');
  }
  if (!auth || typeof auth !== 'object') {
    throw new ConfigurationError('auth is required: pass { sessionUuid } or { accountName, password }.');
  }
  if (auth.sessionUuid !== undefined) {
    if (auth.accountName !== undefined || auth.password !== undefined) {
      throw new ConfigurationError('auth: pass either { sessionUuid } or { accountName, password }, not both.');
    }
    if (!(typeof auth.sessionUuid === 'string' && SESSION.test(auth.sessionUuid))) {
      throw new ConfigurationError('auth.sessionUuid must be a session uuid (no spaces or control characters).');
    }
  } else {
    if (typeof auth.accountName !== 'string' || auth.accountName.trim() === '') {
      throw new ConfigurationError(
        'auth.accountName is missing: pass the ZStack account name (or use { sessionUuid }).',
      );
    }
    if (typeof auth.password !== 'string' || auth.password === '') {
      throw new ConfigurationError('auth.password is missing: pass the plain password (the client hashes it).');
    }
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new ConfigurationError('fetch must be a function (request: Request) => Promise<Response>.');
  }
  if (options.onSession !== undefined && typeof options.onSession !== 'function') {
    throw new ConfigurationError('onSession must be a function (sessionUuid: string) => void.');
  }
  return url.href.replace(/\/+$/, '');
}

/** The job uuid of a RenewSession location (`.../api-jobs/<uuid>`), decoded; undefined when there is none. */
function jobOf(location: string): string | undefined {
  const encoded = /\/api-jobs\/([^/?#]+)\/?(?:[?#].*)?$/.exec(location)?.[1];
  try {
    return encoded && decodeURIComponent(encoded);
  } catch {
    return undefined; // malformed %-escapes: a location from a broken server
  }
}

export function createZStackClient(options: ZStackClientOptions): ZStackClient {
  const baseUrl = checkOptions(options);
  const { auth, retry } = options;
  // Everything that must never be shown: the password, its hash and every session uuid.
  const secrets = new Set<string>();
  const scrub = scrubberOf(secrets);
  const accounts = `${new URL(baseUrl).pathname.replace(/\/$/, '')}/v1/accounts/`;
  const transport = createRetryFetch({
    ...retry,
    fetch: options.fetch ?? retry?.fetch,
    isTransient: retry?.isTransient ?? isZStackTransient,
    baseUrl,
    redirects: options.redirects,
    maxReplyBytes: options.maxReplyBytes,
    // Login sends the password digest, logout and renew name the session in the URL.
    pinned: (request) => new URL(request.url).pathname.startsWith(accounts),
    scrub,
  });
  const settle = async (response: Response, request: Request): Promise<Response> =>
    response.ok ? response : rememberOrigin(await scrubbedReply(response, scrub, request), request);

  const fixed = auth.sessionUuid;
  let current = fixed;
  let loggedOut = false;
  // A login that failed resolves to ZStack's (scrubbed) reply, handed to each waiting call as a clone.
  let pending: Promise<string | Response> | undefined;
  if (fixed) secrets.add(fixed);

  let passwordHash: Promise<string> | undefined;
  const logIn = async (): Promise<string | Response> => {
    const { accountName, password } = auth as { accountName: string; password: string };
    secrets.add(password);
    passwordHash ??= sha512Hex(password).then((hash) => {
      secrets.add(hash);
      return hash;
    });
    const body = { logInByAccount: { accountName, password: await passwordHash } };
    const request = new Request(baseUrl + LOGIN, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        body satisfies NonNullable<paths[typeof LOGIN]['put']['requestBody']>['content']['application/json'],
      ),
    });
    const response = await transport(request);
    if (!response.ok) return settle(response, request);
    const reply = (await response.json()) as { inventory?: { uuid?: unknown } } | null;
    const uuid = reply?.inventory?.uuid;
    if (typeof uuid === 'string' && SESSION.test(uuid)) {
      secrets.add(uuid);
      options.onSession?.(uuid);
      return uuid;
    }
    throw unexpectedReply(response, 'the login reply has no session uuid (inventory.uuid)');
  };

  // Concurrent first calls share one login; a failed login is not cached, so the next call tries again.
  const session = (): Promise<string | Response> => {
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
  const withSession = (request: Request, uuid: string) => {
    request.headers.set('Authorization', `OAuth ${uuid}`);
    return request;
  };

  // The session lives in the transport, not in openapi-fetch middleware: no middleware machinery per call,
  // and middleware you add never sees the Authorization header (it runs before this).
  // (String checks on the absolute URL, which openapi-fetch builds from baseUrl: no URL parsing per call.)
  const accountsUrl = `${baseUrl}/v1/accounts/`;
  async function authorized(request: Request): Promise<Response> {
    const onAccounts = request.url.startsWith(accountsUrl);
    const isLogin = onAccounts && request.url.slice(accountsUrl.length).split(/[?#]/)[0] === 'login';
    if (!isLogin && !request.headers.has('authorization')) {
      const uuid = current ?? (await session());
      // A failed login is this call's answer: the caller gets ZStack's ID.1000 reply as `error`.
      if (typeof uuid !== 'string') return failed(uuid);
      withSession(request, uuid);
    }
    const response = await transport(request);
    if (response.ok) return response;
    const used = request.headers.get('authorization')?.slice('OAuth '.length);
    // Calls on a named session (logout, validate, renew) are about that session: a new one would not help.
    const relogin = !fixed && !onAccounts && used && secrets.has(used);
    if (relogin && response.status === 503 && !request.bodyUsed && (await errorCodeOf(response)) === 'ID.1001') {
      // Expired session: forget it (unless a concurrent call already replaced it), log in once, re-send once.
      if (current === used) current = undefined;
      const uuid = await session();
      if (typeof uuid !== 'string') return failed(uuid);
      const again = withSession(new Request(request, { headers: new Headers(request.headers) }), uuid);
      return settle(await transport(again), again);
    }
    return settle(response, request);
  }

  const client = withTypedErrors(
    createClient<paths>({
      baseUrl,
      fetch: authorized,
      pathSerializer: safePathSerializer,
      querySerializer: serializeZStackQuery,
    }),
    toZStackError as (result: { response: Response }) => ZStackApiError,
  );
  // The generic helpers call paths chosen by type parameters; openapi-fetch's overloads cannot follow.
  const call = client.GET as unknown as (
    path: string,
    init: object,
  ) => Promise<{ data?: { inventories?: unknown; total?: unknown }; error?: ZStackApiError; response: Response }>;

  // A list call's inventories; a reply without them is unusable, not an empty list.
  const inventoriesOf = async (path: string, init: object) => {
    const result = await call(path, init);
    if (result.error) throw result.error;
    const inventories = result.data?.inventories;
    if (!Array.isArray(inventories)) throw unexpectedReply(result.response, 'the reply has no "inventories" list');
    return { items: inventories as unknown[], total: result.data?.total };
  };

  async function* pages<P extends ZStackListPath>(path: P, options: ZStackPageOptions<P> = {}) {
    const pageSize = checkNumber('pageSize', options.pageSize, 100, 1, 10_000, true);
    let start = checkNumber('start', options.start, 0, 0, 2 ** 31 - 1, true);
    const label = `ZStack ${path}`;
    const repeats = pageCycleGuard(label);
    let previous = new Set<string>();
    for (;;) {
      const query = { ...options.query, start, limit: pageSize, replyWithCount: true };
      const reply = await inventoriesOf(path, { params: { query }, signal: options.signal });
      const items = reply.items as ZStackItem<P>[];
      const total = typeof reply.total === 'number' ? reply.total : undefined;
      // (Items without a uuid, when "fields" leaves it out, are told apart by their whole content.)
      const ids = items.map((item) => (item as { uuid?: unknown } | null)?.uuid ?? JSON.stringify(item)) as string[];
      if (items.length === pageSize && ids.every((id) => previous.has(id))) {
        throw new PagingError(
          `${label}: the page at start ${start} brings nothing new (does the server ignore start?)`,
        );
      }
      repeats(ids, `at start ${start}`);
      previous = new Set(ids);
      yield { items, start, total };
      start += items.length;
      if (items.length < pageSize || (total !== undefined && start >= total)) return;
    }
  }

  async function* iterate<P extends ZStackListPath>(path: P, options?: ZStackPageOptions<P>) {
    // Only the previous page's uuids are kept: enough to drop what insertions before the cursor push onto
    // the next page, and bounded by the page size however long the iteration runs.
    let previous = new Set<string>();
    for await (const page of pages(path, options)) {
      const current = new Set<string>();
      for (const [index, item] of page.items.entries()) {
        options?.signal?.throwIfAborted(); // items of a fetched page are not handed out after an abort
        const uuid = (item as { uuid?: unknown } | null)?.uuid;
        if (typeof uuid !== 'string' || uuid === '') {
          throw new PagingError(
            `ZStack ${path}: item ${index} of the page at start ${page.start} has no uuid to tell repeats apart (keep uuid in "fields").`,
          );
        }
        const repeated = previous.has(uuid) || current.has(uuid);
        current.add(uuid);
        if (!repeated) yield item;
      }
      previous = current;
    }
  }

  async function getByUuid<P extends ZStackGetPath>(path: P, uuid: string, init: { signal?: AbortSignal } = {}) {
    const { items } = await inventoriesOf(path, { params: { path: { uuid } }, signal: init.signal });
    const item = items.find((candidate) => (candidate as { uuid?: unknown } | null)?.uuid === uuid);
    return (item ? { found: true, item } : { found: false, uuid }) as ZStackLookup<ZStackItem<P>>;
  }

  async function logout(): Promise<void> {
    const uuid = current ?? (pending && (await pending.catch(() => undefined)));
    if (typeof uuid !== 'string' || loggedOut) return;
    if (fixed) loggedOut = true;
    else if (current === uuid) current = undefined;
    // With its own Authorization header the call skips login; failures are scrubbed like any other.
    unwrap(
      await client.DELETE('/v1/accounts/sessions/{sessionUuid}', {
        params: { path: { sessionUuid: uuid } },
        headers: { Authorization: `OAuth ${uuid}` },
      }),
    );
  }

  async function renewSession(options: ZStackRenewOptions = {}): Promise<Session> {
    const duration = checkNumber('duration', options.duration, 7200, 60, 31_536_000, true);
    const pollIntervalMs = checkNumber('pollIntervalMs', options.pollIntervalMs, 500, 10, 60_000);
    const deadline = Date.now() + checkNumber('waitMs', options.waitMs, 60_000, 100, 3_600_000);
    const uuid = current ?? (await session());
    if (typeof uuid !== 'string') throw toZStackError({ response: failed(uuid) });
    const { signal } = options;
    const renewal = await client.PUT('/v1/accounts/sessions/{sessionUuid}/renew', {
      params: { path: { sessionUuid: uuid } },
      body: { renewSession: options.duration === undefined ? {} : { duration } },
      signal,
    });
    // The server writes the location from its own configured URL (maybe another host, behind NAT or a
    // proxy): only the job uuid is taken from it, and the job is polled on this client's baseUrl.
    const location = String(unwrap(renewal).location ?? '');
    const job = jobOf(location);
    if (!job) throw unexpectedReply(renewal.response, 'the RenewSession reply has no usable job location');
    for (;;) {
      const result = await client.GET('/v1/api-jobs/{uuid}', {
        params: { path: { uuid: job } },
        signal,
      });
      const reply = unwrap(result) as { inventory?: Session };
      if (result.response.status !== 202) {
        if (!reply.inventory)
          throw unexpectedReply(result.response, 'the finished RenewSession job has no "inventory"');
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

  return Object.assign(client, { pages, iterate, getByUuid, logout, renewSession });
}
