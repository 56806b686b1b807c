// @backup-specs/mock: Prism mocks of the bundled specs, for tools and tests.
export { type DerivedDocument, deriveMockDocument, serverBasePath } from './derive.js';
export { bundlePath, derivedPath, ensureDerived, readBundle } from './documents.js';
export { HOST, LOG_LEVELS, type LogLevel, PortInUseError } from './prism.js';
export { type RunningMock, type StartMockOptions, startMock } from './start-mock.js';
export { isVendor, MockError, parseVendor, VENDOR_INFO, VENDORS, type Vendor, type VendorInfo } from './vendors.js';
