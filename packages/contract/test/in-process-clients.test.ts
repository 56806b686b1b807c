// The in-process mock fetch as consumers use it: the real clients get it as their `fetch` option and
// run the same read-only contract suite as against the Prism servers, without a server or a port.
import { createCbrClient, toHuaweiError } from '@backup-specs/client/huaweicloud-cbr';
import { createVbsClient } from '@backup-specs/client/huaweicloud-vbs';
import { createZStackClient, toZStackError } from '@backup-specs/client/zstack';
import { createResponseValidator, readBundle, type Vendor } from '@backup-specs/mock';
import { createMockFetch } from '@backup-specs/mock/in-process';
import { describe, expect, it } from 'vitest';
import { CONTRACT_VENDORS, type ContractContext, checksFor } from '../src/checks.js';
import { createRecorder } from '../src/recorder.js';
import { runCheck } from '../src/run.js';
import { HUAWEI_TOKEN, SESSION_UUID } from './support.js';

const PROJECT_ID = '04f1829c788037ac2fb8c01eb2b04b95';
const POLICY_ID = 'af8a20b0-117d-4fc3-ae53-aa3968a4f870';
// Any origin works: the in-process mock routes on the path only, like the Prism server.
const KNOWN_BASES: Record<string, string> = {
  zstack: 'http://zstack.example.internal:8080/zstack',
  'huaweicloud-cbr': 'https://cbr.cn-north-4.myhuaweicloud.com',
  'huaweicloud-vbs': 'https://vbs.cn-north-4.myhuaweicloud.com',
};
const base = (vendor: Vendor) => KNOWN_BASES[vendor] ?? `https://${vendor}.example.internal`;

async function inProcessContext(vendor: Vendor): Promise<ContractContext> {
  const recorder = createRecorder({
    baseUrl: base(vendor),
    validator: createResponseValidator(await readBundle(vendor), { rejectUndocumented: true }),
    allowPrefer: true,
    fetch: createMockFetch(vendor),
  });
  return vendor === 'zstack'
    ? {
        vendor,
        mode: 'mock',
        baseUrl: base(vendor),
        recorder,
        zstack: { auth: { accountName: 'admin', password: 'mock-Pa55-7d1e' } },
      }
    : {
        vendor,
        mode: 'mock',
        baseUrl: base(vendor),
        recorder,
        huawei: { projectId: PROJECT_ID, auth: { ak: 'AKMOCK', sk: 'sk-mock' }, policyId: POLICY_ID },
      };
}

describe.each(CONTRACT_VENDORS)('%s clients over the in-process mock', async (vendor) => {
  const context = await inProcessContext(vendor);
  it.each(checksFor(vendor).map((check) => [check.name, check] as const))('%s', async (_, check) => {
    const result = await runCheck(check, context);
    expect(result.error).toBeUndefined();
    expect(result.problems).toEqual([]);
    expect(result.exchanges.length).toBeGreaterThan(0);
  });
});

describe('consumer usage', () => {
  it('a ZStack client with the mock fetch gets the spec example, and typed errors via Prefer', async () => {
    const zstack = createZStackClient({
      baseUrl: base('zstack'),
      auth: { sessionUuid: SESSION_UUID },
      fetch: createMockFetch('zstack'),
    });
    const { data } = await zstack.GET('/v1/cbt-task', { params: { query: { q: ['status=Running'], limit: 10 } } });
    expect(data?.inventories?.[0]).toMatchObject({ uuid: '103f6f8dc6dc3f8b82c1e1923dc751e0', status: 'Running' });
    const failed = await zstack.GET('/v1/cbt-task', { headers: { Prefer: 'code=503, example=ErrorSessionExpired' } });
    expect(toZStackError(failed)).toMatchObject({ status: 503, code: 'ID.1001' });
    // Typed in the result itself, so openapi-fetch's `if (error)` works.
    expect(failed.error).toMatchObject({ status: 503, code: 'ID.1001' });
  });

  it('renewSession against the mock: PUT .../renew (202, job location), then the job result (the session)', async () => {
    const zstack = createZStackClient({
      baseUrl: base('zstack'),
      auth: { sessionUuid: SESSION_UUID },
      fetch: createMockFetch('zstack'),
    });
    const session = await zstack.renewSession({ duration: 3600 });
    expect(session).toMatchObject({ uuid: expect.any(String), expiredDate: expect.any(String) });
  });

  it('CBR and VBS clients with the mock fetch: data, not-found and paging helpers', async () => {
    const cbr = createCbrClient({
      baseUrl: base('huaweicloud-cbr'),
      projectId: PROJECT_ID,
      auth: { token: HUAWEI_TOKEN },
      fetch: createMockFetch('huaweicloud-cbr'),
    });
    const logs = [];
    for await (const log of cbr.opLogs()) logs.push(log);
    expect(logs.map((log) => log.id)).toEqual(['4827f2da-b008-4507-ab7d-42d0df5ed912']);
    const missing = await cbr.GET('/v3/{project_id}/operation-logs/{operation_log_id}', {
      params: { path: { project_id: PROJECT_ID, operation_log_id: 'x' } },
      headers: { Prefer: 'code=404, example=OperationLogNotFound' },
    });
    expect(toHuaweiError(missing)).toMatchObject({ status: 404, code: 'BackupService.6500' });

    const vbs = createVbsClient({
      baseUrl: base('huaweicloud-vbs'),
      projectId: PROJECT_ID,
      auth: { ak: 'AKMOCK', sk: 'sk-mock' },
      fetch: createMockFetch('huaweicloud-vbs'),
    });
    const page = await vbs.listBackupTasksByPolicy(POLICY_ID, { limit: 10 });
    expect(page.data?.tasks.length).toBeGreaterThan(0);
  });

  it('a request the spec rejects is rejected in-process too (no credentials)', async () => {
    const response = await createMockFetch('huaweicloud-cbr')(
      `${base('huaweicloud-cbr')}/v3/${PROJECT_ID}/operation-logs`,
    );
    expect(response.status).toBe(401);
  });
});
