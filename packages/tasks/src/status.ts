// Every vendor status, mapped to the one closed set. The tables are typed by the generated enums, so a
// status added to a spec fails the build here until it is mapped; a value no spec knows (a newer server)
// maps to `unknown`, never to an exception. README "Status mapping" shows these tables.
import type { OperationLog } from '@backup-specs/types/huaweicloud-cbr';
import type { BackupJobStatus } from '@backup-specs/types/huaweicloud-vbs';
import type { CbtTaskStatus, CdpTaskStatus } from '@backup-specs/types/zstack';
import type { TaskKind, TaskStatus } from './model.js';

type Known<T> = T extends string ? (string extends T ? never : T) : never;
type OpLogStatus = Known<OperationLog['status']>;

/**
 * ZStack CBT task (changed-block tracking for a VM): continuous, `Running` while it tracks. `Starting` is
 * `queued`: it does not track yet, and a watch must not take it for running protection.
 */
const CBT: Record<CbtTaskStatus, TaskStatus> = {
  Created: 'queued',
  Starting: 'queued',
  Running: 'running',
  Stopped: 'stopped',
  Failed: 'failed',
};

/**
 * ZStack CDP task (continuous data protection): a long-running protection task, not a job. `Running` and
 * `DataMerging` (merging recovery points while protecting) are `running`; `Created` and `Starting` are
 * `queued` (not protecting yet); it ends only as `stopped` or `failed`; the server's own `Unknown` is
 * `unknown`.
 */
const CDP: Record<CdpTaskStatus, TaskStatus> = {
  Created: 'queued',
  Starting: 'queued',
  Running: 'running',
  DataMerging: 'running',
  Stopped: 'stopped',
  Failed: 'failed',
  Unknown: 'unknown',
};

/**
 * ZStack database backup: the vendor documents `status` as a free string; the only value its page and
 * examples show is `Ready` (the backup exists and can be restored).
 */
const DATABASE_BACKUP: Record<string, TaskStatus> = {
  Ready: 'succeeded',
};

/** CBR operation log `status`. */
const OPERATION_LOG: Record<OpLogStatus, TaskStatus> = {
  waiting: 'queued',
  running: 'running',
  success: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  timeout: 'timed-out',
};

/** VBS backup job `status`. */
const BACKUP_JOB: Record<BackupJobStatus, TaskStatus> = {
  WAITING: 'queued',
  RUNNING: 'running',
  EXECUTE_SUCCESS: 'succeeded',
  EXECUTE_FAIL: 'failed',
  EXECUTE_TIMEOUT: 'timed-out',
};

/** The mapping table of each kind: vendor status -> status. */
export const STATUS_TABLES: Readonly<Record<TaskKind, Readonly<Record<string, TaskStatus>>>> = {
  'cbt-task': CBT,
  'cdp-task': CDP,
  'database-backup': DATABASE_BACKUP,
  'operation-log': OPERATION_LOG,
  'backup-job': BACKUP_JOB,
};

/** The status a vendor status maps to; `unknown` for a value the table does not know (or a non-string). */
export function mapStatus(kind: TaskKind, vendorStatus: unknown): TaskStatus {
  const table = STATUS_TABLES[kind];
  return typeof vendorStatus === 'string' && Object.hasOwn(table, vendorStatus)
    ? (table[vendorStatus] as TaskStatus)
    : 'unknown';
}

/** The vendor statuses of a kind that map to one of `statuses` (to filter on the server where it can). */
export function vendorStatusesFor(kind: TaskKind, statuses: readonly TaskStatus[]): string[] {
  return Object.entries(STATUS_TABLES[kind])
    .filter(([, status]) => statuses.includes(status))
    .map(([vendorStatus]) => vendorStatus);
}
