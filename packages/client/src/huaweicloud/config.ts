// Construction-time checks for the Huawei clients. Every refusal is a ConfigurationError naming the
// option to set; none echoes a value (a token or SK passed in the wrong field must not end up in a log).
import { ConfigurationError } from '../core/errors.js';
import type { RedirectOptions, RetryOptions } from '../core/retry.js';

/** IAM token auth: sent as `X-Auth-Token`. */
export interface HuaweiTokenAuth {
  token: string;
  ak?: never;
  sk?: never;
  securityToken?: never;
}

/** AK/SK auth: every request is signed (`SDK-HMAC-SHA256`); `securityToken` for temporary credentials. */
export interface HuaweiAkSkAuth {
  ak: string;
  sk: string;
  securityToken?: string;
  token?: never;
}

export type HuaweiAuth = HuaweiTokenAuth | HuaweiAkSkAuth;

interface CommonOptions {
  /** The IAM project (one per region) the requests act on: 32 lowercase hexadecimal characters. */
  projectId: string;
  auth: HuaweiAuth;
  retry?: RetryOptions;
  /** Redirects are followed only within the endpoint's origin unless listed here (AK/SK requests are signed again). */
  redirects?: RedirectOptions;
  /** Transport (tests, in-process mocks, proxies); retries wrap it. Default: global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  /** Largest reply body read, in bytes after decompression, 1 KiB to 256 MiB; default 64 MiB. Past it: ReplyTooLargeError. */
  maxReplyBytes?: number;
}

/** Either `region` (the endpoint is derived from it) or `baseUrl` (any http(s) endpoint), not both. */
export type HuaweiClientOptions = CommonOptions &
  ({ region: string; baseUrl?: never } | { baseUrl: string; region?: never });

export interface ResolvedHuaweiOptions {
  baseUrl: string;
  projectId: string;
  auth: HuaweiAuth;
}

/**
 * A spec's servers (`apiInfo.servers` of `@backup-specs/types/<api>`): URL templates with a `{region}`,
 * each limited to `regions` or, without them, serving every other region.
 */
export type RegionServers = readonly { readonly url: string; readonly regions?: readonly string[] }[];

/** The endpoint of `region` from the spec's servers: e.g. `https://cbr.eu-west-101.myhuaweicloud.eu`. */
export function endpointForRegion(servers: RegionServers, region: string): string {
  const server = servers.find((each) => each.regions?.includes(region)) ?? servers.find((each) => !each.regions);
  return (server?.url ?? '').replace('{region}', region);
}

// Printable ASCII without spaces: what a header value may hold without `Headers` throwing an error that
// would quote the value.
const HEADER_SAFE = /^[!-~]+$/;

/** Validates credentials; `label` starts the message (which names the field, never its value). */
export function checkAuth(label: string, auth: unknown): HuaweiAuth {
  const fail = (what: string) => new ConfigurationError(`${label}: ${what}.`);
  const a = (typeof auth === 'object' && auth !== null ? auth : {}) as Record<string, unknown>;
  const has = (key: string) => a[key] !== undefined;
  const printable = (key: string) => typeof a[key] === 'string' && HEADER_SAFE.test(a[key]);
  if (has('token')) {
    if (has('ak') || has('sk') || has('securityToken')) {
      throw fail('auth has both a token and AK/SK fields: set only one of { token } or { ak, sk }');
    }
    if (!printable('token')) throw fail('auth.token must be the IAM token (printable ASCII without spaces)');
    return { token: a.token as string };
  }
  if (!has('ak') && !has('sk')) {
    throw fail(
      'no credentials: set auth to { token } (an IAM token) or { ak, sk } (an access key, plus securityToken if temporary)',
    );
  }
  if (!printable('ak')) throw fail('auth.ak must be the access key ID (printable ASCII without spaces)');
  if (typeof a.sk !== 'string' || a.sk === '') throw fail('auth.sk must be the secret access key (a non-empty string)');
  if (!has('securityToken')) return { ak: a.ak as string, sk: a.sk };
  if (!printable('securityToken')) {
    throw fail(
      'auth.securityToken must be the security token of temporary credentials (printable ASCII, no spaces), or be left out',
    );
  }
  return { ak: a.ak as string, sk: a.sk, securityToken: a.securityToken as string };
}

/**
 * Exactly 32 characters `0-9a-f`: IAM project IDs are lowercase hex UUIDs without dashes. The spec
 * enforces no pattern (the vendor documents none), but anything else is a mix-up that the server would
 * only answer with a confusing 401/403/404, so it is refused here with the likely cause.
 */
export function checkProjectId(label: string, projectId: unknown): string {
  if (typeof projectId === 'string' && /^[0-9a-f]{32}$/.test(projectId)) return projectId;
  const problem =
    typeof projectId !== 'string' || projectId === ''
      ? 'is missing'
      : /^[0-9a-f]{32}$/i.test(projectId)
        ? 'has uppercase letters'
        : /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(projectId)
          ? 'is a UUID with dashes (an enterprise project ID?)'
          : `is not 32 hexadecimal characters (got ${projectId.length} characters)`;
  throw new ConfigurationError(
    `${label}: projectId ${problem}: set it to the project ID of the region, 32 lowercase hexadecimal characters (console: My Credentials > API Credentials).`,
  );
}

function checkBaseUrl(label: string, servers: RegionServers, baseUrl: unknown): string {
  // Never echo the URL: user info would be a password, a query could hold a token.
  const fail = (problem: string) =>
    new ConfigurationError(
      `${label}: baseUrl ${problem}: set it to the endpoint, e.g. "${endpointForRegion(servers, 'cn-north-4')}", or set region instead.`,
    );
  let url: URL;
  try {
    url = new URL(baseUrl as string);
  } catch {
    throw fail('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail('must use http or https');
  if (url.username || url.password) throw fail('must not contain a user name or password (credentials go in auth)');
  if (url.search || url.hash || /[?#]/.test(baseUrl as string)) throw fail('must not have a query string or fragment');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Validates the options of a Huawei client for `service` (`cbr`, `vbs`) with the spec's `servers`; throws ConfigurationError. */
export function resolveHuaweiOptions(service: string, options: unknown, servers: RegionServers): ResolvedHuaweiOptions {
  const label = `Huawei Cloud ${service.toUpperCase()} client`;
  const o = (typeof options === 'object' && options !== null ? options : {}) as Record<string, unknown>;
  let baseUrl: string;
  if (o.region !== undefined && o.baseUrl !== undefined) {
    throw new ConfigurationError(`${label}: set either region or baseUrl, not both.`);
  }
  if (o.region !== undefined) {
    if (typeof o.region !== 'string' || !/^[a-z]{2,}(-[a-z0-9]+)+$/.test(o.region)) {
      throw new ConfigurationError(
        `${label}: region must be a region ID like "cn-north-4" (lowercase letters, digits, dashes).`,
      );
    }
    baseUrl = endpointForRegion(servers, o.region);
  } else if (o.baseUrl !== undefined) {
    baseUrl = checkBaseUrl(label, servers, o.baseUrl);
  } else {
    throw new ConfigurationError(
      `${label}: no endpoint: set region (e.g. "cn-north-4") or baseUrl (e.g. "${endpointForRegion(servers, 'cn-north-4')}").`,
    );
  }
  return { baseUrl, projectId: checkProjectId(label, o.projectId), auth: checkAuth(label, o.auth) };
}
