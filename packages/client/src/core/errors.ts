// Errors every vendor client throws or returns. Messages name what failed and what to do, and never
// carry a secret: no header values, no passwords, no query strings (which may hold tokens).

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

/** `GET https://host/path` without the query string, for messages. */
export function describeRequest(request: Pick<Request, 'method' | 'url'>): string {
  try {
    const url = new URL(request.url);
    return `${request.method} ${url.origin}${url.pathname}`;
  } catch {
    return request.method;
  }
}

/** Bad client configuration or arguments; thrown before any request is sent. */
export class ConfigurationError extends TypeError {
  override readonly name = 'ConfigurationError';
}

export interface ApiErrorInit {
  status: number;
  vendor: string;
  code?: string | undefined;
  requestId?: string | undefined;
  request?: Pick<Request, 'method' | 'url'> | undefined;
  /** The parsed (or plain-text) body the server sent. */
  body?: unknown;
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

  constructor(message: string, init: ApiErrorInit) {
    const endpoint = init.request ? describeRequest(init.request) : undefined;
    super(endpoint ? `${message} (HTTP ${init.status}, ${endpoint})` : `${message} (HTTP ${init.status})`);
    this.status = init.status;
    this.vendor = init.vendor;
    this.code = init.code;
    this.requestId = init.requestId;
    this.endpoint = endpoint;
    this.body = init.body;
  }
}

/** The request never got a reply: connection refused or dropped, DNS failure, or per-attempt timeout. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly endpoint: string;
  readonly attempts: number;
  constructor(request: Pick<Request, 'method' | 'url'>, attempts: number, cause: unknown) {
    const endpoint = describeRequest(request);
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${endpoint} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`, { cause });
    this.endpoint = endpoint;
    this.attempts = attempts;
  }
}

/** A result from openapi-fetch: `{ data }` on success, `{ error }` otherwise, and always `response`. */
export interface FetchResult<D, E> {
  data?: D;
  error?: E;
  response: Response;
}
