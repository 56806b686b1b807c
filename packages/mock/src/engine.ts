// The mock itself: Prism's HTTP core (@stoplight/prism-http) on the document derived from a vendor's bundle,
// as a function from a fetch `Request` to a `Response`. The in-process `fetch`, the HTTP servers of
// `pnpm mock` / `startMock()` and the validating proxy of `pnpm contract` are all this one code path.
// What it adds to Prism: bad requests answered in the vendor's format naming the cause (invalid-request.ts),
// one log line per rejected request (method, path, violations; never a header or query value), reload.
import { createRequire } from 'node:module';
import {
  createInstance,
  getHttpOperationsFromSpec,
  type IHttpConfig,
  type IHttpRequest,
  type IHttpResponse,
  ProblemJsonError,
  UNPROCESSABLE_ENTITY,
  VIOLATIONS,
} from '@stoplight/prism-http';
import { deriveProxyDocument, type JsonObject } from './derive.js';
import { ensureDerived, readBundle } from './documents.js';
import { invalidRequestAnswer, rule, type Violation } from './invalid-request.js';
import { MockError, parseVendor, type Vendor, type VendorInfo, vendorInfo } from './vendors.js';

export interface MockEngineOptions {
  /** Generate bodies from the schemas instead of answering with the named examples. */
  dynamic?: boolean;
  /** Makes dynamic bodies repeatable. */
  seed?: string;
  /** Answer invalid requests with the vendor's 400 (default true, as the servers do). */
  validateRequest?: boolean;
  /** Check credentials are present (default true, as the servers do). */
  checkSecurity?: boolean;
  /**
   * Proxy mode (`pnpm contract`): forward each valid request to this upstream and check its reply against the
   * spec; a reply that breaks it becomes Prism's 500 `VIOLATIONS` problem (the CLI's `prism proxy --errors`).
   */
  upstream?: string;
  /** Each rejected request; `line` reads `GET /zstack/v1/cbt-task 400 query.limit must be integer`. */
  onRejected?: (rejection: Rejection) => void;
}

/** A request the mock rejected: where, the status answered, and why (never a header or query value). */
export interface Rejection {
  method: string;
  /** The path, without its query string. */
  path: string;
  status: number;
  reasons: string[];
  /** All of it on one line, for logs. */
  line: string;
}

export interface MockEngine {
  vendor: Vendor;
  /**
   * Answers one request (a failure inside Prism is a 500 problem+json); rejects only with the MockError of a
   * document that cannot be loaded (no bundle: run `pnpm build`).
   */
  handle(request: Request): Promise<Response>;
  /** Loads the document now (the first request would otherwise); rejects with a MockError if it cannot. */
  ready(): Promise<void>;
  /** Re-derives from the bundle; on failure keeps serving the last good document and rejects. */
  reload(): Promise<void>;
}

type Either<L, R> = { _tag: 'Left'; left: L } | { _tag: 'Right'; right: R };
type Diagnostic = Violation & { severity: number };
type PrismOutput = { output: IHttpResponse; validations: { input: Diagnostic[]; output: Diagnostic[] } };
type PrismError = Error & { status?: number; additional?: { headers?: Record<string, string> } };
type Operations = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>;

// Prism wants a pino logger; ours discards everything (its request logs would carry credentials).
const silentLogger: unknown = new Proxy(
  {},
  {
    get: (_target, property) =>
      property === 'child' ? () => silentLogger : property === 'level' ? 'silent' : () => undefined,
  },
);

const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];
const MAX_VIOLATION_HEADER = 8 * 1024 - 100;

/** Prism's `Prefer` header: `code=503, example=Name, dynamic=true, seed=abc` (commas or semicolons). */
export function parsePrefer(header: string | null): {
  code?: number;
  exampleKey?: string;
  dynamic?: boolean;
  seed?: string;
} {
  const out: { code?: number; exampleKey?: string; dynamic?: boolean; seed?: string } = {};
  if (!header) return out;
  for (const part of header.split(/[,;]/)) {
    const [rawKey = '', ...rest] = part.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'code') {
      if (!/^\d{3}$/.test(value)) throw new MockError(`Prefer: code must be a 3-digit status, got "${value}".`);
      out.code = Number(value);
    } else if (key === 'example') {
      out.exampleKey = value;
    } else if (key === 'dynamic') {
      if (value !== 'true' && value !== 'false')
        throw new MockError(`Prefer: dynamic must be true or false, got "${value}".`);
      out.dynamic = value === 'true';
    } else if (key === 'seed') {
      out.seed = value;
    }
  }
  return out;
}

