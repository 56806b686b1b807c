// @backup-specs/mock: mocks of the bundled specs (Prism's core, in process), for tools and tests.
export { type DerivedDocument, deriveMockDocument, serverBasePath } from './derive.js';
export { bundlePath, derivedPath, ensureDerived, readBundle } from './documents.js';
export { createMockEngine, type MockEngine, type MockEngineOptions, type Rejection } from './engine.js';
export { freePort, HOST, PortInUseError } from './server.js';
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
export {
  type RunningMock,
  type RunningProxy,
  type StartMockOptions,
  type StartProxyOptions,
  startMock,
  startProxy,
} from './start-mock.js';
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
