export { BufferedResponse, unexpectedReply } from './buffered-response.js';
export {
  ApiError,
  type ApiErrorInit,
  ConfigurationError,
  describeRequest,
  type FetchResult,
  isApiError,
  isConfigurationError,
  isNetworkError,
  isPagingError,
  isRedirectError,
  isUnexpectedResponseError,
  NetworkError,
  PagingError,
  RedirectError,
  SECRET_HEADERS,
  UnexpectedResponseError,
  type UnexpectedResponseInit,
} from './errors.js';
export { assertSafePathParam, safePathSerializer } from './path-params.js';
export {
  checkNumber,
  createRetryFetch,
  DEFAULT_IDEMPOTENT_METHODS,
  isTransientStatus,
  parseRetryAfter,
  type RedirectOptions,
  type RetryEvent,
  type RetryOptions,
  sleep,
  type TransportOptions,
} from './retry.js';
export { type TypedClient, type TypedMethod, type TypedResult, withTypedErrors } from './typed-client.js';
