// Contexts for running the contract checks against the Prism mocks of the globalSetup.
import type { HuaweiAuth } from '@backup-specs/client/huaweicloud';
import type { ZStackAuth } from '@backup-specs/client/zstack';
import {
  createResponseValidator,
  listOperations,
  type OperationInfo,
  type ResponseValidator,
  readBundle,
  VENDORS,
  type Vendor,
} from '@backup-specs/mock';
import { inject } from 'vitest';
import type { ContractContext } from '../src/checks.js';
import { createRecorder } from '../src/recorder.js';

// Credentials the mocks accept (any token; an OAuth header; an AK/SK signature Prism only checks for presence).
export const SESSION_UUID = '7d8a4ecd4dd04b71a0c8d02d6ec25c5a';
export const HUAWEI_TOKEN = 'MIIZ-test-token-for-the-mock';
const AKSK_HEADERS = {
  authorization: 'SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK, SignedHeaders=host;x-sdk-date, Signature=0123456789abcdef',
  'x-sdk-date': '20240101T000000Z',
};

const specs = new Map<Vendor, Promise<{ vendor: Vendor; operations: OperationInfo[] }>>();
/** A vendor's operations as the mock reads them, read once per run. */
export function loadSpec(vendor: Vendor): Promise<{ vendor: Vendor; operations: OperationInfo[] }> {
  let spec = specs.get(vendor);
  if (!spec) {
    spec = readBundle(vendor).then((doc) => ({ vendor, operations: listOperations(doc) }));
    specs.set(vendor, spec);
  }
  return spec;
}

export const PROJECT_ID = '04f1829c788037ac2fb8c01eb2b04b95';
export const POLICY_ID = 'af8a20b0-117d-4fc3-ae53-aa3968a4f870';
export const HUAWEI_AUTH: Record<'token' | 'aksk', HuaweiAuth> = {
  token: { token: HUAWEI_TOKEN },
  aksk: { ak: AKSK_HEADERS.authorization.match(/Access=([^,]+)/)?.[1] ?? 'AK', sk: 'mock-secret-key' },
};
export const ZSTACK_AUTH: Record<'session' | 'account', ZStackAuth> = {
  session: { sessionUuid: SESSION_UUID },
  // Not a word that appears in ZStack's messages: the client scrubs the password from error bodies.
  account: { accountName: 'admin', password: 'mock-Pa55-7d1e' },
};

const bundles = Object.fromEntries(await Promise.all(VENDORS.map(async (v) => [v, await readBundle(v)] as const)));
/** Strict: the mocks answer from the examples, which document every field they use. */
const validators = Object.fromEntries(
  VENDORS.map((v) => [v, createResponseValidator(bundles[v] as never, { rejectUndocumented: true })]),
) as Record<Vendor, ResponseValidator>;

export interface SentRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** What went over the wire, request side (the recorder keeps the response side). */
export const sent: SentRequest[] = [];

function validatorOf(vendor: Vendor): ResponseValidator {
  const validator = validators[vendor];
  if (!validator) throw new Error(`no response validator for ${vendor}`);
  return validator;
}

const recorders: { vendor: Vendor; recorder: ContractContext['recorder'] }[] = [];

/** Operations called through a client so far, as `<vendor> <operationId>` (from every recorder made here). */
export function covered(): Set<string> {
  const out = new Set<string>();
  for (const { vendor, recorder } of recorders) {
    for (const exchange of recorder.exchanges) {
      const operation = validatorOf(vendor).findOperation(exchange.method, exchange.path);
      if (operation) out.add(`${vendor} ${operation.operationId}`);
    }
  }
  return out;
}

export function mockContext(vendor: Vendor, auth: { zstack?: ZStackAuth; huawei?: HuaweiAuth }): ContractContext {
  const baseUrl = mockUrl(vendor);
  const recorder = createRecorder({
    baseUrl,
    validator: validatorOf(vendor),
    allowPrefer: true,
    fetch: async (request) => {
      sent.push({
        method: request.method,
        url: request.url,
        headers: new Headers(request.headers),
        body: await request.clone().text(),
      });
      return fetch(request);
    },
  });
  recorders.push({ vendor, recorder });
  return {
    vendor,
    mode: 'mock',
    baseUrl,
    recorder,
    ...(auth.zstack ? { zstack: { auth: auth.zstack } } : {}),
    ...(auth.huawei ? { huawei: { projectId: PROJECT_ID, auth: auth.huawei, policyId: POLICY_ID } } : {}),
  };
}

/** The base URL of a vendor's mock, started by the globalSetup. */
export function mockUrl(vendor: Vendor): string {
  const url = inject('mockUrls')[vendor];
  if (!url) throw new Error(`the globalSetup started no mock for ${vendor}`);
  return url;
}
