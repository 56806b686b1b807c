// Vendor objects to BackupTask. Total functions: any object converts (missing or odd fields become
// undefined, an unknown status `unknown`); only an object without its id is refused, by the caller.
import type { ZStackDateOptions } from '@backup-specs/client/zstack/date';
import type { OperationLog } from '@backup-specs/types/huaweicloud-cbr';
import type { BackupJob } from '@backup-specs/types/huaweicloud-vbs';
import type { CbtTask, CdpTask, DatabaseBackup } from '@backup-specs/types/zstack';
import {
  type BackupTask,
  CONTINUOUS_KINDS,
  FINAL_STATUSES,
  type TaskError,
  type TaskKind,
  type TaskResource,
} from './model.js';
import { mapStatus } from './status.js';
import { parseHuaweiTime, parseZStackTime } from './time.js';

type Raw = Record<string, unknown>;
type ZStackKind = 'cbt-task' | 'cdp-task' | 'database-backup';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const record = (value: unknown): Raw | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;

function resourceOf(id: unknown, type: unknown, name?: unknown): TaskResource | undefined {
  const resourceId = text(id);
  return resourceId ? { id: resourceId, type: text(type), name: text(name) } : undefined;
}

/** A ZStack inventory (CbtTaskInventory, CdpTaskInventory, DatabaseBackupInventory). */
export function fromZStack(
  kind: ZStackKind,
  inventory: CbtTask | CdpTask | DatabaseBackup,
  zone: ZStackDateOptions = {},
): BackupTask {
  const raw = inventory as Raw;
  const status = mapStatus(kind, raw.status);
  const updated = parseZStackTime(raw.lastOpDate, zone);
  const refs = Array.isArray(raw.resourceRefs) ? raw.resourceRefs : [];
  const ref = record(refs[0]);
  return {
    vendor: 'zstack',
    kind,
    id: text(raw.uuid) ?? '',
    name: text(raw.name),
    status,
    vendorStatus: typeof raw.status === 'string' ? raw.status : '',
    created: parseZStackTime(raw.createDate, zone),
    // ZStack reports no start or end time: the last change of a job in a final status is its end. A CBT
    // or CDP task has none: stopped protection can be enabled again.
    ended: FINAL_STATUSES.includes(status) && !CONTINUOUS_KINDS.includes(kind) ? updated : undefined,
    updated,
    resource: ref ? resourceOf(ref.resourceUuid, ref.resourceType) : undefined,
    raw,
  };
}

/** A CBR operation log. */
export function fromOperationLog(log: OperationLog): BackupTask {
  const raw = log as unknown as Raw;
  const extra = record(raw.extra_info);
  const resource = record(extra?.resource);
  const detail = [extra?.backup, extra?.restore, extra?.delete, extra?.replication].map(record);
  const name = detail.map((info) => text(info?.backup_name) ?? text(info?.source_backup_name)).find(Boolean);
  const progress = record(extra?.common)?.progress;
  const errorInfo = record(raw.error_info);
  const status = mapStatus('operation-log', raw.status);
  const message = text(errorInfo?.message);
  const code = text(errorInfo?.code);
  return {
    vendor: 'huaweicloud-cbr',
    kind: 'operation-log',
    id: text(raw.id) ?? '',
    name: name ?? text(resource?.name),
    operation: text(raw.operation_type),
    status,
    vendorStatus: typeof raw.status === 'string' ? raw.status : '',
    created: parseHuaweiTime(raw.created_at),
    started: parseHuaweiTime(raw.started_at),
    ended: parseHuaweiTime(raw.ended_at),
    updated: parseHuaweiTime(raw.updated_at),
    progress:
      typeof progress === 'number' && Number.isInteger(progress) && progress >= 0 && progress <= 100
        ? progress
        : undefined,
    resource: resource ? resourceOf(resource.id, resource.type, resource.name) : undefined,
    // error_info is present with empty strings on success.
    error: message || code ? { code, message: message ?? code ?? '' } : undefined,
    raw,
  };
}

/** A VBS backup job. `fail_reason` reads "<code>#<message>" ("VolumeBackup.0051#volume of this pod ..."). */
export function fromBackupJob(job: BackupJob): BackupTask {
  const raw = job as unknown as Raw;
  let error: TaskError | undefined;
  const message = text(raw.message);
  const failReason = text(raw.fail_reason);
  if (message || text(raw.code)) error = { code: text(raw.code), message: message ?? text(raw.code) ?? '' };
  else if (failReason) {
    const split = /^([A-Za-z][\w.]*\.\d+)#(.*)$/s.exec(failReason);
    error = split ? { code: split[1], message: split[2] as string } : { message: failReason };
  }
  return {
    vendor: 'huaweicloud-vbs',
    kind: 'backup-job',
    id: text(raw.job_id) ?? '',
    name: text(raw.backup_name),
    operation: 'backup',
    status: mapStatus('backup-job', raw.status),
    vendorStatus: typeof raw.status === 'string' ? raw.status : '',
    created: parseHuaweiTime(raw.created_at),
    ended: parseHuaweiTime(raw.finished_at),
    resource: resourceOf(raw.resource_id, raw.resource_type),
    error,
    raw,
  };
}

/** The kind's converter, for code that holds a kind and a vendor object. */
export function toBackupTask(kind: TaskKind, item: unknown, zone: ZStackDateOptions = {}): BackupTask {
  const object = (record(item) ?? {}) as never;
  if (kind === 'operation-log') return fromOperationLog(object);
  if (kind === 'backup-job') return fromBackupJob(object);
  return fromZStack(kind, object, zone);
}
