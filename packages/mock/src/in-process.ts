// In-process mocks for consumers' unit tests: a `fetch` that answers exactly like `pnpm mock` and
// `startMock()` (same engine: routing, validation, credentials, `Prefer`, the vendors' error answers),
// without a server or a port.
//
//   import { createMockFetch } from '@backup-specs/mock/in-process';
//   const client = createZStackClient({ baseUrl: 'http://zstack.test/zstack', auth: { sessionUuid }, fetch: createMockFetch('zstack') });
import { createMockEngine, type MockEngineOptions } from './engine.js';
import type { Vendor } from './vendors.js';

export { parsePrefer } from './engine.js';

export type MockFetchOptions = Pick<MockEngineOptions, 'dynamic' | 'seed' | 'validateRequest' | 'checkSecurity'>;

/** What the clients accept as their `fetch` option (and what globalThis.fetch also satisfies). */
export type MockFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * A fetch answering from a vendor's spec in-process. The first call loads the document (a few hundred
 * milliseconds); later calls take about a millisecond.
 */
export function createMockFetch(vendor: Vendor, options: MockFetchOptions = {}): MockFetch {
  const engine = createMockEngine(vendor, options);
  return (input, init) =>
    engine.handle(input instanceof Request && init === undefined ? input : new Request(input, init));
}
