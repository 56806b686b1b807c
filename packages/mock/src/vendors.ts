// The vendor APIs this package mocks, their default ports, and what the Prism document derived from
// each bundle changes so Prism behaves like the real server (see derive.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** An API's auth style (the registry's `auth`). */
export type AuthStyle = 'zstack' | 'huawei' | 'none';

/** How the mock words a bad request (the registry's `mockErrors`; see packages/registry). */
export interface MockErrors {
  style: 'zstack' | 'flat' | 'nested' | 'code-message';
  code: string;
}

/** What the mock needs of each registered API; `pnpm build` writes it to dist/registry.json. */
export interface RegistrySnapshotEntry {
  vendor: string;
  mockPort: number;
  auth: AuthStyle;
  mockErrors: MockErrors | undefined;
}

// The list comes from the registry (redocly.yaml `apis:` with their `x-backup-specs`), snapshotted at build
// time (scripts/build.ts) so an installed mock knows its APIs without this repository. Nothing
// here names the APIs except the behaviour that belongs to an auth style.
const REGISTRY = ((): RegistrySnapshotEntry[] => {
  const file = path.join(PACKAGE_ROOT, 'dist', 'registry.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RegistrySnapshotEntry[];
  } catch (error) {
    throw new Error(
      `@backup-specs/mock: cannot read ${file} (${(error as Error).message}). In the backup-specs repository run \`pnpm build\`; elsewhere reinstall the package.`,
    );
  }
})();

/** The registered vendor APIs, in redocly.yaml's order. */
export const VENDORS: readonly string[] = REGISTRY.map((api) => api.vendor);
/** A registered API's name (specs/<vendor>): check user input with {@link parseVendor}. */
export type Vendor = string;

export interface CredentialHeaderRule {
  /** Header name of the apiKey security scheme to turn into a required header parameter. */
  header: string;
  /** What the header value must look like; anything else is rejected like the real server does. */
  pattern: string;
  /** Why, for the parameter description in the derived document. */
  reason: string;
  /** The server's words for a request without the header, and for one whose value breaks the pattern. */
  missing: string;
  malformed: string;
}

export interface VendorInfo {
  vendor: Vendor;
  /** Port `pnpm mock` uses by default. */
  defaultPort: number;
  auth: AuthStyle;
  /** How a bad request is answered (registry `mockErrors`); undefined: the spec's first 400 example. */
  errors: MockErrors | undefined;
  /**
   * Real ZStack answers a missing or non-`OAuth` Authorization header with HTTP 400 (plain text) and
   * never 401, while Prism answers any unmet security requirement with 401. Declaring the header as a
   * required parameter makes Prism treat it as request validation, which it answers with the spec's
   * declared 400 response. Huawei's gateway does answer 401, so its schemes are left to Prism.
   */
  credentialHeader?: CredentialHeaderRule;
}

/**
 * Real ZStack answers a missing or non-`OAuth` Authorization header with HTTP 400 (plain text) and never
 * 401, while Prism answers any unmet security requirement with 401; Huawei's gateway does answer 401.
 */
const CREDENTIAL_HEADERS: Partial<Record<AuthStyle, CredentialHeaderRule>> = {
  zstack: {
    header: 'Authorization',
    pattern: '^OAuth \\S+$',
    reason:
      'Mock only: ZStack answers a missing Authorization header, or one whose scheme is not `OAuth`, with HTTP 400 ' +
      '(plain text), so the mock validates the header as a parameter instead of as a security requirement (which Prism answers with 401).',
    // RestServer's own messages (github.com/zstackio/zstack, the spec's BadRequestMissingAuthorization and
    // BadRequestNotOAuth examples).
    missing: "missing header 'Authorization'",
    malformed: "Authorization type must be 'OAuth'",
  },
};

export const VENDOR_INFO: Readonly<Record<Vendor, VendorInfo>> = Object.fromEntries(
  REGISTRY.map((api) => {
    const credentialHeader = CREDENTIAL_HEADERS[api.auth];
    const info: VendorInfo = {
      vendor: api.vendor,
      defaultPort: api.mockPort,
      auth: api.auth,
      errors: api.mockErrors,
      ...(credentialHeader ? { credentialHeader } : {}),
    };
    return [api.vendor, info];
  }),
);

/** What the mock knows of a registered API; a MockError listing the registered ones otherwise. */
export function vendorInfo(vendor: string): VendorInfo {
  const info = VENDOR_INFO[vendor];
  if (!info) throw new MockError(`Unknown vendor "${vendor}"; expected one of: ${VENDORS.join(', ')}.`);
  return info;
}

export function isVendor(value: string): value is Vendor {
  return VENDORS.includes(value);
}

/** Checks a user-supplied vendor name, with an error that lists the valid ones. */
export function parseVendor(value: string): Vendor {
  if (isVendor(value)) return value;
  throw new MockError(`Unknown vendor "${value}"; expected one of: ${VENDORS.join(', ')}.`);
}

/** An error meant for people: the message says what is wrong and what to do; no stack trace needed. */
export class MockError extends Error {
  override name = 'MockError';
}
