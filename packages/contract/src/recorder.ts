// The transport the contract suite gives the clients (their `fetch` option). It records every exchange,
// validates every response against the bundle (ajv), collects what Prism reports in `sl-violations`,
// and can (a) redirect requests to a validating proxy while the client keeps the real endpoint as its
// base URL (so an AK/SK signature still covers the real host), and (b) add a `Prefer` header to
// chosen requests when the target is a mock (never in live mode: real servers must not see it).
import type { ResponseValidator } from '@backup-specs/mock';

export interface Exchange {
  method: string;
  /** Path relative to the client's base URL, as in the spec (`/v1/cbt-task`). */
  path: string;
  /** The query string, for messages (never headers). */
  search: string;
  status: number;
  contentType: string | null;
  body: string;
  /** Prism's `sl-violations` (request and response), as `location: message`. */
  violations: string[];
  /** ajv's findings against the bundle. */
  schemaProblems: string[];
  /**
   * Set when Prism answered itself instead of the spec or the upstream (`VIOLATIONS` with --errors,
   * `NO_PATH_MATCHED_ERROR`, an unreachable upstream, ...): its problem type and detail.
   */
  prismError: string | undefined;
}

export type PreferRule = (request: Request, path: string) => string | undefined;

export interface RecorderOptions {
  /** The base URL the client is configured with. */
  baseUrl: string;
  validator: ResponseValidator;
  /** Send the requests here instead (origin of a Prism proxy that serves the spec's unprefixed paths). */
  redirectTo?: string;
  /** Whether `prefer()` rules apply (mock targets only). */
  allowPrefer: boolean;
  fetch?: (request: Request) => Promise<Response>;
}

export interface Recorder {
  fetch: (request: Request) => Promise<Response>;
  exchanges: Exchange[];
  /** Runs `fn` with a rule adding `Prefer` to matching requests (ignored unless allowPrefer). */
  withPrefer<T>(rule: PreferRule, fn: () => Promise<T>): Promise<T>;
}

function parseViolations(header: string | null): string[] {
  if (!header) return [];
  try {
    const list = JSON.parse(header) as { location?: string[]; message?: string }[];
    return list.map((v) => `${(v.location ?? []).join('.')}: ${v.message ?? ''}`);
  } catch {
    return [header.slice(0, 500)];
  }
}

export function createRecorder(options: RecorderOptions): Recorder {
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const exchanges: Exchange[] = [];
  let rule: PreferRule | undefined;

  const recorderFetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
    let outgoing = request;
    const prefer = options.allowPrefer && rule ? rule(request, path) : undefined;
    if (prefer || options.redirectTo) {
      const headers = new Headers(request.headers);
      if (prefer) headers.set('prefer', prefer);
      const target = options.redirectTo ? `${options.redirectTo.replace(/\/+$/, '')}${path}${url.search}` : request.url;
      outgoing = new Request(target, {
        method: request.method,
        headers,
        body: request.body ? await request.clone().arrayBuffer() : null,
        signal: request.signal,
      });
    }
    const response = await send(outgoing);
    const body = await response.clone().text();
    const contentType = response.headers.get('content-type');
    const prismError = prismProblem(contentType, body);
    exchanges.push({
      method: request.method,
      path,
      search: url.search,
      status: response.status,
      contentType,
      body,
      violations: parseViolations(response.headers.get('sl-violations')),
      // Prism's own answer is not the upstream's (or the spec's) reply: there is nothing to validate.
      schemaProblems: prismError
        ? []
        : options.validator.check({ method: request.method, path, status: response.status, contentType, body }),
      prismError,
    });
    return response;
  };

  return {
    fetch: recorderFetch,
    exchanges,
    async withPrefer(next, fn) {
      const previous = rule;
      rule = next;
      try {
        return await fn();
      } finally {
        rule = previous;
      }
    },
  };
}

const PRISM_ERRORS = 'https://stoplight.io/prism/errors#';

function prismProblem(contentType: string | null, body: string): string | undefined {
  if (!contentType?.startsWith('application/problem+json')) return undefined;
  try {
    const problem = JSON.parse(body) as { type?: string; detail?: string };
    if (!problem.type?.startsWith(PRISM_ERRORS)) return undefined;
    return `${problem.type.slice(PRISM_ERRORS.length)}: ${problem.detail ?? ''}`;
  } catch {
    return undefined;
  }
}

/** One line per problem of the exchanges: Prism's violations, Prism's own errors, ajv's schema findings. */
export function exchangeProblems(exchanges: readonly Exchange[]): string[] {
  return exchanges.flatMap((exchange) => {
    const answer = exchange.prismError ? `Prism ${exchange.status} instead of the reply` : String(exchange.status);
    const where = `${exchange.method} ${exchange.path}${exchange.search} -> ${answer}`;
    // VIOLATIONS only says "see the violations", which are listed one by one.
    const own =
      exchange.prismError && !exchange.prismError.startsWith('VIOLATIONS')
        ? [`${where}: Prism: ${exchange.prismError}`]
        : [];
    return [
      ...own,
      ...exchange.violations.map((v) => `${where}: Prism: ${v}`),
      ...exchange.schemaProblems.map((p) => `${where}: schema: ${p.replace(/^\S+ \S+ \d+: /, '')}`),
    ];
  });
}
