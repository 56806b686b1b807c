import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BackupTask, getBackupTask, TaskNotFoundError, watchBackupTask } from '../src/index.js';
import { type FakeVendors, startFakeVendors } from './support/fake-vendors.js';
import { sourcesOf } from './support/sources.js';

let fake: FakeVendors;
beforeAll(async () => {
  fake = await startFakeVendors({ tasksPerVendor: 9 });
});
afterAll(() => fake.close());

async function watchAll(...args: Parameters<typeof watchBackupTask>): Promise<BackupTask[]> {
  const seen: BackupTask[] = [];
  for await (const task of watchBackupTask(...args)) seen.push(task);
  return seen;
}

describe('getBackupTask', () => {
  it('finds a task of each vendor by id (ZStack: whichever kind has the uuid)', async () => {
    const [zstack, cbr, vbs] = sourcesOf(fake);
    expect(await getBackupTask(zstack, '00000000000000000000000003000002')).toMatchObject({
      kind: 'database-backup',
      status: 'unknown',
      vendorStatus: 'Creating',
    });
    expect(await getBackupTask(cbr, 'cbr-00000002')).toMatchObject({
      kind: 'operation-log',
      status: 'failed',
      progress: 100,
    });
    expect(await getBackupTask(vbs, 'vbs-00000002')).toMatchObject({
      kind: 'backup-job',
      status: 'failed',
      error: { code: 'VolumeBackup.0051' },
    });
  });

  it('reports a VBS reply without its "tasks" list as an unusable reply, not a TypeError', async () => {
    const { createVbsClient } = await import('@backup-specs/client/huaweicloud-vbs');
    const client = createVbsClient({
      baseUrl: 'http://vbs.test',
      projectId: '0'.repeat(32),
      auth: { token: 'token' },
      fetch: async () => Response.json({ count: 1 }),
    });
    const source = { vendor: 'huaweicloud-vbs', client, policyIds: ['policy-1'] } as const;
    await expect(getBackupTask(source, 'job-1')).rejects.toMatchObject({
      name: 'UnexpectedResponseError',
      message: expect.stringContaining('the reply has no "tasks" list'),
    });
  });

  it('answers undefined for an id the vendor does not have', async () => {
    const [zstack, cbr, vbs] = sourcesOf(fake);
    expect(await getBackupTask(zstack, 'ffffffffffffffffffffffffffffffff')).toBeUndefined();
    expect(await getBackupTask(cbr, 'no-such-log')).toBeUndefined();
    expect(await getBackupTask(vbs, 'no-such-job')).toBeUndefined();
  });

  it('takes only the task asked for, not another one a proxy or static mock answers with', async () => {
    const [zstack, cbr] = sourcesOf(fake);
    const other = { uuid: 'someone-else', status: 'Running' };
    const zstackLike = { ...zstack, client: { getByUuid: async () => ({ found: true, item: other }) } } as never;
    expect(await getBackupTask(zstackLike, 'wanted-uuid')).toBeUndefined();
    const cbrLike = {
      ...cbr,
      client: { showOpLog: async () => ({ found: true, operationLog: { id: 'op-other', status: 'success' } }) },
    } as never;
    expect(await getBackupTask(cbrLike, 'op-wanted')).toBeUndefined();
  });

  it('refuses a kind the vendor does not have', async () => {
    const [, cbr] = sourcesOf(fake);
    await expect(getBackupTask(cbr, 'x', { kind: 'cdp-task' })).rejects.toThrow(/huaweicloud-cbr has no cdp-task/);
  });
});

describe('watchBackupTask', () => {
  const statuses = (tasks: BackupTask[]) =>
    tasks.map((task) => `${task.status}${task.progress === undefined ? '' : ` ${task.progress}`}`);

  it('polls a CBR task through its states until it settles', async () => {
    const [, cbr] = sourcesOf(fake);
    expect(statuses(await watchAll(cbr, 'cbr-succeeds', { intervalMs: 10 }))).toEqual([
      'queued 0',
      'running 30',
      'running 70',
      'succeeded 100',
    ]);
  });

  it('a CDP task settles once it protects (running) or when it ends', async () => {
    const [zstack] = sourcesOf(fake);
    expect(statuses(await watchAll(zstack, 'cdp-protects', { intervalMs: 10 }))).toEqual([
      'queued',
      'queued',
      'running',
    ]);
    expect(statuses(await watchAll(zstack, 'cdp-fails', { intervalMs: 10, kind: 'cdp-task' }))).toEqual([
      'queued',
      'failed',
    ]);
  });

  it('a VBS job, and a task that is not there', async () => {
    const [, , vbs] = sourcesOf(fake);
    expect(statuses(await watchAll(vbs, 'vbs-fails', { intervalMs: 10 }))).toEqual(['running', 'failed']);
    await expect(watchAll(vbs, 'no-such-job', { intervalMs: 10 })).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it("ends with the caller's abort reason", async () => {
    const [, cbr] = sourcesOf(fake);
    await expect(
      watchAll(cbr, 'cbr-stalls', { intervalMs: 20, signal: AbortSignal.timeout(150) }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(watchAll(cbr, 'cbr-stalls', { intervalMs: 5 })).rejects.toThrow(/intervalMs must be/);
  });
});
