// Builds the openapi-fetch client both Huawei services share: retrying fetch, checked path parameters,
// and the auth middleware kept last so that headers added by the caller's middleware are signed too.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { safePathSerializer } from '../core/path-params.js';
import { createRetryFetch } from '../core/retry.js';
import { createHuaweiAuthMiddleware } from './auth.js';
import { type HuaweiClientOptions, type ResolvedHuaweiOptions, resolveHuaweiOptions } from './config.js';

export function createHuaweiClient<Paths extends {}>(
  service: string,
  options: HuaweiClientOptions,
): { client: Client<Paths>; resolved: ResolvedHuaweiOptions } {
  const resolved = resolveHuaweiOptions(service, options);
  const client = createClient<Paths>({
    baseUrl: resolved.baseUrl,
    fetch: createRetryFetch(options.fetch ? { ...options.retry, fetch: options.fetch } : options.retry),
    pathSerializer: safePathSerializer,
  });
  const auth = createHuaweiAuthMiddleware(resolved.auth, resolved.projectId);
  const use = client.use;
  // openapi-fetch runs onRequest in registration order: re-register auth after every addition so that it
  // signs the final request. (Per-request `middleware` options still run after it: they must not change
  // the URL, body or signed headers.)
  client.use = (...middleware: Middleware[]) => {
    client.eject(auth);
    use(...middleware, auth);
  };
  use(auth);
  return { client, resolved };
}
