// The transport every client gives openapi-fetch as its `fetch` (openapi-fetch itself never retries, #1122,
// and middleware cannot re-send, #2075). Per attempt it:
// - follows redirects itself (`redirect: "manual"`): only to the base URL's origin or origins the caller
//   allowed, a bounded number of hops, re-authenticated through `onRedirect`; never with a login, logout or
//   renew request (`pinned`) to another origin. Node's own fetch would send X-Auth-Token, X-Security-Token
//   and a 307's body to any origin a server names.
// - reads the whole body under the attempt's timeout, so a stall or a cut-off body is a NetworkError (and is
//   retried for idempotent methods), and releases its timer and signal link as soon as the reply is complete.
// Only idempotent methods are retried: on network errors, timeouts, 408, 429 and transient 5xx, with
// exponential backoff and full jitter, honouring Retry-After, stopped at once by the caller's AbortSignal.
import { BufferedResponse, type Scrub } from './buffered-response.js';
import { ConfigurationError, NetworkError, parseRetryAfter, RedirectError, ReplyTooLargeError } from './errors.js';

export { parseRetryAfter };

export interface RetryOptions {
  /** Total attempts including the first; 1 disables retries. An integer from 1 to 20. Default 3. */
  attempts?: number;
  /** First backoff cap in ms; doubles every retry (full jitter draws from [0, cap)). 0 to 600 000. Default 200. */
  baseDelayMs?: number;
  /** Upper bound for any wait, 0 to 3 600 000 ms. A longer Retry-After is not waited for: the reply is returned. Default 10 000. */
  maxDelayMs?: number;
  /** Per-attempt timeout in ms (connect, headers and the whole body); 0 disables. 0 to 2 147 483 647. Default 30 000. */
  timeoutMs?: number;
  /** Decides whether a reply is worth another attempt. Default: {@link isTransientStatus}. */
  isTransient?: (response: Response) => boolean | Promise<boolean>;
  /** Methods that may be repeated. Default GET, HEAD, OPTIONS, PUT, DELETE. */
  idempotentMethods?: readonly string[];
  /** Called before every retry (for logging or metrics); receives no secrets. */
  onRetry?: (event: RetryEvent) => void;
  /** Injected for tests. */
  fetch?: (request: Request) => Promise<Response>;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RedirectOptions {
  /**
   * Origins other than the base URL's that redirects may lead to, e.g. `["https://backup.example.com"]`.
   * Credentials (re-signed for AK/SK) go there too; login, logout and renew requests never do.
   */
  allowedOrigins?: readonly string[];
  /** Redirects followed per attempt, 0 to 20 (0 refuses every redirect). Default 5. */
  max?: number;
}

/** What the vendor clients add to the retry options. */
export interface TransportOptions extends RetryOptions {
  redirects?: RedirectOptions | undefined;
  /** The base URL: redirects may stay on its origin. Default: each request's own origin. */
  baseUrl?: string;
  /** Authenticates the request for a redirect target again (AK/SK signatures cover the host and path). */
  onRedirect?: ((request: Request) => Request | Promise<Request>) | undefined;
  /** Requests that carry credentials in their body or URL: never sent to another origin, even an allowed one. */
  pinned?: ((request: Request) => boolean) | undefined;
  /** Removes secrets from body excerpts in error messages. */
  scrub?: Scrub | undefined;
  /** Largest reply body read, in bytes after decompression (see {@link DEFAULT_MAX_REPLY_BYTES}). */
  maxReplyBytes?: number | undefined;
}

/** The transport's defaults (the READMEs state them; test/core/defaults.test.ts holds them to it). */
export const RETRY_DEFAULTS: {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly maxRedirects: number;
} = { attempts: 3, baseDelayMs: 200, maxDelayMs: 10_000, timeoutMs: 30_000, maxRedirects: 5 };

/** Default largest reply body: 64 MiB, ten times a full 10,000-item ZStack page. */
export const DEFAULT_MAX_REPLY_BYTES: number = 64 * 1024 * 1024;
/** The largest `maxReplyBytes` allowed: 256 MiB, well below the longest string V8 can decode JSON from. */
const MAX_REPLY_BYTES_LIMIT = 256 * 1024 * 1024;

/** Validates a client's `maxReplyBytes` option. */
function checkMaxReplyBytes(value: unknown): number {
  return checkNumber('maxReplyBytes', value, DEFAULT_MAX_REPLY_BYTES, 1024, MAX_REPLY_BYTES_LIMIT, true);
}

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  reason: string;
  method: string;
}

