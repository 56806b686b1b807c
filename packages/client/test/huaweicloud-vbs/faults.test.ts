// VBS paging over a flaky loopback server: every job exactly once, bounded attempts, retried requests
// re-sent as signed.
import { afterEach, describe, expect, it } from 'vitest';
import { type BackupJob, createVbsClient } from '../../src/huaweicloud-vbs/index.js';
import { receivedByServer, verifySignature } from '../huaweicloud/support/verify-signature.js';
import { type Fault, type FlakyServer, type RecordedRequest, startFlakyServer } from '../support/flaky-server.js';

const PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const POLICY = 'af8a20b0-117d-4fc3-ae53-aa3968a4f870';
const AK = 'HPUAGQZSZ6XYZ0ZM7L2K';
const SK = 'sk-secret-XyZ0123456789abcdefghijklmnopqrs';

const jobs: BackupJob[] = Array.from({ length: 12 }, (_, i) => ({
  status: i === 0 ? 'RUNNING' : 'EXECUTE_SUCCESS',
  job_id: `job-${String(i).padStart(2, '0')}`,
  created_at: '2016-12-03T06:24:34.467',
  backup_name: `autobk_${i}`,
  resource_id: 'f47a4ab5-11f5-4509-97f5-80ce0dd74e37',
  resource_type: 'volume',
}));

let server: FlakyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function vbsServer(faults: Fault[]) {
  server = await startFlakyServer((request: RecordedRequest) => {
    const q = new URL(request.url, 'http://x').searchParams;
    const limit = Number(q.get('limit') ?? 20);
    const marker = q.get('marker');
    const from = marker === null ? Number(q.get('offset') ?? 0) : jobs.findIndex((j) => j.job_id === marker) + 1;
    return { body: { tasks: jobs.slice(from, from + limit), count: jobs.length } };
  }, faults);
  return server;
}

const busy: Fault = {
  kind: 'status',
  status: 503,
  headers: { 'Retry-After': '0' },
  body: '{"error":{"code":"VBS.0503","message":"Service unavailable"}}',
};

describe('VBS paging over a flaky server', () => {
  it('by marker: drops and 503s are retried, every job arrives once, the marker chain is intact', async () => {
    const s = await vbsServer([
      { kind: 'drop' },
      { kind: 'pass' },
      busy,
      busy,
      { kind: 'pass' },
      { kind: 'delay', ms: 1500 },
    ]);
    const vbs = createVbsClient({
      baseUrl: s.url,
      projectId: PROJECT,
      auth: { ak: AK, sk: SK },
      retry: { baseDelayMs: 1, timeoutMs: 300 },
    });
    const ids: string[] = [];
    for await (const job of vbs.backupTasks(POLICY, {}, { by: 'marker', pageSize: 5 })) ids.push(job.job_id);
    expect(ids).toEqual(jobs.map((j) => j.job_id));
    const markers = s.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('marker'));
    // page 1 (drop, ok), page 2 (503, 503, ok), page 3 (slow, ok), the final empty page
    expect(markers).toEqual([null, null, 'job-04', 'job-04', 'job-04', 'job-09', 'job-09', 'job-11']);
    const checks = await Promise.all(s.requests.map((r) => verifySignature(receivedByServer(r, s.url), SK)));
    expect(checks.map((c) => c.valid)).toEqual(Array(8).fill(true));
    expect(s.requests[2]?.headers.authorization).toBe(s.requests[4]?.headers.authorization);
  });

  it('by offset: a page that fails on every attempt stops the iteration after exactly 3 attempts', async () => {
    const s = await vbsServer([{ kind: 'pass' }, busy, busy, busy, busy]);
    const vbs = createVbsClient({
      baseUrl: s.url,
      projectId: PROJECT,
      auth: { ak: AK, sk: SK },
      retry: { baseDelayMs: 1 },
    });
    const ids: string[] = [];
    const error = await (async () => {
      for await (const job of vbs.backupTasks(POLICY, {}, { pageSize: 5 })) ids.push(job.job_id);
    })().catch((e: unknown) => e);
    expect(ids).toEqual(jobs.slice(0, 5).map((j) => j.job_id));
    expect(error).toMatchObject({
      name: 'HuaweiApiError',
      status: 503,
      code: 'VBS.0503',
      errorMessage: 'Service unavailable',
    });
    expect(s.requests).toHaveLength(4);
  });
});
