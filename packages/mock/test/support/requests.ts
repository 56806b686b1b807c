// Builds valid requests for any operation of a bundle: sample path/query values from the spec's own
// parameter examples, the vendor's credentials, the request body example.
import { request as httpRequest } from 'node:http';
import type { Json, JsonObject } from '../../src/derive.js';
import { readBundle } from '../../src/documents.js';
import {
  appendQuery,
  fillPath,
  listOperations,
  type OperationInfo,
  type ParameterInfo,
  sampleValue,
} from '../../src/spec.js';
import { type Vendor, vendorInfo } from '../../src/vendors.js';

export const SESSION_UUID = '7d8a4ecd4dd04b71a0c8d02d6ec25c5a';
const HUAWEI_TOKEN = 'MIIZ-test-token-for-the-mock';
const AKSK_HEADERS = {
  authorization: 'SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK, SignedHeaders=host;x-sdk-date, Signature=0123456789abcdef',
  'x-sdk-date': '20240101T000000Z',
};

/** Credentials in the API's auth style (from the registry): a session, a token or an AK/SK signature. */
export function credentials(vendor: Vendor, style: 'token' | 'aksk' = 'token'): Record<string, string> {
  const { auth } = vendorInfo(vendor);
  if (auth === 'zstack') return { authorization: `OAuth ${SESSION_UUID}` };
  if (auth === 'none') return {};
  return style === 'aksk' ? { ...AKSK_HEADERS } : { 'x-auth-token': HUAWEI_TOKEN };
}

export interface SpecUnderTest {
  vendor: Vendor;
  doc: JsonObject;
  operations: OperationInfo[];
}

const cache = new Map<Vendor, Promise<SpecUnderTest>>();
export function loadSpec(vendor: Vendor): Promise<SpecUnderTest> {
  let entry = cache.get(vendor);
  if (!entry) {
    entry = readBundle(vendor).then((doc) => ({ vendor, doc, operations: listOperations(doc) }));
    cache.set(vendor, entry);
  }
  return entry;
}

export interface BuildOptions {
  /** Extra query parameters (name -> value), serialized like the spec says. */
  query?: Record<string, Json>;
  headers?: Record<string, string>;
  /** Path parameter values instead of the samples. */
  path?: Record<string, string>;
  /** Leave the credentials out. */
  anonymous?: boolean;
  authStyle?: 'token' | 'aksk';
}

/** URL and init of a request the spec accepts (required parameters filled, credentials, body). */
export function buildRequest(
  vendor: Vendor,
  baseUrl: string,
  operation: OperationInfo,
  options: BuildOptions = {},
): { url: string; init: RequestInit } {
  const search = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    if (!parameter.required || parameter.in === 'path') continue;
    if (parameter.in === 'query') appendQuery(search, parameter, sampleValue(parameter));
    if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = String(sampleValue(parameter));
  }
  for (const [name, value] of Object.entries(options.query ?? {})) {
    const parameter =
      operation.parameters.find((p) => p.in === 'query' && p.name === name) ?? ({ name, in: 'query' } as ParameterInfo);
    search.delete(name);
    appendQuery(search, parameter, value);
  }
  if (operation.security.length > 0 && !options.anonymous)
    Object.assign(headers, credentials(vendor, options.authStyle));
  Object.assign(
    headers,
    Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  );
  const init: RequestInit = { method: operation.method.toUpperCase(), headers };
  if (operation.requestBody && operation.requestBody.example !== undefined) {
    headers['content-type'] = operation.requestBody.mediaType;
    init.body = JSON.stringify(operation.requestBody.example);
  }
  const query = search.toString();
  return { url: `${baseUrl}${fillPath(operation, options.path)}${query ? `?${query}` : ''}`, init };
}

/** `sl-violations` parsed (Prism's list of request/response violations), or []. */
export function violations(response: {
  headers: Headers;
}): { location: string[]; code: string | number; message: string }[] {
  const header = response.headers.get('sl-violations');
  return header ? (JSON.parse(header) as { location: string[]; code: string | number; message: string }[]) : [];
}

/**
 * The status to ask for: the declared one, or for `default` the first common error status the
 * operation does not declare (Prism answers an undeclared `Prefer: code` from `default`).
 */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A plain HTTP/1.1 exchange, like curl. Not fetch: the Fetch standard turns any 407 into a network
 * error (a proxy-auth challenge), so fetch can never show a declared 407 (VBS declares one).
 */
export function http(url: string, init: RequestInit = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'GET',
        headers: init.headers as Record<string, string>,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    if (typeof init.body === 'string') req.write(init.body);
    req.end();
  });
}
