// Vendor-neutral building blocks shared by every client: errors, retries, path-parameter checks.
export * from './core/index.js';
