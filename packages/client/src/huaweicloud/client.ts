// Builds the openapi-fetch client both Huawei services share: the transport (retries, same-origin redirects
// re-signed for AK/SK), checked path parameters, HuaweiApiError in every failed result, and the auth
// middleware kept last so that headers added by the caller's middleware are signed too.
import createClient, { type Middleware } from 'openapi-fetch';
import { scrubbedReply, scrubberOf } from '../core/buffered-response.js';
import { safePathSerializer } from '../core/path-params.js';
import { createRetryFetch } from '../core/retry.js';
import { type TypedClient, withTypedErrors } from '../core/typed-client.js';
import { createHuaweiAuthMiddleware } from './auth.js';
import {
  type HuaweiClientOptions,
  type RegionServers,
  type ResolvedHuaweiOptions,
  resolveHuaweiOptions,
} from './config.js';
import type { HuaweiApiError } from './errors.js';
import { toHuaweiError } from './result.js';
import { signRequest } from './sign.js';

export function createHuaweiClient<Paths extends {}>(
  service: string,
  options: HuaweiClientOptions,
  servers: RegionServers,
): { client: TypedClient<Paths, HuaweiApiError>; resolved: ResolvedHuaweiOptions } {
  const resolved = resolveHuaweiOptions(service, options, servers);
  const { auth } = resolved;
  // Every configured secret, removed from failed replies (and from body excerpts in errors).
  const scrub = scrubberOf([auth.token, auth.sk, auth.securityToken].filter((secret) => secret !== undefined));
  const retrying = createRetryFetch({
    ...options.retry,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    baseUrl: resolved.baseUrl,
    redirects: options.redirects,
    maxReplyBytes: options.maxReplyBytes,
    // An AK/SK signature covers host and path: a followed redirect is signed again for its target.
    onRedirect: auth.token === undefined ? (request) => signRequest(request, auth) : undefined,
    scrub,
  });
  const transport = async (request: Request) => {
    const response = await retrying(request);
    return response.ok ? response : scrubbedReply(response, scrub, request);
  };
  const client = withTypedErrors(
    createClient<Paths>({ baseUrl: resolved.baseUrl, fetch: transport, pathSerializer: safePathSerializer }),
    toHuaweiError as (result: { response: Response }) => HuaweiApiError,
  );
  const authMiddleware = createHuaweiAuthMiddleware(auth, resolved.projectId);
  const use = client.use;
  // openapi-fetch runs onRequest in registration order: re-register auth after every addition so that it
  // signs the final request. (Per-request `middleware` options still run after it: they must not change
  // the URL, body or signed headers.)
  client.use = (...middleware: Middleware[]) => {
    client.eject(authMiddleware);
    use(...middleware, authMiddleware);
  };
  use(authMiddleware);
  return { client, resolved };
}