export const DEFAULT_IDEMPOTENT_METHODS: readonly string[] = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'];

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const show = (value: unknown) => (typeof value === 'number' ? String(value) : typeof value);

/** A number option: undefined gives the default; anything but a finite number in range is a ConfigurationError. */
export function checkNumber(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
  integer = false,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new ConfigurationError(
      `${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got ${show(value)}); leave it out for the default, ${fallback}.`,
    );
  }
  return value;
}

function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') throw new ConfigurationError(`${name} must be a function.`);
}

function checkOrigins(value: unknown): Set<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value)) throw new ConfigurationError('redirects.allowedOrigins must be an array of origins.');
  return new Set(
    value.map((entry) => {
      let url: URL | undefined;
      try {
        url = typeof entry === 'string' ? new URL(entry) : undefined;
      } catch {}
      if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
        throw new ConfigurationError(
          'redirects.allowedOrigins must hold origins only (no path or credentials), like "https://backup.example.com".',
        );
      }
      return url.origin;
    }),
  );
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts, whether or not the
 * work behind the promise heard the abort: an injected fetch may ignore it, and undici links a
 * `new Request(request, { signal })` to that signal only weakly, so after a garbage collection the abort
 * may never reach it. The listener is removed when either settles.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const EMPTY = new Uint8Array(0);

/**
 * The whole body, read chunk by chunk (decompressed, as fetch hands it over) and given up past `limit`
 * bytes or when `signal` aborts (the stream is cancelled, so the connection is released).
 */
async function readBody(response: Response, signal: AbortSignal, limit: number, tooLarge: () => Error, race: boolean) {
  const declared = response.headers.get('content-encoding')
    ? Number.NaN
    : Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return EMPTY;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      // (The built-in fetch hears the signal itself: its stream fails on the abort. An injected one may not.)
      const { done, value } = await (race ? untilAborted(reader.read(), signal) : reader.read());
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw tooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

interface Chain {
  /** The origin redirects may stay on (the base URL's, or the first request's). */
  origin: string;
  /** The first request carries credentials: no hop of its chain may leave `origin`. */
  pinned: boolean;
  /** What the next hop sends (none once a 303 made the chain a GET). */
  body: ArrayBuffer | undefined;
}

// Failed attempts worth another try; anything else (RedirectError, the caller's abort) ends the call.
class AttemptFailure extends Error {}

const isRedirect = (status: number) =>
  status === 301 || status === 302 || status === 303 || status === 307 || status === 308;

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}

/** A transport's settings, validated once (createRetryFetch), read by every call. */
interface Transport {
  attempts: number;
  maxDelayMs: number;
  timeoutMs: number;
  maxHops: number;
  allowed: Set<string>;
  baseOrigin: string | undefined;
  maxReplyBytes: number;
  idempotent: Set<string>;
  isTransient: (response: Response) => boolean | Promise<boolean>;
  send: (request: Request, signal: AbortSignal) => Promise<Response>;
  /** The transport is an injected fetch (which may not hear the abort signal). */
  injected: boolean;
  backoff: (retry: number) => number;
  wait: (ms: number, signal?: AbortSignal) => Promise<void>;
  options: TransportOptions;
}

function checkMethods(value: unknown): Set<string> {
  const methods = value ?? DEFAULT_IDEMPOTENT_METHODS;
  if (!Array.isArray(methods) || methods.some((method) => typeof method !== 'string')) {
    throw new ConfigurationError('retry.idempotentMethods must be an array of HTTP method names.');
  }
  return new Set(methods.map((method: string) => method.toUpperCase()));
}

/**
 * Global fetch takes the signal and redirect mode as init (no extra Request on the hot path); an injected
 * fetch takes one argument, so it gets a Request carrying them. undici links that Request to the signal
 * weakly: it is held until the call settles (else, once collected, the abort would never reach the
 * connection, which stays open), and the wait for it ends on the abort itself whatever the fetch does.
 */
function senderOf(injected: TransportOptions['fetch']): Transport['send'] {
  if (!injected) return (request, signal) => globalThis.fetch(request, { signal, redirect: 'manual' });
  const held = new Set<Request>();
  return async (request, signal) => {
    const forwarded = new Request(request, { signal, redirect: 'manual' });
    held.add(forwarded);
    try {
      return await untilAborted(injected(forwarded), signal);
    } finally {
      held.delete(forwarded);
    }
  };
}

