// Contexts for running the contract checks against the Prism mocks of the globalSetup.
import type { HuaweiAuth } from '@backup-specs/client/huaweicloud';
import type { ZStackAuth } from '@backup-specs/client/zstack';
import { inject } from 'vitest';
import type { ContractContext } from '../../src/contract/checks.js';
import { createRecorder } from '../../src/contract/recorder.js';
import { readBundle } from '../../src/documents.js';
import { createResponseValidator, type ResponseValidator } from '../../src/validate.js';
import { VENDORS, type Vendor } from '../../src/vendors.js';
import { AKSK_HEADERS, HUAWEI_TOKEN, SESSION_UUID } from '../support/requests.js';

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

const recorders: { vendor: Vendor; recorder: ContractContext['recorder'] }[] = [];

/** Operations called through a client so far, as `<vendor> <operationId>` (from every recorder made here). */
export function covered(): Set<string> {
  const out = new Set<string>();
  for (const { vendor, recorder } of recorders) {
    for (const exchange of recorder.exchanges) {
      const operation = validators[vendor].findOperation(exchange.method, exchange.path);
      if (operation) out.add(`${vendor} ${operation.operationId}`);
    }
  }
  return out;
}

export function mockContext(vendor: Vendor, auth: { zstack?: ZStackAuth; huawei?: HuaweiAuth }): ContractContext {
  const baseUrl = inject('mockUrls')[vendor];
  const recorder = createRecorder({
    baseUrl,
    validator: validators[vendor],
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
