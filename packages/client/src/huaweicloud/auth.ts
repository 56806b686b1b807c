// The auth middleware shared by the CBR and VBS clients. It runs in openapi-fetch's onRequest, before the
// retrying fetch, so a retry re-sends the Request exactly as signed (same X-Sdk-Date). The gateway accepts
// a signature for about 15 minutes, far longer than the default retry budget (RETRY_DEFAULTS in core/retry.ts).
import type { Middleware } from 'openapi-fetch';
import { checkAuth, type HuaweiAuth } from './config.js';
import { rememberRequest } from './result.js';
import { signRequest } from './sign.js';

/**
 * Token auth sets `X-Auth-Token`. AK/SK auth sets `X-Project-Id` (unless the request already has one) and
 * signs the request with {@link signRequest}, which adds `X-Sdk-Date`, `Authorization` and, for temporary
 * credentials, `X-Security-Token`; `X-Project-Id` is among the signed headers, as in the vendor's SDKs.
 */
export function createHuaweiAuthMiddleware(auth: HuaweiAuth, projectId: string): Middleware {
  const credentials = checkAuth('Huawei Cloud auth middleware', auth);
  return {
    async onRequest({ request }) {
      if (credentials.token !== undefined) {
        request.headers.set('X-Auth-Token', credentials.token);
        return request;
      }
      if (!request.headers.has('X-Project-Id')) request.headers.set('X-Project-Id', projectId);
      return signRequest(request, credentials);
    },
    onResponse({ request, response }) {
      rememberRequest(response, request);
    },
  };
}
