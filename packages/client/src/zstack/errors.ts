// ZStack's failures: the API's own errors come as HTTP 503 `{"error": ErrorCode}` (invalid session,
// permission denied, bad argument, internal error); bad request syntax as a plain-text 400; unknown
// paths and methods as 404/405.
import { ApiError, isApiError } from '../core/errors.js';

/** ZStack's ErrorCode. Every field but `code` may be absent or null; `cause` is the root cause. */
export interface ZStackErrorCode {
  code: string;
  description?: string | null;
  details?: string | null;
  elaboration?: string | null;
  location?: string | null;
  cost?: string | null;
  opaque?: Record<string, unknown> | null;
  cause?: ZStackErrorCode | null;
  causes?: ZStackErrorCode[] | null;
}

/** A result from openapi-fetch (or anything shaped like one). */
export interface ResultLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

// Where a failed reply came from (method and URL), recorded by the client's transport: an openapi-fetch
// result carries the Response only, and Response does not know its method. Messages show it through the
// core's describeRequest, which drops the query string and cuts session ids out of the path.
const origins = new WeakMap<Response, { method: string; url: string }>();

/** @internal Records the request a (failed) reply answers, for error messages. */
export function rememberOrigin(response: Response, request: Pick<Request, 'method' | 'url'>): Response {
  origins.set(response, { method: request.method, url: request.url });
  return response;
}

/** The ErrorCode in a ZStack error body (`{"error": {...}}`), if that is what the body is. */
export function zstackErrorCode(body: unknown): ZStackErrorCode | undefined {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === 'string' ? (error as ZStackErrorCode) : undefined;
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const clip = (value: string) => (value.length > 300 ? `${value.slice(0, 300)}...` : value);

/** A non-2xx reply from ZStack, with the vendor's ErrorCode fields when the body carried one. */
export class ZStackApiError extends ApiError {
  override name = 'ZStackApiError';
  /** Human-readable summary (for a plain-text 400: the server's text). */
  readonly description: string | undefined;
  readonly details: string | undefined;
  readonly elaboration: string | undefined;
  /** The whole ErrorCode as sent (cause chain included); undefined for a plain-text reply. */
  readonly errorCode: ZStackErrorCode | undefined;
  /** The root cause ErrorCode (`error.cause`), which may have its own `cause`. */
  override readonly cause: ZStackErrorCode | undefined;
  /** `error.causes`, when the server sent several. */
  readonly causes: readonly ZStackErrorCode[];

  constructor(status: number, body: unknown, request?: Pick<Request, 'method' | 'url'>, headers?: Headers) {
    const errorCode = zstackErrorCode(body);
    const description = errorCode
      ? str(errorCode.description)
      : typeof body === 'string'
        ? str(body.trim())
        : undefined;
    const details = str(errorCode?.details);
    const code = errorCode?.code;
    const summary = [description && clip(description), details && details !== description && clip(details)].filter(
      Boolean,
    );
    super(`ZStack ${code ? `error ${code}` : 'request failed'}${summary.length ? `: ${summary.join(': ')}` : ''}`, {
      status,
      vendor: 'zstack',
      code,
      request,
      body,
      headers,
    });
    this.description = description;
    this.details = details;
    this.elaboration = str(errorCode?.elaboration);
    this.errorCode = errorCode;
    this.cause = errorCode?.cause ?? undefined;
    this.causes = errorCode?.causes ?? [];
  }

  /** 401/403, or ZStack's wrong credentials (`ID.1000`), invalid or expired session (`ID.1001`), permission denied (`ID.1002`). */
  override get credentialsRejected(): boolean {
    return super.credentialsRejected || /^ID\.100[012]$/.test(this.code ?? '');
  }

  /** The chain from this error's ErrorCode down to the root cause. */
  chain(): ZStackErrorCode[] {
    const chain: ZStackErrorCode[] = [];
    for (let node = this.errorCode; node && chain.length < 32; node = node.cause ?? undefined) chain.push(node);
    return chain;
  }
}

/** True for a ZStackApiError from any copy of this package (CommonJS or ESM build). */
export const isZStackApiError = (value: unknown): value is ZStackApiError =>
  isApiError(value) && value.vendor === 'zstack';

/** The typed error value for a result, or undefined when the reply was a success (decided by `response.ok`). */
export function toZStackError(result: ResultLike): ZStackApiError | undefined {
  const { response } = result;
  if (response.ok) return undefined;
  // A ZStack client's results carry it already.
  if (isZStackApiError(result.error)) return result.error;
  // The endpoint is known for replies that came through a ZStack client (its middleware records it).
  return new ZStackApiError(response.status, result.error, origins.get(response), response.headers);
}

/** The data of a successful result; throws {@link ZStackApiError} for any non-2xx reply. */
export function unwrap<R extends ResultLike>(result: R): Exclude<R['data'], undefined> {
  const error = toZStackError(result);
  if (error) throw error;
  return result.data as Exclude<R['data'], undefined>;
}

/** Alias of {@link unwrap}. */
export const orThrow: typeof unwrap = unwrap;
