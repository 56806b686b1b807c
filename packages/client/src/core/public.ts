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
  isUnexpectedResponseError,
  NetworkError,
  PagingError,
  RedirectError,
  UnexpectedResponseError,
} from './errors.js';
export type { RedirectOptions, RetryEvent, RetryOptions } from './retry.js';
export type { TypedClient, TypedResult } from './typed-client.js';