function problemResponse(error: PrismError): Response {
  const headers = new Headers({ 'content-type': 'application/problem+json', ...(error.additional?.headers ?? {}) });
  return new Response(JSON.stringify(ProblemJsonError.toProblemJson(error)), { status: error.status || 500, headers });
}

function serialize(body: unknown, contentType: string | undefined): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' && !/json/i.test(contentType ?? '')) return body;
  return JSON.stringify(body);
}

/** Applies the document's `x-json-schema-faker` options to the json-schema-faker instance Prism uses. */
function configureFaker(document: JsonObject): void {
  const options = document['x-json-schema-faker'];
  if (!options || typeof options !== 'object' || Array.isArray(options)) return;
  const fromPrism = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http'));
  const { JSONSchemaFaker } = fromPrism('json-schema-faker') as {
    JSONSchemaFaker: { option(name: string, value: unknown): void };
  };
  for (const [name, value] of Object.entries(options)) JSONSchemaFaker.option(name, value);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // Prism's validator then reports the body as not matching the schema.
  }
}

async function toPrismRequest(request: Request, url: URL): Promise<IHttpRequest> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const text = request.body ? await request.text() : '';
  let body: unknown;
  if (text !== '') body = /json/i.test(headers['content-type'] ?? '') ? safeJson(text) : text;
  return {
    method: request.method.toLowerCase() as IHttpRequest['method'],
    // The origin is ignored, as a server ignores its own host: only the path routes.
    url: { path: url.pathname, query },
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

const located = (prefix: string) => (v: Diagnostic) => ({
  location: [prefix, ...(v.path ?? [])],
  severity: SEVERITY[v.severity] ?? 'Error',
  code: v.code,
  message: v.message,
});

/** `query.limit must be integer`: where and what, never the value sent. */
const describeViolation = (v: Diagnostic) => `${(v.path ?? []).join('.') || 'request'} ${rule(v)}`;

interface Loaded {
  operations: Operations;
  prism: ReturnType<typeof createInstance>;
  /** Operation id and declared parameter names per operation, for the vendor's error messages. */
  byOperation: Map<Operations[number], { operationId: string; parameterNames: string[] }>;
}

/** The mock of one registered API. Nothing is loaded until the first request (or `ready()`). */
export function createMockEngine(vendor: Vendor, options: MockEngineOptions = {}): MockEngine {
  const name = parseVendor(vendor);
  const info: VendorInfo = vendorInfo(name);
  if (options.seed !== undefined && !options.dynamic) {
    throw new MockError('A seed only applies to dynamic mode: pass dynamic: true with the seed.');
  }
  let upstream: URL | undefined;
  if (options.upstream !== undefined) {
    try {
      upstream = new URL(options.upstream);
    } catch {
      throw new MockError(`upstream ${JSON.stringify(options.upstream)} is not a URL.`);
    }
  }
  const mock = { dynamic: options.dynamic ?? false, ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  const base = {
    checkSecurity: options.checkSecurity ?? true,
    validateRequest: options.validateRequest ?? true,
    errors: upstream !== undefined,
    upstreamProxy: undefined,
    mock,
  };
  const config: IHttpConfig = upstream
    ? { ...base, validateResponse: true, isProxy: true, upstream }
    : { ...base, validateResponse: false, isProxy: false };

  async function load(): Promise<Loaded> {
    const document = upstream
      ? deriveProxyDocument(await readBundle(name), info)
      : (await ensureDerived(name)).document;
    configureFaker(document);
    const operations = await getHttpOperationsFromSpec(structuredClone(document));
    const byOperation: Loaded['byOperation'] = new Map(
      operations.map((operation) => [
        operation,
        {
          operationId: operation.iid ?? operation.id,
          parameterNames: [
            ...(operation.request?.headers ?? []),
            ...(operation.request?.query ?? []),
            ...(operation.request?.path ?? []),
          ].map((parameter) => parameter.name),
        },
      ]),
    );
    // biome-ignore lint/suspicious/noExplicitAny: Prism types its logger as pino's Logger
    return { operations, prism: createInstance(config, { logger: silentLogger as any }), byOperation };
  }

  let current: Promise<Loaded> | undefined;
  const loaded = () => {
    current ??= load().catch((error: unknown) => {
      current = undefined; // the next request tries again (e.g. after `pnpm build`)
      throw error;
    });
    return current;
  };

  function reject(method: string, path: string, status: number, reasons: string[]): void {
    options.onRejected?.({ method, path, status, reasons, line: `${method} ${path} ${status} ${reasons.join('; ')}` });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const state = await loaded();
    let prefer: ReturnType<typeof parsePrefer>;
    try {
      prefer = parsePrefer(request.headers.get('prefer'));
    } catch (error) {
      reject(request.method, url.pathname, 422, [(error as Error).message]);
      return problemResponse(ProblemJsonError.fromTemplate(UNPROCESSABLE_ENTITY, (error as Error).message));
    }
    const input = await toPrismRequest(request, url);
    const requestConfig: IHttpConfig = { ...config, mock: { ...config.mock, ...prefer } };
    let result: Either<PrismError, PrismOutput>;
    try {
      result = (await state.prism.request(input, state.operations, requestConfig)()) as Either<PrismError, PrismOutput>;
    } catch (error) {
      result = { _tag: 'Left', left: error as PrismError };
    }
    if (result._tag === 'Left') {
      reject(request.method, url.pathname, result.left.status || 500, [result.left.message]);
      return problemResponse(result.left);
    }
    const { output, validations } = result.right;
    const headers = new Headers();
    for (const [header, value] of Object.entries(output.headers ?? {}))
      if (value !== null && value !== undefined) headers.set(header, String(value));
    const violations = [...validations.input.map(located('request')), ...validations.output.map(located('response'))];
    if (violations.length > 0) {
      // The header Prism's server sends, so tests read the violation either way.
      const value = JSON.stringify(violations);
      headers.set(
        'sl-violations',
        value.length > MAX_VIOLATION_HEADER ? `Too many violations! ${value.slice(0, MAX_VIOLATION_HEADER)}` : value,
      );
    }
    const responseErrors = validations.output.filter((v) => SEVERITY[v.severity] === 'Error');
    if (upstream && responseErrors.length > 0) {
      reject(request.method, url.pathname, 500, responseErrors.map(describeViolation));
      const problem = ProblemJsonError.fromTemplate(
        VIOLATIONS,
        'Your request/response is not valid and the --errors flag is set, so Prism is generating this error for you.',
        { validation: responseErrors.map(located('response')) },
      );
      const response = problemResponse(problem);
      response.headers.set('sl-violations', headers.get('sl-violations') ?? '');
      return response;
    }
    let status = output.statusCode;
    let body = serialize(output.body, headers.get('content-type') ?? undefined);
    if (validations.input.length > 0 && !upstream) {
      // Prism answered with the first declared 4xx example; the vendor would name the cause. A `Prefer`
      // that picks a code or an example still gets exactly that example.
      const chosen = prefer.code !== undefined || prefer.exampleKey !== undefined;
      const operation = state.operations.find(
        (candidate) => candidate.method === input.method && routeMatches(candidate.path, url.pathname),
      );
      const facts = operation ? state.byOperation.get(operation) : undefined;
      const answer =
        !chosen && info.errors && (status === 400 || status === 422)
          ? invalidRequestAnswer(validations.input, {
              style: info.errors,
              operationId: facts?.operationId ?? '',
              query: url.searchParams,
              parameterNames: facts?.parameterNames ?? [],
              credentialHeader: info.credentialHeader,
            })
          : undefined;
      if (answer) {
        status = answer.status;
        body = answer.body;
        headers.set('content-type', answer.contentType);
      }
      reject(request.method, url.pathname, status, validations.input.map(describeViolation));
    }
    const nullBody = status === 204 || status === 205 || status === 304 || request.method === 'HEAD';
    headers.delete('content-length');
    return new Response(nullBody ? null : body, { status, headers });
  }

  return {
    vendor: name,
    handle,
    ready: async () => {
      await loaded();
    },
    reload: async () => {
      const next = load();
      await next; // a failure leaves the current document in place
      current = next;
    },
  };
}

/** Whether an OpenAPI path template (`/v1/cbt-task/{uuid}`) matches a request path. */
function routeMatches(template: string, pathname: string): boolean {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}/?$`).test(pathname);
}
