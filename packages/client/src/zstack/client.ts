// The ZStack client: openapi-fetch's createClient<paths> with ZStack's query serializer, validated path
// parameters, a retrying fetch that knows a ZStack 503 with an error body is final, wrapped by the session
// logic (Authorization: OAuth <uuid>, lazy login, one re-login on ID.1001, secrets scrubbed from error
// bodies). Paging, get-by-uuid, logout and renew helpers are added to the same object.
import type { components, paths } from '@backup-specs/types/zstack';
import createClient from 'openapi-fetch';
import { scrubberOf } from '../core/buffered-response.js';
import { ConfigurationError } from '../core/errors.js';
import { safePathSerializer } from '../core/path-params.js';
import { createRetryFetch, isTransientStatus, type RedirectOptions, type RetryOptions } from '../core/retry.js';
import { type TypedClient, withTypedErrors } from '../core/typed-client.js';
import { toZStackError, unwrap, type ZStackApiError } from './errors.js';
import { type ListCall, zstackPaging } from './paging.js';
import { serializeZStackQuery } from './query.js';
import { renewSession } from './renew.js';
import { createSession, errorCodeOf, SESSION, sha512Hex, type ZStackAuth } from './session.js';

export { sha512Hex, type ZStackAuth };

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

/** A ZStack 503 carrying `{"error": {...}}` is the API's final answer, not an overloaded proxy. */
export async function isZStackTransient(response: Response): Promise<boolean> {
  if (!isTransientStatus(response.status)) return false;
  return response.status !== 503 || !(await errorCodeOf(response));
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

export function createZStackClient(options: ZStackClientOptions): ZStackClient {
  const baseUrl = checkOptions(options);
  const { retry } = options;
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
  const session = createSession({
    baseUrl,
    auth: options.auth,
    transport,
    secrets,
    scrub,
    onSession: options.onSession,
  });
  const client = withTypedErrors(
    createClient<paths>({
      baseUrl,
      fetch: session.fetch,
      pathSerializer: safePathSerializer,
      querySerializer: serializeZStackQuery,
    }),
    toZStackError as (result: { response: Response }) => ZStackApiError,
  );

  async function logout(): Promise<void> {
    const uuid = await session.end();
    if (uuid === undefined) return;
    // With its own Authorization header the call skips login; failures are scrubbed like any other.
    unwrap(
      await client.DELETE('/v1/accounts/sessions/{sessionUuid}', {
        params: { path: { sessionUuid: uuid } },
        headers: { Authorization: `OAuth ${uuid}` },
      }),
    );
  }

  return Object.assign(client, {
    ...zstackPaging(client.GET as unknown as ListCall),
    logout,
    renewSession: (renew?: ZStackRenewOptions) => renewSession(client, session, baseUrl, renew),
  });
}
