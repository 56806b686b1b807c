// openapi-fetch results with the vendor's typed error: on a non-2xx reply `error` is always the vendor's
// ApiError subclass (never `undefined` or `""`, which an empty or plain-text body would give), so
// openapi-fetch's `if (error)` idiom narrows `data`; a 2xx without a body (every success these APIs
// declare has one; a bodiless 202 is `{}`) throws UnexpectedResponseError instead of returning `data: undefined`.
import type { Client, FetchResponse, MaybeOptionalInit, ParseAs } from 'openapi-fetch';
import { unexpectedReply } from './buffered-response.js';
import { ConfigurationError } from './errors.js';

type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
type Media = `${string}/${string}`;
type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: unknown } ? P : never;
}[keyof Paths];
type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
// As openapi-fetch's own (not exported) InitParam: the init argument is optional when nothing in it is required.
type InitParam<Init> =
  RequiredKeys<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207 | '2XX';
type JsonOf<R> = R extends { content: { 'application/json': infer D } } ? D : never;
// The success body as generated. (openapi-fetch's own data type passes it through `Readable`, which maps
// `string & {}`, the open-enum member, into an object type.)
type OkData<Operation> = Operation extends { responses: infer R }
  ? { [S in keyof R & OkStatus]: JsonOf<R[S]> }[keyof R & OkStatus]
  : never;

/** `{ data }` on success, `{ error: E }` (the vendor's ApiError) otherwise, and always `response`. */
export type TypedResult<Operation extends Record<string | number, unknown>, Init, E> =
  | {
      data: Init extends { parseAs: ParseAs }
        ? Exclude<FetchResponse<Operation, Init, Media>['data'], undefined>
        : OkData<Operation>;
      error?: never;
      response: Response;
    }
  | { data?: never; error: E; response: Response };

type Operation<Item, M extends HttpMethod> = Item extends { [K in M]: infer O extends Record<string | number, unknown> }
  ? O
  : never;

export type TypedMethod<Paths extends {}, M extends HttpMethod, E> = <
  Path extends PathsWith<Paths, M>,
  Init extends MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<TypedResult<Operation<Paths[Path], M>, Init, E>>;

/** openapi-fetch's Client with the vendor's error type in every result. */
export interface TypedClient<Paths extends {}, E>
  extends Omit<Client<Paths>, 'request' | 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE'> {
  request<
    M extends HttpMethod,
    Path extends PathsWith<Paths, M>,
    Init extends MaybeOptionalInit<Paths[Path], M & keyof Paths[Path]>,
  >(method: M, url: Path, ...init: InitParam<Init>): Promise<TypedResult<Operation<Paths[Path], M>, Init, E>>;
  GET: TypedMethod<Paths, 'get', E>;
  PUT: TypedMethod<Paths, 'put', E>;
  POST: TypedMethod<Paths, 'post', E>;
  DELETE: TypedMethod<Paths, 'delete', E>;
  OPTIONS: TypedMethod<Paths, 'options', E>;
  HEAD: TypedMethod<Paths, 'head', E>;
  PATCH: TypedMethod<Paths, 'patch', E>;
  TRACE: TypedMethod<Paths, 'trace', E>;
}

interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}
type Call = (...args: unknown[]) => Promise<RawResult>;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * Runs one call on a signal of its own that the caller's signal aborts, through one listener removed when
 * the call settles. Every Request built on a signal adds an abort listener to it that only garbage
 * collection removes: on a signal shared by a long listing they would pile up (past 1,500 Node warns).
 */
function withOwnSignal(init: unknown, run: (init: unknown) => Promise<RawResult>): Promise<RawResult> {
  const signal = (init as { signal?: unknown } | undefined)?.signal;
  if (!(signal instanceof AbortSignal)) return run(init);
  const own = new AbortController();
  const onAbort = () => own.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return run({ ...(init as object), signal: own.signal }).finally(() => signal.removeEventListener('abort', onAbort));
}

// encodeURIComponent's URIError for a lone surrogate in a query value (the URL is built from the
// caller's parameters, before anything is sent) becomes the ConfigurationError it is.
const unencodable = (method: string, url: unknown) => (error: unknown) => {
  if (!(error instanceof URIError)) throw error;
  throw new ConfigurationError(
    `${method.toUpperCase()} ${String(url)}: a parameter is not well-formed Unicode (lone surrogate)`,
  );
};

/** Wraps the client's methods in place; `toError` turns a non-2xx result into the vendor's error. */
export function withTypedErrors<Paths extends {}, E>(
  client: Client<Paths>,
  toError: (result: RawResult) => E,
): TypedClient<Paths, E> {
  const finish = (method: string, result: RawResult, init: unknown): RawResult => {
    const { response } = result;
    if (!response.ok) return { error: toError(result), response };
    const parseAs = (init as { parseAs?: unknown } | undefined)?.parseAs;
    // Every success body these APIs declare is a JSON object: `null`, `42` or `[]` is not a reply to use.
    const { data } = result;
    if (
      (parseAs === undefined || parseAs === 'json') &&
      data !== undefined &&
      (typeof data !== 'object' || data === null || Array.isArray(data))
    ) {
      throw unexpectedReply(response, 'the body is JSON but not an object');
    }
    // 202 Accepted may come without a body (ZStack's "job still running" in older releases): nothing yet.
    if (result.data === undefined && response.status === 202) return { data: {}, response };
    if (result.data === undefined && response.status !== 204 && method.toUpperCase() !== 'HEAD') {
      throw unexpectedReply(response, 'the body is empty where the API always sends JSON');
    }
    return result;
  };
  const methods = client as unknown as Record<string, Call>;
  for (const method of METHODS) {
    const call = methods[method] as Call;
    methods[method] = (url, init) =>
      withOwnSignal(init, (own) => call(url, own)).then((r) => finish(method, r, init), unencodable(method, url));
  }
  const request = methods.request as Call;
  methods.request = (method, url, init) =>
    withOwnSignal(init, (own) => request(method, url, own)).then(
      (result) => finish(String(method), result, init),
      unencodable(String(method), url),
    );
  return client as unknown as TypedClient<Paths, E>;
}
