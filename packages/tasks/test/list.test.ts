import { isApiError } from '@backup-specs/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackupTask, listBackupTasks, type SourceFailure } from '../src/index.js';
import { type FakeVendors, startFakeVendors } from './support/fake-vendors.js';
import { sourcesOf } from './support/sources.js';

let fake: FakeVendors | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function collect(iterable: AsyncIterable<BackupTask>): Promise<BackupTask[]> {
  const tasks: BackupTask[] = [];
  for await (const task of iterable) tasks.push(task);
  return tasks;
}

const times = (tasks: BackupTask[]) => tasks.map((task) => task.created?.getTime() ?? Number.NaN);

describe('listBackupTasks', () => {
  it('streams every task of every vendor, newest first across vendors', async () => {
    fake = await startFakeVendors({ tasksPerVendor: 250 });
    const listing = listBackupTasks(sourcesOf(fake), { pageSize: 40 });
    const tasks = await collect(listing);
    expect(listing.failures).toEqual([]);
    // ZStack: 84 per kind (250 split in three, rounded up); CBR and VBS 250 each.
    expect(tasks.filter((task) => task.vendor === 'zstack')).toHaveLength(84 * 3);
    expect(tasks.filter((task) => task.vendor === 'huaweicloud-cbr')).toHaveLength(250);
    expect(tasks.filter((task) => task.vendor === 'huaweicloud-vbs')).toHaveLength(250);
    expect(new Set(tasks.map((task) => `${task.vendor}/${task.id}`)).size).toBe(tasks.length);
    const created = times(tasks);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(new Set(tasks.slice(0, 5).map((task) => task.vendor)).size).toBe(3);
  });

  it('with a limit, yields the newest n and fetches at most n per list', async () => {
    fake = await startFakeVendors({ tasksPerVendor: 300 });
    const tasks = await collect(listBackupTasks(sourcesOf(fake), { limit: 4 }));
    expect(tasks).toHaveLength(4);
    expect(Math.min(...times(tasks))).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 30, 11, 59));
    const limits = fake.urls.map((url) => /[?&]limit=(\d+)/.exec(url)?.[1]).map(Number);
    expect(limits.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...limits)).toBe(4);
    expect(fake.urls.length).toBeLessThanOrEqual(5 + 5); // one page per list (+ at most one more each)
  });

  it('filters by status, narrowing on the server where the API can', async () => {
    fake = await startFakeVendors({ tasksPerVendor: 30 });
    const tasks = await collect(listBackupTasks(sourcesOf(fake), { statuses: ['failed'] }));
    expect(tasks.length).toBeGreaterThan(10);
    expect(new Set(tasks.map((task) => task.status))).toEqual(new Set(['failed']));
    expect(new Set(tasks.map((task) => task.kind))).toEqual(new Set(['cbt-task', 'operation-log', 'backup-job']));
    expect(fake.urls.some((url) => url.includes('/cdp-task?') && url.includes('q=status?=Failed'))).toBe(true);
    expect(fake.urls.some((url) => url.includes('q=status?=Failed'))).toBe(true);
    expect(fake.urls.some((url) => url.includes('/operation-logs?') && url.includes('status=failed'))).toBe(true);
    expect(fake.urls.some((url) => url.includes('/backuptasks?') && url.includes('status=EXECUTE_FAIL'))).toBe(true);
    // No database backup status maps to failed: not asked at all.
    expect(fake.urls.some((url) => url.includes('/database-backups'))).toBe(false);
  });

  it('filters by kind and by creation time, stopping a newest-first list at the first older task', async () => {
    fake = await startFakeVendors({ tasksPerVendor: 3000 });
    const since = new Date(Date.UTC(2026, 10, 30, 11, 50));
    const tasks = await collect(
      listBackupTasks(sourcesOf(fake), { since, kinds: ['cdp-task', 'operation-log', 'backup-job'] }),
    );
    expect(new Set(tasks.map((task) => task.kind))).toEqual(new Set(['cdp-task', 'operation-log', 'backup-job']));
    expect(Math.min(...times(tasks))).toBeGreaterThanOrEqual(since.getTime());
    expect(tasks.filter((task) => task.kind === 'backup-job')).toHaveLength(11);
    expect(fake.urls.some((url) => url.includes('start_time=2026-11-30T11:50:00Z'))).toBe(true);
    expect(fake.requests.zstack + fake.requests.vbs).toBeLessThanOrEqual(2);
  });

  it('one vendor failing does not stop the others: its failure is reported beside the results', async () => {
    fake = await startFakeVendors({ tasksPerVendor: 12, failing: ['vbs'] });
    const reported: SourceFailure[] = [];
    const listing = listBackupTasks(sourcesOf(fake), { onFailure: (failure) => reported.push(failure) });
    const tasks = await collect(listing);
    expect(tasks.filter((task) => task.vendor === 'huaweicloud-vbs')).toEqual([]);
    expect(tasks.filter((task) => task.vendor !== 'huaweicloud-vbs')).toHaveLength(24);
    expect(listing.failures).toHaveLength(1);
    expect(reported).toEqual(listing.failures);
    const [failure] = listing.failures;
    expect(failure).toMatchObject({ vendor: 'huaweicloud-vbs', kind: 'backup-job', policyId: expect.any(String) });
    expect(isApiError(failure?.error) && failure.error.status).toBe(500);
  });

  it("stops at once when the caller aborts, with the caller's reason", async () => {
    fake = await startFakeVendors({ tasksPerVendor: 5000 });
    const controller = new AbortController();
    let read = 0;
    const run = async () => {
      for await (const _ of listBackupTasks(sourcesOf(fake as FakeVendors), {
        signal: controller.signal,
        pageSize: 50,
      })) {
        if (++read === 120) controller.abort(new Error('enough'));
      }
    };
    await expect(run()).rejects.toThrow('enough');
    expect(read).toBe(120);
  });

  it('refuses bad filters and sources before any request', () => {
    const sources = [{ vendor: 'huaweicloud-vbs', policyIds: [], client: {} }] as never;
    expect(() => listBackupTasks(sources)).toThrow(/policyIds must list at least one/);
    expect(() => listBackupTasks([], { kinds: ['backup' as never] })).toThrow(/Unknown kind "backup"/);
    expect(() => listBackupTasks([], { statuses: ['done' as never] })).toThrow(/Unknown status "done": one of queued/);
    expect(() => listBackupTasks([], { limit: 0 })).toThrow(/limit must be an integer/);
    expect(() => listBackupTasks([], { since: new Date(Number.NaN) })).toThrow(/since must be a valid Date/);
    const zstack = [{ vendor: 'zstack', timeZone: 'Mars/Olympus', client: {} }] as never;
    expect(() => listBackupTasks(zstack)).toThrow(/not an IANA time zone/);
  });
});
