/**
 * Pure canonicalization helpers of Huawei Cloud's AK/SK request signing (`SDK-HMAC-SHA256`).
 * No I/O and no crypto here; `sign.ts` hashes and signs what these functions build.
 */

const utf8 = new TextEncoder();

/** RFC 3986 unreserved bytes: `A-Z a-z 0-9 - _ . ~`. */
const isUnreserved = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) ||
  (b >= 0x41 && b <= 0x5a) ||
  (b >= 0x61 && b <= 0x7a) ||
  b === 0x2d ||
  b === 0x2e ||
  b === 0x5f ||
  b === 0x7e;

function encodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes)
    out += isUnreserved(b) ? String.fromCharCode(b) : `%${b < 16 ? '0' : ''}${b.toString(16).toUpperCase()}`;
  return out;
}

/** Percent-encodes the UTF-8 bytes of `value`, leaving only `A-Z a-z 0-9 - _ . ~` (space -> `%20`, `+` -> `%2B`). */
export const percentEncode = (value: string): string => encodeBytes(utf8.encode(value));

/**
 * Canonical URI of a URL path as it appears in a URL (e.g. `URL.pathname`): every segment is percent-decoded to
 * its bytes and re-encoded with {@link percentEncode}, so an already encoded path is not encoded twice
 * (`/a%20b` -> `/a%20b/`) and an encoded slash stays inside its segment (`%2F`). The result always ends with `/`.
 */
export function canonicalUri(pathname: string): string {
  const uri = pathname
    .split('/')
    .map((segment) =>
      segment.replace(/%([0-9A-Fa-f]{2})|[^%]+|%/g, (match, hex?: string) =>
        hex ? encodeBytes(Uint8Array.of(Number.parseInt(hex, 16))) : percentEncode(match),
      ),
    )
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Canonical query string from decoded parameters (a `URLSearchParams`, `[key, value]` pairs, or a query string,
 * which is decoded the way `URLSearchParams` does it, so a literal `+` means a space; send a real plus as `%2B`).
 * Sorted by key, a repeated key's values by their raw value (both by UTF-16 code units, like JavaScript's default
 * sort and the vendor's Node.js SDK), then `percentEncode(key)=percentEncode(value)` joined by `&`; an empty value
 * gives `key=`.
 */
export function canonicalQuery(params: Iterable<readonly [string, string]> | string): string {
  const pairs = [...(typeof params === 'string' ? new URLSearchParams(params) : params)];
  pairs.sort(([ak, av], [bk, bv]) => compare(ak, bk) || compare(av, bv));
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

/** Headers to sign, name -> value; names are matched case-insensitively (a later duplicate wins). */
export type SignedHeaders = Readonly<Record<string, string>>;

function sortedHeaders(headers: SignedHeaders): [string, string][] {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) byName.set(name.toLowerCase(), value.trim());
  return [...byName].sort(([a], [b]) => compare(a, b));
}

/** `lowercase-name:trimmed-value\n` for every header to sign, sorted by name. */
export const canonicalHeaders = (headers: SignedHeaders): string =>
  sortedHeaders(headers)
    .map(([name, value]) => `${name}:${value}\n`)
    .join('');

/** The `SignedHeaders` list: sorted lowercase names joined by `;`. */
export const signedHeaderList = (headers: SignedHeaders): string =>
  sortedHeaders(headers)
    .map(([name]) => name)
    .join(';');

export interface CanonicalRequestInput {
  method: string;
  /** Absolute URL; the path and query are canonicalized from it. */
  url: string | URL;
  /** Exactly the headers to sign, `host` and `x-sdk-date` included. */
  headers: SignedHeaders;
  /** Hex SHA-256 of the body. */
  payloadHash: string;
}

/** Method, canonical URI, canonical query, canonical headers, signed headers and payload hash, joined by `\n`. */
export function canonicalRequest({ method, url, headers, payloadHash }: CanonicalRequestInput): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return [
    method,
    canonicalUri(u.pathname),
    canonicalQuery(u.searchParams),
    canonicalHeaders(headers),
    signedHeaderList(headers),
    payloadHash,
  ].join('\n');
}

/** `X-Sdk-Date` form of a time: UTC `YYYYMMDDTHHMMSSZ` (seconds precision). */
export function formatSdkDate(date: Date): string {
  const iso = date.toISOString(); // RangeError for an invalid date
  if (iso.length !== 24) throw new RangeError('X-Sdk-Date needs a year between 0000 and 9999');
  return iso.replace(/[-:]|\.\d+/g, '');
}
