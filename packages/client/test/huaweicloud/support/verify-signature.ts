// Server-side check of an SDK-HMAC-SHA256 signature, the way the API gateway does it: read Access and
// SignedHeaders from the Authorization header of the request as received, rebuild the canonical request
// from exactly those headers, and compare the HMAC. Used on requests the clients really sent.
import { canonicalRequest } from '../../../src/huaweicloud/canonical.js';
import { computeSignature, sha256Hex } from '../../../src/huaweicloud/sign.js';
import type { RecordedRequest } from '../../support/flaky-server.js';

export interface ReceivedRequest {
  method: string;
  /** Absolute URL as sent. */
  url: string;
  headers: Headers;
  body: string;
}

export async function received(request: Request): Promise<ReceivedRequest> {
  return { method: request.method, url: request.url, headers: request.headers, body: await request.clone().text() };
}

export function receivedByServer(recorded: RecordedRequest, origin: string): ReceivedRequest {
  const headers = new Headers();
  for (const [name, value] of Object.entries(recorded.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return { method: recorded.method, url: new URL(recorded.url, origin).href, headers, body: recorded.body };
}

export interface Verification {
  valid: boolean;
  access: string;
  signedHeaders: string[];
  sdkDate: string;
}

export async function verifySignature(request: ReceivedRequest, sk: string): Promise<Verification> {
  const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    request.headers.get('authorization') ?? '',
  );
  if (!m) throw new Error('no SDK-HMAC-SHA256 Authorization header');
  const [, access = '', list = '', signature] = m;
  const signedHeaders = list.split(';');
  const signed: Record<string, string> = {};
  for (const name of signedHeaders) {
    // fetch sends Host from the URL; it is not readable from a Request's headers.
    const value =
      name === 'host' ? (request.headers.get('host') ?? new URL(request.url).host) : request.headers.get(name);
    if (value === null) throw new Error(`signed header ${name} was not sent`);
    signed[name] = value;
  }
  const sdkDate = request.headers.get('x-sdk-date') ?? '';
  const canonical = canonicalRequest({
    method: request.method,
    url: request.url,
    headers: signed,
    payloadHash: await sha256Hex(request.body),
  });
  return { valid: (await computeSignature(sk, sdkDate, canonical)) === signature, access, signedHeaders, sdkDate };
}
