// Type tests: the VBS client is an openapi-fetch client typed from the spec, plus typed helpers.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type BackupJob,
  type BackupJobs,
  createVbsClient,
  type Page,
  unwrap,
  type VbsClient,
} from '../../src/huaweicloud-vbs/index.js';

const projectId = '0123456789abcdef0123456789abcdef';
declare const vbs: VbsClient;

describe('VBS client types', () => {
  it('options as for CBR', () => {
    expectTypeOf(createVbsClient({ region: 'cn-north-4', projectId, auth: { token: 't' } })).toEqualTypeOf<VbsClient>();
    // @ts-expect-error securityToken only comes with AK/SK
    createVbsClient({ region: 'cn-north-4', projectId, auth: { token: 't', securityToken: 's' } });
  });

  it('GET is typed from the spec', async () => {
    const path = '/v2/{project_id}/backuppolicy/{policy_id}/backuptasks' as const;
    const { data } = await vbs.GET(path, {
      params: {
        path: { project_id: projectId, policy_id: 'p' },
        query: { sort_dir: 'asc', sort_key: 'created_at', marker: 'j' },
      },
    });
    expectTypeOf(data?.tasks).toEqualTypeOf<BackupJob[] | undefined>();
    // @ts-expect-error sort_dir is asc or desc
    await vbs.GET(path, { params: { path: { project_id: projectId, policy_id: 'p' }, query: { sort_dir: 'up' } } });
    // @ts-expect-error policy_id missing
    await vbs.GET(path, { params: { path: { project_id: projectId } } });
    // @ts-expect-error wrong version prefix
    await vbs.GET('/v1/{project_id}/backuppolicy/{policy_id}/backuptasks', {
      params: { path: { project_id: projectId, policy_id: 'p' } },
    });
  });

  it('helpers', async () => {
    expectTypeOf(unwrap(await vbs.listBackupTasksByPolicy('p', { status: 'RUNNING' }))).toEqualTypeOf<BackupJobs>();
    for await (const job of vbs.backupTasks('p', { sort_dir: 'desc' }, { by: 'marker' }))
      expectTypeOf(job).toEqualTypeOf<BackupJob>();
    for await (const page of vbs.backupTaskPages('p')) expectTypeOf(page).toEqualTypeOf<Page<BackupJob>>();
    // @ts-expect-error the iterator sets marker itself
    vbs.backupTasks('p', { marker: 'x' });
    // @ts-expect-error unknown paging mode
    vbs.backupTasks('p', {}, { by: 'page' });
  });
});
