// Errors every vendor client throws or returns. Messages name what failed and what to do, and never
// carry a secret: no header values, no passwords, no query strings (which may hold tokens).
//
// Each class is branded with a registered symbol, so `isApiError` & co. recognise an error made by
// another copy of this package (the CommonJS and ESM builds, or two installed versions), where
// `instanceof` cannot.

/** Request headers whose values are credentials. */
export const SECRET_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'x-auth-token',
  'x-security-token',
  'x-subject-token',
  'cookie',
  'set-cookie',
];

const BRAND = Symbol.for('@backup-specs/client:error');

type ErrorKind =
  | 'ApiError'
  | 'NetworkError'
  | 'ConfigurationError'
  | 'UnexpectedResponseError'
  | 'RedirectError'
  | 'PagingError'
  | 'ReplyTooLargeError';

const brand = (error: Error, kind: ErrorKind) => Object.defineProperty(error, BRAND, { value: kind });
const kindOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null ? (value as { [BRAND]?: unknown })[BRAND] : undefined;

/** `GET https://host/path` without the query string (and without session ids in the path), for messages. */
export function describeRequest(request: Pick<Request, 'method' | 'url'>): string {
  try {
    const url = new URL(request.url);
    // A session id in a path is a credential (ZStack's /accounts/sessions/{uuid}).
    return `${request.method} ${url.origin}${url.pathname.replace(/(\/sessions\/)[^/]+/, '$1***')}`;
  } catch {
    return request.method;
  }
}

/** Bad client configuration or arguments; thrown before any request is sent. */
export class ConfigurationError extends TypeError {
  override readonly name = 'ConfigurationError';
  constructor(message: string) {
    super(message);
    brand(this, 'ConfigurationError');
  }
}

export interface ApiErrorInit {
  status: number;
  vendor: string;
  code?: string | undefined;
  requestId?: string | undefined;
  request?: Pick<Request, 'method' | 'url'> | undefined;
  /** The parsed (or plain-text) body the server sent. */
  body?: unknown;
  /** The reply's headers (Retry-After, X-Request-Id, ...). */
  headers?: Headers | undefined;
}

// The shape shared by the three date forms RFC 9110 (5.6.7) makes a recipient accept (IMF-fixdate, RFC 850,
// asctime): a day name, the date, a time, then GMT or the year; Date.parse reads all three.
const HTTP_DATE = /^[A-Z][a-z]{2,8},? [\w -]{6,11} \d\d:\d\d:\d\d (GMT|\d{4})$/;

/**
 * Retry-After as milliseconds, or undefined when absent or not one of the two forms HTTP allows: a
 * non-negative whole number of seconds, or an HTTP date (`-5`, `+5`, `1.5`, `5,6`, `May 1` are ignored).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const date = Date.parse(/ GMT$/.test(trimmed) ? trimmed : `${trimmed} GMT`);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A non-2xx reply. Vendor clients extend it with the vendor's own error fields. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly vendor: string;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** `METHOD origin/path` of the failed request (no query string, no headers). */
  readonly endpoint: string | undefined;
  readonly body: unknown;
  /** The reply's headers (empty when unknown; left out of JSON.stringify). */
  declare readonly headers: Headers;
  /** The server's Retry-After in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, init: ApiErrorInit) {
    const endpoint = init.request ? describeRequest(init.request) : undefined;
    super(endpoint ? `${message} (HTTP ${init.status}, ${endpoint})` : `${message} (HTTP ${init.status})`);
    brand(this, 'ApiError');
    this.status = init.status;
    this.vendor = init.vendor;
    this.code = init.code;
    this.requestId = init.requestId;
    this.endpoint = endpoint;
    this.body = init.body;
    const headers = init.headers ?? new Headers();
    Object.defineProperty(this, 'headers', { value: headers, enumerable: false });
    this.retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  }

  /** The server refused the credentials (401, 403; vendors add their own codes): check them. */
  get credentialsRejected(): boolean {
    return this.status === 401 || this.status === 403;
  }

  /** The server refused the request's time (a signature dated too far from its clock): check the local clock. */
  get clockSkew(): boolean {
    return false;
  }
}

