import { describe, expect, it } from 'vitest';
import {
  fromZStack,
  isSettled,
  KINDS_OF,
  mapStatus,
  STATUS_TABLES,
  TASK_KINDS,
  TASK_STATUSES,
  TASK_VENDORS,
  type TaskKind,
} from '../src/index.js';
import { enumOf, exampleItems } from './support/bundles.js';

// Each kind's vendor statuses as the bundled specs list them (none for database backups: a free string).
const SPEC_ENUMS: [TaskKind, string[]][] = [
  ['cbt-task', enumOf('zstack', 'CbtTaskStatus')],
  ['cdp-task', enumOf('zstack', 'CdpTaskStatus')],
  ['operation-log', enumOf('huaweicloud-cbr', 'OpLogStatus')],
  ['backup-job', enumOf('huaweicloud-vbs', 'BackupJobStatus')],
];

describe('vendors and kinds', () => {
  it('every task vendor is a bundled API of the registry, and every kind belongs to one vendor', () => {
    // exampleItems reads @backup-specs/specs/<vendor>/openapi.json: it throws for a name that is not an API.
    for (const vendor of TASK_VENDORS) expect(() => exampleItems(vendor, 'x')).not.toThrow();
    expect(TASK_VENDORS.flatMap((vendor) => KINDS_OF[vendor]).sort()).toEqual([...TASK_KINDS].sort());
    expect(Object.keys(STATUS_TABLES).sort()).toEqual([...TASK_KINDS].sort());
  });
});

describe('status mapping', () => {
  it.each(SPEC_ENUMS)('maps every %s status the spec lists, and nothing else', (kind, values) => {
    expect(Object.keys(STATUS_TABLES[kind]).sort()).toEqual([...values].sort());
    for (const value of values) expect(TASK_STATUSES).toContain(mapStatus(kind, value));
  });

  it('is the documented table (README "Status mapping")', () => {
    expect(STATUS_TABLES).toEqual({
      'cbt-task': { Created: 'queued', Starting: 'queued', Running: 'running', Stopped: 'stopped', Failed: 'failed' },
      'cdp-task': {
        Created: 'queued',
        Starting: 'queued',
        Running: 'running',
        DataMerging: 'running',
        Stopped: 'stopped',
        Failed: 'failed',
        Unknown: 'unknown',
      },
      'database-backup': { Ready: 'succeeded' },
      'operation-log': {
        waiting: 'queued',
        running: 'running',
        success: 'succeeded',
        failed: 'failed',
        skipped: 'skipped',
        timeout: 'timed-out',
      },
      'backup-job': {
        WAITING: 'queued',
        RUNNING: 'running',
        EXECUTE_SUCCESS: 'succeeded',
        EXECUTE_FAIL: 'failed',
        EXECUTE_TIMEOUT: 'timed-out',
      },
    });
  });

  it('maps values no spec knows to unknown, never throwing', () => {
    const odd: unknown[] = [
      'Paused',
      'running ',
      'RUNNING'.toLowerCase(),
      '',
      '__proto__',
      'constructor',
      'toString',
      null,
      42,
      {},
      undefined,
    ];
    for (const kind of Object.keys(STATUS_TABLES) as TaskKind[]) {
      for (const value of odd) {
        // 'running' is CBR's own value; every other odd value is unknown everywhere.
        if (kind === 'operation-log' && value === 'running') continue;
        expect(mapStatus(kind, value), `${kind} ${String(value)}`).toBe('unknown');
      }
    }
  });

  it('a CDP task is a protection task: running while it protects, ending only stopped or failed', () => {
    const outcomes = new Set(enumOf('zstack', 'CdpTaskStatus').map((value) => mapStatus('cdp-task', value)));
    expect(outcomes).not.toContain('succeeded');
    expect(mapStatus('cdp-task', 'DataMerging')).toBe('running');
    expect(mapStatus('cdp-task', 'Starting')).toBe('queued');
  });

  it('a stopped CBT or CDP task has no end and does not settle a watch: it can be enabled again', () => {
    for (const kind of ['cbt-task', 'cdp-task'] as const) {
      expect(isSettled({ kind, status: 'stopped' })).toBe(false);
      expect(isSettled({ kind, status: 'running' })).toBe(true);
      expect(isSettled({ kind, status: 'failed' })).toBe(true);
      const task = fromZStack(kind, { uuid: 'u', status: 'Stopped', lastOpDate: 'Dec 1, 2026 10:00:00 AM' });
      expect(task).toMatchObject({ status: 'stopped', ended: undefined });
    }
    expect(isSettled({ kind: 'backup-job', status: 'stopped' })).toBe(true);
    const backup = fromZStack('database-backup', { uuid: 'u', status: 'Ready', lastOpDate: 'Dec 1, 2026 10:00:00 AM' });
    expect(backup.ended).toEqual(new Date('2026-12-01T10:00:00Z'));
  });
});
