// The VBS client with an injected fetch: exact URLs and headers, the nested error shape, and paging by
// offset and by marker.
import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import {
  type BackupJob,
  createVbsClient,
  HuaweiApiError,
  PagingError,
  unwrap,
} from '../../src/huaweicloud-vbs/index.js';
import { received, verifySignature } from '../huaweicloud/support/verify-signature.js';

const PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const POLICY = 'af8a20b0-117d-4fc3-ae53-aa3968a4f870';
const TOKEN = 'MIIEhwYJKoZIhvcNAQcCoIIEeDCCBHQCAQExDTALBglghkgBZQMEAgEw';
const AK = 'HPUAGQZSZ6XYZ0ZM7L2K';
const SK = 'sk-secret-XyZ0123456789abcdefghijklmnopqrs';
const LIST_URL = `https://vbs.cn-north-4.myhuaweicloud.com/v2/${PROJECT}/backuppolicy/${POLICY}/backuptasks`;

const job = (i: number): BackupJob => ({
  status: 'EXECUTE_SUCCESS',
  job_id: `job-${String(i).padStart(3, '0')}`,
  created_at: '2016-12-02T09:06:46.706',
  finished_at: '2016-12-02T13:00:00.121',
  backup_name: `autobk_${i}`,
  resource_id: 'f47a4ab5-11f5-4509-97f5-80ce0dd74e37',
  resource_type: 'volume',
});
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** VBS list server: by offset, or after the marker job when `marker` is given; count = all jobs. */
function jobServer(jobs: BackupJob[]) {
  const sent: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    sent.push(request);
    const q = new URL(request.url).searchParams;
    const limit = Number(q.get('limit') ?? 20);
    const marker = q.get('marker');
    const from = marker === null ? Number(q.get('offset') ?? 0) : jobs.findIndex((j) => j.job_id === marker) + 1;
    if (marker !== null && from === 0) return json({ error: { code: 'VBS.0001', message: 'marker not found' } }, 400);
    return json({ tasks: jobs.slice(from, from + limit), count: jobs.length });
  });
  return { fetch, sent, queries: () => sent.map((r) => new URL(r.url).search) };
}

describe('createVbsClient: requests', () => {
  it('token auth: exact URL and headers', async () => {
    const server = jobServer([job(1), job(2)]);
    const vbs = createVbsClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: server.fetch,
    });
    const result = await vbs.listBackupTasksByPolicy(POLICY, {
      sort_key: 'created_at',
      sort_dir: 'desc',
      status: 'RUNNING',
      limit: 10,
    });
    expect(unwrap(result)).toEqual({ tasks: [job(1), job(2)], count: 2 });
    const [request] = server.sent as [Request];
    expect(request.url).toBe(`${LIST_URL}?sort_key=created_at&sort_dir=desc&status=RUNNING&limit=10`);
    expect(Object.fromEntries(request.headers)).toEqual({ 'x-auth-token': TOKEN });
  });

  it('AK/SK auth: signed with X-Project-Id, verifiable', async () => {
    const server = jobServer([]);
    const vbs = createVbsClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { ak: AK, sk: SK },
      fetch: server.fetch,
    });
    await vbs.GET('/v2/{project_id}/backuppolicy/{policy_id}/backuptasks', {
      params: { path: { project_id: PROJECT, policy_id: POLICY }, query: { job_id: 'job-001' } },
    });
    const [request] = server.sent as [Request];
    expect(request.url).toBe(`${LIST_URL}?job_id=job-001`);
    expect(await verifySignature(await received(request), SK)).toMatchObject({
      valid: true,
      access: AK,
      signedHeaders: ['host', 'x-project-id', 'x-sdk-date'],
    });
  });

  it("the nested error shape becomes HuaweiApiError (VBS's 404 for an unknown policy)", async () => {
    const fetch = async () =>
      json({ error: { code: 'AutoBackup.0205', message: 'The policy does not exist.' } }, 404, {
        'X-Request-Id': 'vbs-404',
      });
    const vbs = createVbsClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    const error = await (async () => {
      for await (const _ of vbs.backupTasks(POLICY)) {
        // none
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HuaweiApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'AutoBackup.0205',
      errorMessage: 'The policy does not exist.',
      requestId: 'vbs-404',
    });
  });

  it('refuses an unusable policy id before sending', async () => {
    const server = jobServer([]);
    const vbs = createVbsClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: server.fetch,
    });
    await expect(vbs.listBackupTasksByPolicy('../../v3')).rejects.toBeInstanceOf(ConfigurationError);
    await expect(vbs.listBackupTasksByPolicy('')).rejects.toThrow(
      'Path parameter "policy_id" is empty: pass the id to look up.',
    );
    expect(server.fetch).not.toHaveBeenCalled();
  });
});

