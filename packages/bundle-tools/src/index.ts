export { type BundleSchemas, bundleSchemas, closeObjects } from './ajv.js';
export { decodePointer, encodePointer, isObject, type Json, type JsonObject, resolve } from './json.js';
