export { type BundleSchemas, bundleSchemas, closeObjects } from './ajv.js';
export { decodePointer, encodePointer, isObject, type Json, type JsonObject, resolve } from './json.js';
export {
  type BundleOperation,
  HTTP_METHODS,
  type HttpMethod,
  type Located,
  listBundleOperations,
} from './operations.js';
