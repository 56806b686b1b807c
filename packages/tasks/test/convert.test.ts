import { describe, expect, it } from 'vitest';
import { fromBackupJob, fromOperationLog, fromZStack, TASK_STATUSES, toJson } from '../src/index.js';
import { exampleItems, validateTask } from './support/bundles.js';

const ZSTACK_KINDS = [
  ['cbt-task', 'QueryCbtTask'],
  ['cdp-task', 'QueryCdpTask'],
  ['database-backup', 'QueryDatabaseBackup'],
] as const;

function expectValid(json: unknown) {
  const valid = validateTask(json);
  expect(validateTask.errors ?? [], JSON.stringify(json)).toEqual([]);
  expect(valid).toBe(true);
}

describe('every example of the specs converts to a valid BackupTask', () => {
  it.each(ZSTACK_KINDS)('ZStack %s (examples %s*)', (kind, prefix) => {
    const examples = exampleItems('zstack', 'inventories').filter(({ name }) => name.startsWith(prefix));
    expect(examples.length).toBeGreaterThan(2);
    for (const { items } of examples) {
      for (const item of items) {
        const task = fromZStack(kind, item as never, { timeZone: 'Asia/Shanghai' });
        expect(task).toMatchObject({ vendor: 'zstack', kind, id: (item as { uuid: string }).uuid });
        expectValid(toJson(task));
      }
    }
  });

  it('CBR operation logs', () => {
    const examples = exampleItems('huaweicloud-cbr', 'operation_logs');
    expect(examples.length).toBeGreaterThan(3);
    for (const { items } of examples) {
      for (const item of items) {
        const task = fromOperationLog(item as never);
        expect(TASK_STATUSES).toContain(task.status);
        expect(task.created, (item as { created_at: string }).created_at).toBeInstanceOf(Date);
        expectValid(toJson(task));
      }
    }
  });

  it('VBS backup jobs', () => {
    const examples = exampleItems('huaweicloud-vbs', 'tasks');
    expect(examples.length).toBeGreaterThan(2);
    for (const { items } of examples) {
      for (const item of items) {
        const task = fromBackupJob(item as never);
        expect(task.created).toBeInstanceOf(Date);
        expectValid(toJson(task));
      }
    }
  });
});

describe('fields', () => {
  it('CBR: progress, resource, backup name; error only when there is one', () => {
    const base = {
      id: 'op-1',
      project_id: 'p',
      status: 'failed',
      operation_type: 'backup',
      created_at: '2019-05-23T14:31:36.039365',
      started_at: '2019-05-23T14:31:37.000+00:00',
      ended_at: '2019-05-23T14:35:23.511',
      updated_at: '2019-05-23T14:35:23.584',
      error_info: { code: 'BackupService.6014', message: 'Backup failed.' },
      extra_info: {
        common: { progress: 35, request_id: 'r' },
        resource: { id: 'vm-1', type: 'OS::Nova::Server', name: 'ecs-1' },
        backup: { backup_id: 'b-1', backup_name: 'manualbk_1' },
      },
    };
    expect(fromOperationLog(base as never)).toMatchObject({
      status: 'failed',
      vendorStatus: 'failed',
      name: 'manualbk_1',
      operation: 'backup',
      progress: 35,
      resource: { id: 'vm-1', type: 'OS::Nova::Server', name: 'ecs-1' },
      error: { code: 'BackupService.6014', message: 'Backup failed.' },
    });
    const ok = fromOperationLog({ ...base, status: 'success', error_info: { code: '', message: '' } } as never);
    expect(ok.error).toBeUndefined();
    const odd = fromOperationLog({ ...base, extra_info: { common: { progress: 170 }, resource: {} } } as never);
    expect(odd.progress).toBeUndefined();
    expect(odd.resource).toBeUndefined();
    expect(odd.name).toBeUndefined();
  });

  it('VBS: fail_reason "<code>#<message>" and message/code', () => {
    const job = { job_id: 'j', status: 'EXECUTE_FAIL', created_at: '2016-12-02T09:06:46.706' };
    expect(
      fromBackupJob({ ...job, fail_reason: 'VolumeBackup.0051#volume of this pod does not support backup' } as never)
        .error,
    ).toEqual({
      code: 'VolumeBackup.0051',
      message: 'volume of this pod does not support backup',
    });
    expect(fromBackupJob({ ...job, fail_reason: 'disk gone' } as never).error).toEqual({ message: 'disk gone' });
    expect(fromBackupJob({ ...job, code: 'VBS.1', message: 'nope' } as never).error).toEqual({
      code: 'VBS.1',
      message: 'nope',
    });
    expect(fromBackupJob({ ...job, status: 'EXECUTE_SUCCESS' } as never).error).toBeUndefined();
  });

  it('ZStack: a stopped CBT task has no end (it can be started again), its last change is `updated`; the first resource ref', () => {
    const task = fromZStack(
      'cbt-task',
      {
        uuid: 'u',
        status: 'Stopped',
        createDate: 'Jan 7, 2025 9:15:30 AM',
        lastOpDate: 'Feb 2, 2025, 6:40:11 PM',
        resourceRefs: [{ resourceUuid: 'vm', resourceType: 'VmInstanceVO' }],
      } as never,
      { timeZone: 'UTC' },
    );
    expect(task.ended).toBeUndefined();
    expect(task.updated?.toISOString()).toBe('2025-02-02T18:40:11.000Z');
    expect(task.resource).toEqual({ id: 'vm', type: 'VmInstanceVO', name: undefined });
    const running = fromZStack(
      'cbt-task',
      { uuid: 'u', status: 'Running', lastOpDate: 'Feb 2, 2025 6:40:11 PM' } as never,
      {},
    );
    expect(running.ended).toBeUndefined();
    expect(running.updated).toBeInstanceOf(Date);
  });

  it('converts garbage without throwing; the JSON form stays valid but for the empty id', () => {
    for (const raw of [{}, { status: 7, name: 3, createDate: {}, resourceRefs: 'x' }]) {
      const task = fromZStack('cdp-task', raw as never, {});
      expect(task.status).toBe('unknown');
      expect(task.id).toBe('');
    }
  });
});