describe('paging', () => {
  const jobs = Array.from({ length: 25 }, (_, i) => job(i));

  it('by offset (the default): offset/limit with one item of overlap, until count', async () => {
    const server = jobServer(jobs);
    const vbs = createVbsClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: server.fetch,
    });
    const ids: string[] = [];
    for await (const j of vbs.backupTasks(POLICY, { sort_key: 'created_at', sort_dir: 'asc' }, { pageSize: 10 }))
      ids.push(j.job_id);
    expect(ids).toEqual(jobs.map((j) => j.job_id));
    expect(server.queries()).toEqual([
      '?sort_key=created_at&sort_dir=asc&offset=0&limit=10',
      '?sort_key=created_at&sort_dir=asc&offset=9&limit=10',
      '?sort_key=created_at&sort_dir=asc&offset=18&limit=10',
    ]);
  });

  it('by marker: marker = the last job_id of the previous page, until an empty page', async () => {
    const server = jobServer(jobs);
    const vbs = createVbsClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: server.fetch,
    });
    const pages: { n: number; marker: string | undefined }[] = [];
    for await (const page of vbs.backupTaskPages(
      POLICY,
      { status: 'EXECUTE_SUCCESS' },
      { by: 'marker', pageSize: 10 },
    )) {
      pages.push({ n: page.items.length, marker: page.marker });
    }
    expect(pages).toEqual([
      { n: 10, marker: undefined },
      { n: 10, marker: 'job-009' },
      { n: 5, marker: 'job-019' },
    ]);
    expect(server.queries()).toEqual([
      '?status=EXECUTE_SUCCESS&limit=10',
      '?status=EXECUTE_SUCCESS&marker=job-009&limit=10',
      '?status=EXECUTE_SUCCESS&marker=job-019&limit=10',
      '?status=EXECUTE_SUCCESS&marker=job-024&limit=10',
    ]);
  });

  it('by marker against a server that ignores the marker: PagingError, not an endless loop', async () => {
    const fetch = async () => json({ tasks: jobs.slice(0, 5), count: 25 });
    const vbs = createVbsClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN }, fetch });
    const run = async () => {
      for await (const _ of vbs.backupTasks(POLICY, {}, { by: 'marker', pageSize: 5 })) {
        // drain
      }
    };
    await expect(run()).rejects.toBeInstanceOf(PagingError);
  });

  it('refuses an unknown paging mode and a bad page size when the iterator is created', () => {
    const vbs = createVbsClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: TOKEN },
      fetch: jobServer([]).fetch,
    });
    expect(() => vbs.backupTasks(POLICY, {}, { by: 'page' as never })).toThrow(
      new ConfigurationError('VBS backupTaskPages: set by to "offset" or "marker" (or leave it out for offset).'),
    );
    expect(() => vbs.backupTaskPages(POLICY, {}, { by: 'marker', pageSize: 0 })).toThrow(
      'VBS GET /v2/{project_id}/backuppolicy/{policy_id}/backuptasks: pageSize must be an integer from 1 to 1000.',
    );
    expect(() => vbs.backupTaskPages(POLICY, {}, { pageSize: 1 })).toThrow(
      'VBS GET /v2/{project_id}/backuppolicy/{policy_id}/backuptasks: pageSize must be an integer from 2 to 1000 (one item of each page overlaps the previous one).',
    );
  });
});
