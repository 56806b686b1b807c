// A vitest globalSetup: one Prism mock per vendor for the whole run (each start costs 1-2 s), stopped
// at the end. Tests read the base URLs with `inject('mockUrls')`.
//
//   // vitest.config.ts
//   export default defineConfig({ test: { globalSetup: ['@backup-specs/mock/vitest-setup'] } });
//   // a test
//   import { inject } from 'vitest';
//   const client = createZStackClient({ baseUrl: inject('mockUrls').zstack, auth: { sessionUuid } });
// Loads vitest's types so the ProvidedContext augmentation below has a module to extend.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { type RunningMock, startMock } from './start-mock.js';
import { VENDORS, type Vendor } from './vendors.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of each vendor's mock, e.g. `{ zstack: 'http://127.0.0.1:41234/zstack', ... }`. */
    mockUrls: Record<Vendor, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = await Promise.allSettled(VENDORS.map((vendor) => startMock({ vendor })));
  const mocks = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    await Promise.all(mocks.map((mock) => mock.stop()));
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stop();
    throw (failed as PromiseRejectedResult).reason;
  }
  project.provide(
    'mockUrls',
    Object.fromEntries(mocks.map((mock: RunningMock) => [mock.vendor, mock.url])) as Record<Vendor, string>,
  );
  return stop;
}