/** No usable reply: connection refused or dropped (also mid-body), DNS failure, or the per-attempt timeout. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly endpoint: string;
  readonly attempts: number;
  constructor(request: Pick<Request, 'method' | 'url'>, attempts: number, cause: unknown) {
    const endpoint = describeRequest(request);
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${endpoint} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`, { cause });
    brand(this, 'NetworkError');
    this.endpoint = endpoint;
    this.attempts = attempts;
  }
}

export interface UnexpectedResponseInit {
  request: Pick<Request, 'method' | 'url'>;
  status: number;
  contentType: string | null;
  /** The start of the body, secrets already replaced by `***`. */
  excerpt: string;
}

/**
 * A successful status with a reply the client cannot use: malformed JSON, an HTML page, an empty body where
 * the API always sends one, or a body without the fields paging needs.
 */
export class UnexpectedResponseError extends Error {
  override name = 'UnexpectedResponseError';
  readonly status: number;
  readonly endpoint: string;
  readonly contentType: string | null;
  /** Up to 200 characters of the body, with credentials replaced by `***`. */
  readonly excerpt: string;
  constructor(problem: string, init: UnexpectedResponseInit) {
    const endpoint = describeRequest(init.request);
    const shown = init.excerpt ? `; the body starts: ${JSON.stringify(init.excerpt)}` : '';
    super(
      `${endpoint} answered HTTP ${init.status} (${init.contentType ?? 'no content type'}) but ${problem}${shown}. Is baseUrl the API endpoint (not a proxy or login page)?`,
    );
    brand(this, 'UnexpectedResponseError');
    this.status = init.status;
    this.endpoint = endpoint;
    this.contentType = init.contentType;
    this.excerpt = init.excerpt;
  }
}

/** A redirect the client did not follow: to another origin (where credentials must not go) or too many hops. */
export class RedirectError extends Error {
  override name = 'RedirectError';
  readonly status: number;
  readonly endpoint: string;
  /** Origin of the redirect target (scheme, host, port: never its path or query). */
  readonly targetOrigin: string;
  constructor(
    message: string,
    init: { request: Pick<Request, 'method' | 'url'>; status: number; targetOrigin: string },
  ) {
    const endpoint = describeRequest(init.request);
    super(`${endpoint} answered HTTP ${init.status}: ${message}`);
    brand(this, 'RedirectError');
    this.status = init.status;
    this.endpoint = endpoint;
    this.targetOrigin = init.targetOrigin;
  }
}

/** The list changed under an iterator more than it can recover from, or the server pages inconsistently. */
export class PagingError extends Error {
  override name = 'PagingError';
  constructor(message: string) {
    super(message);
    brand(this, 'PagingError');
  }
}

/** A reply body larger than the client's `maxReplyBytes` (counted after decompression); not retried. */
export class ReplyTooLargeError extends Error {
  override name = 'ReplyTooLargeError';
  readonly endpoint: string;
  readonly status: number;
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;
  constructor(request: Pick<Request, 'method' | 'url'>, status: number, limitBytes: number) {
    const endpoint = describeRequest(request);
    super(`${endpoint} answered HTTP ${status} with a body over ${limitBytes} bytes (maxReplyBytes): not read`);
    brand(this, 'ReplyTooLargeError');
    this.endpoint = endpoint;
    this.status = status;
    this.limitBytes = limitBytes;
  }
}

/** True for any error reply of any vendor client (ZStackApiError, HuaweiApiError), from any copy of this package. */
export const isApiError = (value: unknown): value is ApiError => kindOf(value) === 'ApiError';
export const isNetworkError = (value: unknown): value is NetworkError => kindOf(value) === 'NetworkError';
export const isConfigurationError = (value: unknown): value is ConfigurationError =>
  kindOf(value) === 'ConfigurationError';
export const isUnexpectedResponseError = (value: unknown): value is UnexpectedResponseError =>
  kindOf(value) === 'UnexpectedResponseError';
export const isRedirectError = (value: unknown): value is RedirectError => kindOf(value) === 'RedirectError';
export const isPagingError = (value: unknown): value is PagingError => kindOf(value) === 'PagingError';
export const isReplyTooLargeError = (value: unknown): value is ReplyTooLargeError =>
  kindOf(value) === 'ReplyTooLargeError';

/** A result from openapi-fetch: `{ data }` on success, `{ error }` otherwise, and always `response`. */
export interface FetchResult<D, E> {
  data?: D;
  error?: E;
  response: Response;
}
