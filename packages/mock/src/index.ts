// @backup-specs/mock: Prism mocks of the bundled specs, for tools and tests.
export { type DerivedDocument, deriveMockDocument, serverBasePath } from './derive.js';
export { bundlePath, derivedPath, ensureDerived, ensureProxyDocument, readBundle } from './documents.js';
export { freePort, HOST, LOG_LEVELS, type LogLevel, PortInUseError, type PrismProcess, startPrism } from './prism.js';
export {
  allExamples,
  type HttpMethod,
  listOperations,
  type MediaInfo,
  type NamedExample,
  type OperationInfo,
  type ParameterInfo,
  type ResponseInfo,
} from './spec.js';
export { type RunningMock, type StartMockOptions, startMock } from './start-mock.js';
export {
  createResponseValidator,
  type ResponseToCheck,
  type ResponseValidator,
  type ResponseValidatorOptions,
} from './validate.js';
export {
  isVendor,
  MockError,
  parseVendor,
  VENDOR_INFO,
  VENDORS,
  type Vendor,
  type VendorInfo,
  vendorInfo,
} from './vendors.js';