function transportOf(options: TransportOptions): Transport {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('retry must be an object.');
  const baseDelayMs = checkNumber('retry.baseDelayMs', options.baseDelayMs, RETRY_DEFAULTS.baseDelayMs, 0, 600_000);
  const maxDelayMs = checkNumber('retry.maxDelayMs', options.maxDelayMs, RETRY_DEFAULTS.maxDelayMs, 0, 3_600_000);
  for (const name of ['isTransient', 'onRetry', 'fetch', 'random', 'sleep'] as const) {
    checkFunction(`retry.${name}`, options[name]);
  }
  const redirects = options.redirects ?? {};
  if (typeof redirects !== 'object' || redirects === null) throw new ConfigurationError('redirects must be an object.');
  const random = options.random ?? Math.random;
  return {
    attempts: checkNumber('retry.attempts', options.attempts, RETRY_DEFAULTS.attempts, 1, 20, true),
    maxDelayMs,
    timeoutMs: checkNumber('retry.timeoutMs', options.timeoutMs, RETRY_DEFAULTS.timeoutMs, 0, 2_147_483_647),
    maxHops: checkNumber('redirects.max', redirects.max, RETRY_DEFAULTS.maxRedirects, 0, 20, true),
    allowed: checkOrigins(redirects.allowedOrigins),
    baseOrigin: options.baseUrl ? new URL(options.baseUrl).origin : undefined,
    maxReplyBytes: checkMaxReplyBytes(options.maxReplyBytes),
    idempotent: checkMethods(options.idempotentMethods),
    isTransient: options.isTransient ?? ((response) => isTransientStatus(response.status)),
    send: senderOf(options.fetch),
    injected: options.fetch !== undefined,
    backoff: (retry) => Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1))),
    wait: options.sleep ?? sleep,
    options,
  };
}

/**
 * The next request of a redirect chain, as the Fetch standard builds it (303, and 301/302 after POST,
 * become GET), or undefined when the 3xx itself is the answer (no usable Location). Whether a hop may
 * leave the origin is decided for the whole chain from its first request, so a same-origin hop in between
 * cannot launder a login; a 303 turns the rest of the chain into bodiless GETs.
 */
async function follow(t: Transport, from: Request, response: Response, chain: Chain, hop: number) {
  const location = response.headers.get('location');
  if (location === null) return undefined;
  let target: URL;
  try {
    target = new URL(location, from.url);
  } catch {
    return undefined;
  }
  const refuse = (why: string) =>
    new RedirectError(why, { request: from, status: response.status, targetOrigin: target.origin });
  if (!/^https?:$/.test(target.protocol)) throw refuse(`a redirect to a ${target.protocol} URL was not followed`);
  if (target.username || target.password)
    throw refuse('a redirect to a URL with a user name or password was not followed');
  const foreign = target.origin !== chain.origin;
  if (foreign && !t.allowed.has(target.origin)) {
    throw refuse(
      `a redirect to another origin (${target.origin}) was not followed (credentials stay on ${chain.origin}); to trust it, list it in redirects.allowedOrigins`,
    );
  }
  if (foreign && chain.pinned)
    throw refuse(`a redirect to ${target.origin} was not followed: the request carries credentials`);
  if (hop >= t.maxHops) {
    throw refuse(`more than ${t.maxHops} redirects (redirects.max); the last one pointed to ${target.origin}`);
  }
  await response.body?.cancel().catch(() => undefined);
  const toGet =
    (response.status === 303 && from.method !== 'GET' && from.method !== 'HEAD') ||
    ((response.status === 301 || response.status === 302) && from.method === 'POST');
  const headers = new Headers(from.headers);
  if (toGet) for (const name of ['content-type', 'content-length', 'content-encoding']) headers.delete(name);
  if (toGet) chain.body = undefined;
  const next = new Request(target, {
    method: toGet ? 'GET' : from.method,
    headers,
    body: chain.body,
    redirect: 'manual',
  });
  return t.options.onRedirect ? t.options.onRedirect(next) : next;
}

