/**
 * Huawei Cloud AK/SK request signing (`SDK-HMAC-SHA256`) for `fetch` requests. Uses only Web Crypto and other
 * standard APIs, so it runs in browsers, edge runtimes and Node.js.
 */
import { canonicalRequest, formatSdkDate, signedHeaderList } from './canonical.js';

export interface HuaweiCloudCredentials {
  /** Access key ID. */
  ak: string;
  /** Secret access key. */
  sk: string;
  /** Security token of temporary credentials; sent and signed as `X-Security-Token`. */
  securityToken?: string;
}

const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/**
 * Request headers signed when present, besides `host` (from the URL) and `x-sdk-date`, which are always signed.
 * An allowlist, not "everything": the gateway checks only what `SignedHeaders` lists, and a header that the runtime
 * or a proxy may add, rewrite or drop (`user-agent`, `accept-encoding`, `content-length`, `connection` and other
 * hop-by-hop headers, `cookie`, `origin`, `referer`, `via`, `x-forwarded-*`) would turn a good signature into a 401.
 * `authorization` carries the signature itself. These are set by the caller or by `Request` itself (the body's
 * `content-type`) and `fetch` sends them unchanged; `x-domain-id` is the global-service twin of `x-project-id`,
 * which the vendor's SDKs sign too.
 */
const SIGNED_REQUEST_HEADERS = ['content-type', 'x-domain-id', 'x-project-id', 'x-security-token'] as const;

const utf8 = new TextEncoder();
const hex = (buffer: ArrayBuffer): string =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** Lowercase hex SHA-256 of `data` (a string is hashed as UTF-8). */
export const sha256Hex = async (data: string | BufferSource): Promise<string> =>
  hex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? utf8.encode(data) : data));

/** `hex(HMAC-SHA256(sk, "SDK-HMAC-SHA256\n" + sdkDate + "\n" + hex(sha256(canonicalRequest))))`. */
export async function computeSignature(sk: string, sdkDate: string, canonical: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', utf8.encode(sk), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const stringToSign = `${SIGNING_ALGORITHM}\n${sdkDate}\n${await sha256Hex(canonical)}`;
  return hex(await crypto.subtle.sign('HMAC', key, utf8.encode(stringToSign)));
}

// Printable ASCII without spaces: safe inside a header value, so `Headers` never throws (its error would echo it).
const isHeaderToken = (value: unknown): value is string => typeof value === 'string' && /^[!-~]+$/.test(value);

/** Throws a TypeError that names the field to fix; never echoes a value (sk and securityToken are secrets). */
function checkCredentials(credentials: unknown): HuaweiCloudCredentials {
  const c = (typeof credentials === 'object' && credentials !== null ? credentials : {}) as Record<string, unknown>;
  const fail = (field: string) =>
    new TypeError(
      `Huawei Cloud AK/SK signing: credentials.${field} must be a non-empty string (printable ASCII, no spaces)`,
    );
  if (!isHeaderToken(c.ak)) throw fail('ak');
  if (typeof c.sk !== 'string' || c.sk === '') throw fail('sk');
  if (c.securityToken !== undefined && !isHeaderToken(c.securityToken)) throw fail('securityToken');
  return c as unknown as HuaweiCloudCredentials;
}

/**
 * Returns a new Request (same method, URL, body and other headers) carrying `X-Sdk-Date`, `Authorization:
 * SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...` and, for temporary credentials, `X-Security-Token`.
 * Existing `Authorization`, `X-Sdk-Date` and `X-Security-Token` headers are replaced, and a `Host` header is dropped
 * because `fetch` derives Host from the URL, which is what gets signed (`host:port` for a non-default port).
 * The input request is left unread. The gateway accepts a signature for about 15 minutes after `now`.
 */
export async function signRequest(
  request: Request,
  credentials: HuaweiCloudCredentials,
  now: Date = new Date(),
): Promise<Request> {
  const { ak, sk, securityToken } = checkCredentials(credentials);
  if (request.bodyUsed) throw new TypeError('Huawei Cloud AK/SK signing: the request body has already been read');
  const sdkDate = formatSdkDate(now);
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  headers.delete('authorization');
  headers.delete('host');
  headers.set('x-sdk-date', sdkDate);
  if (securityToken !== undefined) headers.set('x-security-token', securityToken);

  const signed: Record<string, string> = { host: url.host, 'x-sdk-date': sdkDate };
  for (const name of SIGNED_REQUEST_HEADERS) {
    const value = headers.get(name);
    if (value !== null) signed[name] = value;
  }
  // Hash exactly the bytes that will be sent: read a clone, then give the new Request those same bytes.
  const body = request.body ? await request.clone().arrayBuffer() : undefined;
  const canonical = canonicalRequest({
    method: request.method,
    url,
    headers: signed,
    payloadHash: await sha256Hex(body ?? new Uint8Array(0)),
  });
  const signature = await computeSignature(sk, sdkDate, canonical);
  headers.set(
    'authorization',
    `${SIGNING_ALGORITHM} Access=${ak}, SignedHeaders=${signedHeaderList(signed)}, Signature=${signature}`,
  );
  return new Request(request, body ? { headers, body } : { headers });
}
