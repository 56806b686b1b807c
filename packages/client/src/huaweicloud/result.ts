// Helpers over openapi-fetch results. Success is decided by `response.ok`, never by `error`: openapi-fetch
// leaves `error` undefined for an error reply without a body (openapi-fetch#1386).
import { HuaweiApiError, isHuaweiApiError } from './errors.js';

/** A result from openapi-fetch (or anything shaped like one). */
export interface ResultLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

// openapi-fetch results carry the Response only, and a Response does not know its method: the clients'
// middleware records method and URL (never headers) so error messages can name the endpoint.
const origins = new WeakMap<Response, { method: string; url: string }>();

/** @internal Records which request a reply answers. */
export function rememberRequest(response: Response, request: Pick<Request, 'method' | 'url'>): void {
  origins.set(response, { method: request.method, url: request.url });
}

/** The typed error value of a result, or undefined when the reply was a success. */
export function toHuaweiError(result: ResultLike): HuaweiApiError | undefined {
  const { response } = result;
  if (response.ok) return undefined;
  // A CBR or VBS client's results carry it already.
  if (isHuaweiApiError(result.error)) return result.error;
  return new HuaweiApiError({
    status: response.status,
    body: result.error,
    requestIdHeader: response.headers.get('X-Request-Id'),
    request: origins.get(response),
    headers: response.headers,
  });
}

/** A result whose `error` is the typed {@link HuaweiApiError} (same `{ data, error, response }` shape). */
export type HuaweiResult<R extends ResultLike> =
  | { data: Exclude<R['data'], undefined>; error?: undefined; response: Response }
  | { data?: undefined; error: HuaweiApiError; response: Response };

/** Replaces the raw error body of a result with a {@link HuaweiApiError}; a success is returned as is. */
export function withHuaweiError<R extends ResultLike>(result: R): HuaweiResult<R> {
  const error = toHuaweiError(result);
  return error
    ? { error, response: result.response }
    : { data: result.data as Exclude<R['data'], undefined>, response: result.response };
}

/** The data of a successful result; throws {@link HuaweiApiError} for any non-2xx reply. */
export function unwrap<R extends ResultLike>(result: R): Exclude<R['data'], undefined> {
  const error = toHuaweiError(result);
  if (error) throw error;
  return result.data as Exclude<R['data'], undefined>;
}

/** Alias of {@link unwrap}. */
export const orThrow: typeof unwrap = unwrap;
