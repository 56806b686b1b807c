export { BufferedResponse, unexpectedReply } from './buffered-response.js';
export {
  type ApiErrorInit,
  describeRequest,
  type FetchResult,
  SECRET_HEADERS,
  type UnexpectedResponseInit,
} from './errors.js';
export { assertSafePathParam, safePathSerializer } from './path-params.js';
export * from './public.js';
export {
  checkNumber,
  createRetryFetch,
  DEFAULT_IDEMPOTENT_METHODS,
  isTransientStatus,
  parseRetryAfter,
  sleep,
  type TransportOptions,
} from './retry.js';
export { type TypedMethod, withTypedErrors } from './typed-client.js';
