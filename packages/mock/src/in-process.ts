// In-process mocks for consumers' unit tests: a `fetch` that answers like the Prism server does (same
// routing, request validation, security check, `Prefer` handling and examples), without a server or a
// port. It runs Prism's own HTTP core (@stoplight/prism-http) on the same derived document the servers
// use, so a test that passes here passes against `pnpm mock` and vice versa.
//
//   import { createMockFetch } from '@backup-specs/mock/in-process';
//   const client = createZStackClient({ baseUrl: 'http://zstack.test/zstack', auth: { sessionUuid }, fetch: createMockFetch('zstack') });
import { createRequire } from 'node:module';
import {
  createInstance,
  getHttpOperationsFromSpec,
  type IHttpConfig,
  type IHttpRequest,
  type IHttpResponse,
  ProblemJsonError,
  UNPROCESSABLE_ENTITY,
} from '@stoplight/prism-http';
import type { JsonObject } from './derive.js';
import { ensureDerived } from './documents.js';
import { MockError, parseVendor, type Vendor } from './vendors.js';

export interface MockFetchOptions {
  /** Generate bodies from the schemas instead of answering with the named examples. */
  dynamic?: boolean;
  /** Makes dynamic bodies repeatable. */
  seed?: string;
  /** Answer invalid requests with the spec's 400/422 (default true, as the servers do). */
  validateRequest?: boolean;
  /** Check credentials are present (default true, as the servers do). */
  checkSecurity?: boolean;
}

/** What the clients accept as their `fetch` option (and what globalThis.fetch also satisfies). */
export type MockFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

type Either<L, R> = { _tag: 'Left'; left: L } | { _tag: 'Right'; right: R };
type Diagnostic = { path?: string[]; severity: number; code?: string | number; message: string };
type PrismOutput = { output: IHttpResponse; validations: { input: Diagnostic[]; output: Diagnostic[] } };

// Prism wants a pino logger; ours discards everything (request logs would carry credentials).
const silentLogger: unknown = new Proxy(
  {},
  {
    get: (_target, property) =>
      property === 'child' ? () => silentLogger : property === 'level' ? 'silent' : () => undefined,
  },
);

const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];

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

function problemResponse(
  error: Error & { status?: number; additional?: { headers?: Record<string, string> } },
): Response {
  // Exactly what the Prism server sends for the same error.
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

async function toPrismRequest(request: Request): Promise<IHttpRequest> {
  const url = new URL(request.url);
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
  if (text !== '') {
    body = /json/i.test(headers['content-type'] ?? '') ? safeJson(text) : text;
  }
  return {
    method: request.method.toLowerCase() as IHttpRequest['method'],
    // The origin is ignored, as the Prism server ignores its own host: only the path routes.
    url: { path: url.pathname, query },
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // Prism's validator then reports the body as not matching the schema.
  }
}

/**
 * A fetch answering from a vendor's spec in-process. The first call loads the document (a few hundred
 * milliseconds); later calls take about a millisecond.
 */
export function createMockFetch(vendor: Vendor, options: MockFetchOptions = {}): MockFetch {
  const name = parseVendor(vendor);
  if (options.seed !== undefined && !options.dynamic) {
    throw new MockError('A seed only applies to dynamic mode: pass dynamic: true with the seed.');
  }
  const config: IHttpConfig = {
    checkSecurity: options.checkSecurity ?? true,
    validateRequest: options.validateRequest ?? true,
    validateResponse: false,
    errors: false,
    upstreamProxy: undefined,
    isProxy: false,
    mock: { dynamic: options.dynamic ?? false, ...(options.seed !== undefined ? { seed: options.seed } : {}) },
  };
  let ready: Promise<{
    operations: Awaited<ReturnType<typeof getHttpOperationsFromSpec>>;
    prism: ReturnType<typeof createInstance>;
  }>;
  const load = () => {
    ready ??= ensureDerived(name).then(async ({ document }) => {
      configureFaker(document);
      const operations = await getHttpOperationsFromSpec(structuredClone(document));
      // biome-ignore lint/suspicious/noExplicitAny: Prism types its logger as pino's Logger
      return { operations, prism: createInstance(config, { logger: silentLogger as any }) };
    });
    return ready;
  };

  return async function mockFetch(input, init) {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const { operations, prism } = await load();
    let prefer: ReturnType<typeof parsePrefer>;
    try {
      prefer = parsePrefer(request.headers.get('prefer'));
    } catch (error) {
      return problemResponse(ProblemJsonError.fromTemplate(UNPROCESSABLE_ENTITY, (error as Error).message));
    }
    const requestConfig: IHttpConfig = { ...config, mock: { ...config.mock, ...prefer } };
    const result = (await prism.request(await toPrismRequest(request), operations, requestConfig)()) as Either<
      Error & { status?: number; additional?: { headers?: Record<string, string> } },
      PrismOutput
    >;
    if (result._tag === 'Left') return problemResponse(result.left);
    const { output, validations } = result.right;
    const headers = new Headers();
    for (const [header, value] of Object.entries(output.headers ?? {}))
      if (value !== null && value !== undefined) headers.set(header, String(value));
    if (validations.input.length > 0) {
      // The same header the Prism server sends, so tests can read the violation either way.
      headers.set(
        'sl-violations',
        JSON.stringify(
          validations.input.map((v) => ({
            location: ['request', ...(v.path ?? [])],
            severity: SEVERITY[v.severity] ?? 'Error',
            code: v.code,
            message: v.message,
          })),
        ),
      );
    }
    const status = output.statusCode;
    const nullBody = status === 204 || status === 205 || status === 304 || request.method === 'HEAD';
    return new Response(nullBody ? null : serialize(output.body, headers.get('content-type') ?? undefined), {
      status,
      headers,
    });
  };
}
