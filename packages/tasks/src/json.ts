// The JSON form of a BackupTask (what `backup-tasks list --json` prints): every key always present, null
// where the vendor gives nothing, times as ISO 8601 UTC strings. Described by backup-task.schema.json.
import type { BackupTask, TaskKind, TaskStatus, TaskVendor } from './model.js';

export interface BackupTaskJson {
  vendor: TaskVendor;
  kind: TaskKind;
  id: string;
  name: string | null;
  operation: string | null;
  status: TaskStatus;
  vendorStatus: string;
  created: string | null;
  started: string | null;
  ended: string | null;
  updated: string | null;
  progress: number | null;
  resource: { id: string; type: string | null; name: string | null } | null;
  error: { code: string | null; message: string } | null;
  raw: Record<string, unknown>;
}

const time = (date: Date | undefined) => date?.toISOString() ?? null;

export function toJson(task: BackupTask): BackupTaskJson {
  return {
    vendor: task.vendor,
    kind: task.kind,
    id: task.id,
    name: task.name ?? null,
    operation: task.operation ?? null,
    status: task.status,
    vendorStatus: task.vendorStatus,
    created: time(task.created),
    started: time(task.started),
    ended: time(task.ended),
    updated: time(task.updated),
    progress: task.progress ?? null,
    resource: task.resource
      ? { id: task.resource.id, type: task.resource.type ?? null, name: task.resource.name ?? null }
      : null,
    error: task.error ? { code: task.error.code ?? null, message: task.error.message } : null,
    raw: task.raw,
  };
}
