// The vendor APIs this package mocks, their default ports, and what the Prism document derived from
// each bundle changes so Prism behaves like the real server (see derive.ts).

export const VENDORS = ['zstack', 'huaweicloud-cbr', 'huaweicloud-vbs'] as const;
export type Vendor = (typeof VENDORS)[number];

export interface CredentialHeaderRule {
  /** Header name of the apiKey security scheme to turn into a required header parameter. */
  header: string;
  /** What the header value must look like; anything else is rejected like the real server does. */
  pattern: string;
  /** Why, for the parameter description in the derived document. */
  reason: string;
}

export interface VendorInfo {
  vendor: Vendor;
  /** Port `pnpm mock` uses by default. */
  defaultPort: number;
  /**
   * Real ZStack answers a missing or non-`OAuth` Authorization header with HTTP 400 (plain text) and
   * never 401, while Prism answers any unmet security requirement with 401. Declaring the header as a
   * required parameter makes Prism treat it as request validation, which it answers with the spec's
   * declared 400 response. Huawei's gateway does answer 401, so its schemes are left to Prism.
   */
  credentialHeader?: CredentialHeaderRule;
}

export const VENDOR_INFO: Record<Vendor, VendorInfo> = {
  zstack: {
    vendor: 'zstack',
    defaultPort: 4010,
    credentialHeader: {
      header: 'Authorization',
      pattern: '^OAuth \\S+$',
      reason:
        'Mock only: ZStack answers a missing Authorization header, or one whose scheme is not `OAuth`, with HTTP 400 ' +
        '(plain text), so the mock validates the header as a parameter instead of as a security requirement (which Prism answers with 401).',
    },
  },
  'huaweicloud-cbr': { vendor: 'huaweicloud-cbr', defaultPort: 4011 },
  'huaweicloud-vbs': { vendor: 'huaweicloud-vbs', defaultPort: 4012 },
};

export function isVendor(value: string): value is Vendor {
  return (VENDORS as readonly string[]).includes(value);
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
