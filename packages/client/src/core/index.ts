export {
  ApiError,
  type ApiErrorInit,
  ConfigurationError,
  describeRequest,
  type FetchResult,
  NetworkError,
  SECRET_HEADERS,
} from './errors.js';
export { assertSafePathParam, safePathSerializer } from './path-params.js';
export {
  createRetryFetch,
  DEFAULT_IDEMPOTENT_METHODS,
  isTransientStatus,
  parseRetryAfter,
  type RetryEvent,
  type RetryOptions,
  sleep,
} from './retry.js';
