// @backup-specs/tasks: one model of backup tasks across vendors (see README.md).
export { fromBackupJob, fromOperationLog, fromZStack, toBackupTask } from './convert.js';
export { type GetOptions, getBackupTask, TaskNotFoundError, type WatchOptions, watchBackupTask } from './get.js';
export { type BackupTaskJson, toJson } from './json.js';
export { listBackupTasks, type SourceFailure, type TaskFilters, type TaskListing } from './list.js';
export {
  type BackupTask,
  CONTINUOUS_KINDS,
  FINAL_STATUSES,
  isSettled,
  isSuccess,
  KINDS_OF,
  TASK_KINDS,
  TASK_STATUSES,
  TASK_VENDORS,
  type TaskError,
  type TaskKind,
  type TaskResource,
  type TaskStatus,
  type TaskVendor,
} from './model.js';
export { backupTaskSchema, type JsonSchema } from './schema.js';
export { type CbrSource, checkSources, type TaskSource, type VbsSource, type ZStackSource } from './sources.js';
export { mapStatus, STATUS_TABLES } from './status.js';
export { parseHuaweiTime } from './time.js';
