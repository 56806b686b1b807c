// `backup-tasks list` as a subprocess against the fake vendors: table, JSON, NDJSON, filters, failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateTask } from '../../tasks/test/support/bundles.js';
import { type FakeVendors, startFakeVendors } from '../../tasks/test/support/fake-vendors.js';
import { closedPort, ESC, run } from './support/run.js';

let fake: FakeVendors;
beforeAll(async () => {
  fake = await startFakeVendors({ tasksPerVendor: 6 });
});
afterAll(() => fake.close());

describe('backup-tasks list', () => {
  it('prints a table of every vendor, newest first', async () => {
    const { code, stdout, stderr } = await run(['list'], fake.env());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatchSnapshot();
    expect(stdout).not.toContain(ESC); // not a terminal: no colours
  });

  it('--json: one array of tasks valid against the published schema', async () => {
    const { code, stdout } = await run(['list', '--json'], fake.env());
    expect(code).toBe(0);
    const tasks = JSON.parse(stdout) as { vendor: string; created: string }[];
    expect(tasks).toHaveLength(6 + 6 + 6);
    for (const task of tasks) expect(validateTask(task), JSON.stringify(validateTask.errors)).toBe(true);
    const created = tasks.map((task) => Date.parse(task.created));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it('--ndjson: one valid task a line', async () => {
    const { code, stdout } = await run(['list', '--ndjson', '--limit', '5'], fake.env());
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(validateTask(JSON.parse(line))).toBe(true);
  });

  it('filters: --vendor, --kind, --status, --since, --limit', async () => {
    const ndjson = async (...args: string[]) => {
      const result = await run(['list', '--ndjson', ...args], fake.env());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return result.stdout
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { vendor: string; kind: string; status: string; created: string });
    };
    expect(new Set((await ndjson('--vendor', 'huaweicloud-cbr')).map((task) => task.vendor))).toEqual(
      new Set(['huaweicloud-cbr']),
    );
    expect(new Set((await ndjson('--vendor', 'zstack,huaweicloud-vbs')).map((task) => task.vendor))).toEqual(
      new Set(['zstack', 'huaweicloud-vbs']),
    );
    expect(new Set((await ndjson('--kind', 'cdp-task', '--kind', 'backup-job')).map((task) => task.kind))).toEqual(
      new Set(['cdp-task', 'backup-job']),
    );
    const failed = await ndjson('--status', 'failed,timed-out');
    expect(new Set(failed.map((task) => task.status))).toEqual(new Set(['failed', 'timed-out']));
    const recent = await ndjson('--since', '2026-11-30T11:58:00Z');
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((task) => Date.parse(task.created) >= Date.parse('2026-11-30T11:58:00Z'))).toBe(true);
    expect(await ndjson('--limit', '2')).toHaveLength(2);
    // VBS pages by offset with one item of overlap: the page size is the CLI's business, not --limit's.
    expect(await ndjson('--limit', '1', '--vendor', 'huaweicloud-vbs')).toHaveLength(1);
  });

  it('one vendor failing: the others are listed, a warning on stderr, exit 1 (0 with --allow-partial)', async () => {
    const broken = await startFakeVendors({ tasksPerVendor: 3, failing: ['cbr'] });
    try {
      const result = await run(['list', '--ndjson'], broken.env());
      expect(result.code).toBe(1);
      const vendors = new Set(
        result.stdout
          .trimEnd()
          .split('\n')
          .map((line) => (JSON.parse(line) as { vendor: string }).vendor),
      );
      expect(vendors).toEqual(new Set(['zstack', 'huaweicloud-vbs']));
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          /^backup-tasks: warning: huaweicloud-cbr \(operation-log\) failed: .*BackupService\.9999.*HTTP 500/,
        ),
      ]);
      const partial = await run(['list', '--allow-partial'], broken.env());
      expect(partial.code).toBe(0);
      expect(partial.stderr).toMatch(/warning: huaweicloud-cbr/);
    } finally {
      await broken.close();
    }
  });

  it('a vendor that stalls: given up after --request-timeout (twice), the others listed, exit 1', async () => {
    const stalled = await startFakeVendors({ tasksPerVendor: 3, stalling: ['zstack'] });
    try {
      const started = Date.now();
      const result = await run(['list', '--ndjson', '--request-timeout', '0.3'], stalled.env());
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.code).toBe(1);
      expect(result.stdout.trimEnd().split('\n')).toHaveLength(6);
      expect(result.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(/^backup-tasks: warning: zstack \(\S+\) failed: .*300 ms/),
      ]);
    } finally {
      await stalled.close();
    }
  });

  it('an unreachable endpoint or a rejected credential: one line naming the vendor and the cause, exit 1', async () => {
    const port = await closedPort();
    const unreachable = await run(
      ['list', '--vendor', 'zstack'],
      fake.env({ ZSTACK_URL: `http://127.0.0.1:${port}/zstack` }),
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^backup-tasks: warning: zstack \(cbt-task\) failed: .*(refused|ECONNREFUSED)/);

    const rejected = await run(
      ['show', 'huaweicloud-cbr', 'cbr-00000001'],
      fake.env({ HUAWEICLOUD_TOKEN: 'expired-token-0' }),
    );
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^backup-tasks: huaweicloud-cbr: .*APIGW\.0301.*credentials rejected/);
    expect(rejected.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(rejected.stderr).not.toContain('expired-token-0');
  });
});
