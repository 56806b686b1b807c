// @backup-specs/client/zstack: the ZStack Cloud client (see packages/client/README.md).

/** The spec this client's types were generated from: API, version and bundle revision. */
export { apiInfo } from '@backup-specs/types/zstack';
export * from '../core/public.js';
export {
  createZStackClient,
  isZStackTransient,
  sha512Hex,
  type ZStackAuth,
  type ZStackClient,
  type ZStackClientOptions,
  type ZStackGetPath,
  type ZStackHelpers,
  type ZStackItem,
  type ZStackListPath,
  type ZStackLookup,
  type ZStackPage,
  type ZStackPageOptions,
  type ZStackRenewOptions,
} from './client.js';
export {
  isZStackApiError,
  orThrow,
  type ResultLike,
  toZStackError,
  unwrap,
  ZStackApiError,
  type ZStackErrorCode,
  zstackErrorCode,
} from './errors.js';
export {
  asc,
  type Conditions,
  desc,
  type FieldPath,
  type FieldValue,
  q,
  type Scalar,
  serializeZStackQuery,
} from './query.js';
