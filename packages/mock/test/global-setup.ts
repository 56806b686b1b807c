// The package's own globalSetup is the one it exports to consumers.
export { default } from '../src/vitest-setup.js';
