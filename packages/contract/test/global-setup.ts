// The mock package's globalSetup: one Prism per vendor, its URLs given to the tests as `mockUrls`.
export { default } from '@backup-specs/mock/vitest-setup';
