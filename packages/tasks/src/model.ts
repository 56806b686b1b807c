// The one task model across vendors. Every vendor's task (a ZStack CBT or CDP task or database backup, a
// CBR operation log, a VBS backup job) becomes a BackupTask; the vendor's own object stays in `raw`.

/** What kind of task it is, by vendor API. */
export const TASK_KINDS = ['cbt-task', 'cdp-task', 'database-backup', 'operation-log', 'backup-job'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * The vendor APIs that have tasks (their registry names, redocly.yaml `apis:`) and the kinds each has: the
 * behaviour of each API, not the list of APIs (an API without tasks, e.g. one just scaffolded, is not here).
 */
export const KINDS_OF: {
  readonly zstack: readonly ['cbt-task', 'cdp-task', 'database-backup'];
  readonly 'huaweicloud-cbr': readonly ['operation-log'];
  readonly 'huaweicloud-vbs': readonly ['backup-job'];
} = {
  zstack: ['cbt-task', 'cdp-task', 'database-backup'],
  'huaweicloud-cbr': ['operation-log'],
  'huaweicloud-vbs': ['backup-job'],
};
export type TaskVendor = keyof typeof KINDS_OF;
export const TASK_VENDORS: readonly TaskVendor[] = Object.keys(KINDS_OF) as TaskVendor[];
/** The kinds of a vendor API, as a plain list (for `includes` with any kind). */
export const kindsOf = (vendor: TaskVendor): readonly TaskKind[] => KINDS_OF[vendor];

/**
 * Continuous (protection) tasks: a CBT or CDP task protects until it is stopped, and a stopped one can be
 * enabled again (ZStack's EnableCdpTask), so it never "succeeds" and has no end. Its healthy state is
 * `running`; a watch on one settles when protection runs, or when it failed, never on `stopped`.
 */
export const CONTINUOUS_KINDS: readonly TaskKind[] = ['cbt-task', 'cdp-task'];

/** One closed set of statuses; every vendor status maps to exactly one (see status.ts). */
export const TASK_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'stopped',
  'skipped',
  'timed-out',
  'unknown',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses after which a job does not change any more (a continuous task's `stopped` is not one: see above). */
export const FINAL_STATUSES: readonly TaskStatus[] = ['succeeded', 'failed', 'stopped', 'skipped', 'timed-out'];

export interface TaskResource {
  id: string;
  type?: string | undefined;
  name?: string | undefined;
}

export interface TaskError {
  code?: string | undefined;
  message: string;
}

export interface BackupTask {
  vendor: TaskVendor;
  kind: TaskKind;
  id: string;
  /** The task's name, or what the vendor names it by (CBR: the backup's or resource's name). */
  name?: string | undefined;
  /** CBR's `operation_type` (backup, restore, replication, ...); VBS jobs are `backup`. */
  operation?: string | undefined;
  status: TaskStatus;
  /** The vendor's own status string, unchanged (`Running`, `EXECUTE_SUCCESS`, `timeout`, ...). */
  vendorStatus: string;
  created?: Date | undefined;
  started?: Date | undefined;
  /**
   * When it ended (CBR `ended_at`, VBS `finished_at`; a ZStack database backup: `lastOpDate` once its
   * status is final). Never for a CBT or CDP task: protection that stopped can be enabled again.
   */
  ended?: Date | undefined;
  /** Last change the vendor reports (ZStack `lastOpDate`, CBR `updated_at`). */
  updated?: Date | undefined;
  /** 0-100, where the vendor reports it (CBR `extra_info.common.progress`). */
  progress?: number | undefined;
  resource?: TaskResource | undefined;
  /** Why it failed, when it failed and the vendor says. */
  error?: TaskError | undefined;
  /** The vendor's object as received. */
  raw: Record<string, unknown>;
}

/**
 * True when a job will not change any more; for a continuous task, when protection runs or failed (a
 * stopped one may be enabled again, so a watch goes on).
 */
export function isSettled(task: Pick<BackupTask, 'kind' | 'status'>): boolean {
  if (CONTINUOUS_KINDS.includes(task.kind)) return task.status === 'running' || task.status === 'failed';
  return FINAL_STATUSES.includes(task.status);
}

/** The settled outcome a watcher reports: `true` for success (a continuous task running counts), else `false`. */
export function isSuccess(task: Pick<BackupTask, 'kind' | 'status'>): boolean {
  return task.status === 'succeeded' || (CONTINUOUS_KINDS.includes(task.kind) && task.status === 'running');
}
