// What every entry point re-exports, so one import of a vendor entry is enough: the error classes and
// their guards (which work across the CommonJS and ESM builds), and the option and result types.
export {
  ApiError,
  ConfigurationError,
  isApiError,
  isConfigurationError,
  isNetworkError,
  isPagingError,
  isRedirectError,
  isReplyTooLargeError,
  isUnexpectedResponseError,
  NetworkError,
  PagingError,
  RedirectError,
  ReplyTooLargeError,
  UnexpectedResponseError,
} from './errors.js';
export {
  DEFAULT_MAX_REPLY_BYTES,
  RETRY_DEFAULTS,
  type RedirectOptions,
  type RetryEvent,
  type RetryOptions,
} from './retry.js';
export type { TypedClient, TypedResult } from './typed-client.js';