/** One attempt's signal: the caller's, or (with a timeout) one that the timer and the caller abort. */
function attemptSignal(t: Transport, caller: AbortSignal) {
  if (t.timeoutMs <= 0) return { signal: caller, timedOut: () => false, release: () => undefined };
  // (A listener on the caller's signal, removed on release: cheaper than AbortSignal.any on Node 20.)
  const controller = new AbortController();
  const onAbort = () => controller.abort(caller.reason);
  caller.addEventListener('abort', onAbort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no reply within ${t.timeoutMs} ms`, 'TimeoutError'));
  }, t.timeoutMs);
  const release = () => {
    clearTimeout(timer);
    caller.removeEventListener('abort', onAbort);
  };
  return { signal: controller.signal, timedOut: () => timedOut, release };
}

/** The reply with its whole body read under the attempt's signal; a stall or cut-off is an AttemptFailure. */
async function buffered(t: Transport, response: Response, request: Request, hop: number, attempt: Attempt) {
  let bytes: Uint8Array;
  try {
    const tooLarge = () => new ReplyTooLargeError(request, response.status, t.maxReplyBytes);
    bytes = await readBody(response, attempt.signal, t.maxReplyBytes, tooLarge, t.injected);
  } catch (error) {
    if (attempt.caller.aborted) throw abortError(attempt.caller);
    if (error instanceof ReplyTooLargeError) throw error;
    const what = `the reply (HTTP ${response.status}) started, but its body`;
    throw new AttemptFailure(
      attempt.timedOut()
        ? `${what} was not complete within ${t.timeoutMs} ms (stalled)`
        : `${what} was cut off: ${reasonOf(error)}`,
      { cause: error },
    );
  }
  return new BufferedResponse(bytes, response, request, t.options.scrub, hop > 0);
}

interface Attempt {
  caller: AbortSignal;
  signal: AbortSignal;
  timedOut: () => boolean;
}

async function attempt(t: Transport, request: Request, body: ArrayBuffer | undefined, caller: AbortSignal) {
  const { signal, timedOut, release } = attemptSignal(t, caller);
  try {
    const chain: Chain = {
      origin: t.baseOrigin ?? new URL(request.url).origin,
      pinned: t.options.pinned?.(request) ?? false,
      body,
    };
    let current = body === undefined ? request : new Request(request, { body });
    for (let hop = 0; ; hop += 1) {
      let response: Response;
      try {
        response = await t.send(current, signal);
      } catch (error) {
        if (caller.aborted) throw abortError(caller);
        throw new AttemptFailure(timedOut() ? `no reply within ${t.timeoutMs} ms` : reasonOf(error), { cause: error });
      }
      if (response.type === 'opaqueredirect') {
        throw new RedirectError('a redirect hidden from scripts (browser) was not followed', {
          request: current,
          status: 0,
          targetOrigin: 'unknown',
        });
      }
      const next = isRedirect(response.status) ? await follow(t, current, response, chain, hop) : undefined;
      if (!next) return await buffered(t, response, current, hop, { caller, signal, timedOut });
      current = next;
    }
  } finally {
    release();
  }
}

/** One call: attempts, with backoff between them, for idempotent methods on failures and transient replies. */
async function retrying(t: Transport, request: Request): Promise<Response> {
  const caller = request.signal;
  const maxAttempts = t.idempotent.has(request.method.toUpperCase()) ? t.attempts : 1;
  // Read once: every attempt and every 307/308 hop sends the same bytes.
  // (From a clone: the caller's Request stays unread, so middleware may still re-send it.)
  const body = request.body ? await request.clone().arrayBuffer() : undefined;
  const retry = async (attemptNo: number, delayMs: number, reason: string) => {
    t.options.onRetry?.({ attempt: attemptNo, delayMs, reason, method: request.method });
    await t.wait(delayMs, caller);
  };
  for (let attemptNo = 1; ; attemptNo += 1) {
    if (caller.aborted) throw abortError(caller);
    let response: Response;
    try {
      response = await attempt(t, request, body, caller);
    } catch (error) {
      if (!(error instanceof AttemptFailure)) throw error;
      if (attemptNo >= maxAttempts) throw new NetworkError(request, attemptNo, error);
      await retry(attemptNo, t.backoff(attemptNo), error.message);
      continue;
    }
    if (attemptNo >= maxAttempts || response.ok || !(await t.isTransient(response))) return response;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    // The server asked for a longer pause than we are allowed to wait: hand its reply to the caller.
    if (retryAfter !== undefined && retryAfter > t.maxDelayMs) return response;
    await retry(attemptNo, retryAfter ?? t.backoff(attemptNo), `HTTP ${response.status}`);
  }
}

export function createRetryFetch(options: TransportOptions = {}): (request: Request) => Promise<Response> {
  const transport = transportOf(options);
  return (request) => retrying(transport, request);
}
