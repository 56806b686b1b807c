// `@backup-specs/client/huaweicloud`: what the CBR and VBS clients share (signing, auth middleware,
// options checks, the typed error and result helpers, paging).
export * from '../core/public.js';
export { createHuaweiAuthMiddleware } from './auth.js';
export { createHuaweiClient } from './client.js';
export {
  checkProjectId,
  endpointForRegion,
  type HuaweiAkSkAuth,
  type HuaweiAuth,
  type HuaweiClientOptions,
  type HuaweiTokenAuth,
  type RegionServers,
  resolveHuaweiOptions,
} from './config.js';
export {
  HuaweiApiError,
  type HuaweiApiErrorInit,
  type HuaweiErrorFields,
  isHuaweiApiError,
  parseHuaweiErrorBody,
} from './errors.js';
export {
  type FetchedPage,
  itemsOf,
  markerPages,
  offsetPages,
  type Page,
  type PagingOptions,
} from './paging.js';
export { type HuaweiResult, orThrow, type ResultLike, toHuaweiError, unwrap, withHuaweiError } from './result.js';
export { type HuaweiCloudCredentials, signRequest } from './sign.js';
