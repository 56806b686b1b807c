// One task by id, and following it until it settles.
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationError, unexpectedReply } from '@backup-specs/client';
import { fromBackupJob, fromOperationLog, fromZStack } from './convert.js';
import { type BackupTask, isSettled, kindsOf, type TaskKind } from './model.js';
import { checkSources, type TaskSource, zoneOf } from './sources.js';

export interface GetOptions {
  /** The task's kind, if known (ZStack: saves asking all three APIs). */
  kind?: TaskKind | undefined;
  signal?: AbortSignal | undefined;
}

const ZSTACK_GET = {
  'cbt-task': '/v1/cbt-task/{uuid}',
  'cdp-task': '/v1/cdp-task/{uuid}',
  'database-backup': '/v1/database-backups/{uuid}',
} as const;

/**
 * The task `id` of `source` (ZStack: a CBT task, CDP task or database backup uuid; CBR: an operation log
 * id; VBS: a job id, looked up in each of the source's policies), or undefined when the vendor has none.
 * Throws the client's errors (ApiError, NetworkError, ...) for anything but "not found".
 */
export async function getBackupTask(
  source: TaskSource,
  id: string,
  options: GetOptions = {},
): Promise<BackupTask | undefined> {
  checkSources([source]);
  if (typeof id !== 'string' || id.trim() === '') throw new ConfigurationError('A task id must be a non-empty string.');
  const { kind, signal } = options;
  if (kind !== undefined && !kindsOf(source.vendor).includes(kind)) {
    throw new ConfigurationError(
      `${source.vendor} has no ${kind}: its kinds are ${kindsOf(source.vendor).join(', ')}.`,
    );
  }
  if (source.vendor === 'zstack') {
    const zone = zoneOf(source);
    const kinds = (kind ? [kind] : kindsOf('zstack')) as (keyof typeof ZSTACK_GET)[];
    const found = await Promise.all(
      kinds.map(async (each) => {
        const lookup = await source.client.getByUuid(ZSTACK_GET[each], id, { signal });
        // Only the task asked for: a proxy or a static mock may answer with another one.
        return lookup.found && lookup.item.uuid === id ? fromZStack(each, lookup.item, zone) : undefined;
      }),
    );
    return found.find(Boolean);
  }
  if (source.vendor === 'huaweicloud-cbr') {
    const lookup = await source.client.showOpLog(id, { signal });
    return lookup.found && lookup.operationLog.id === id ? fromOperationLog(lookup.operationLog) : undefined;
  }
  for (const policyId of source.policyIds) {
    const { data, error, response } = await source.client.listBackupTasksByPolicy(
      policyId,
      { job_id: id, limit: 1 },
      { signal },
    );
    if (error) throw error;
    const tasks: unknown = data.tasks;
    if (!Array.isArray(tasks)) throw unexpectedReply(response, 'the reply has no "tasks" list');
    const job = (tasks as typeof data.tasks).find((task) => task?.job_id === id);
    if (job) return fromBackupJob(job);
  }
  return undefined;
}

/** The task asked for does not exist (any more) at its vendor. */
export class TaskNotFoundError extends Error {
  override name = 'TaskNotFoundError';
  constructor(
    readonly vendor: string,
    readonly id: string,
  ) {
    super(`${vendor} has no task ${id}.`);
  }
}

export interface WatchOptions extends GetOptions {
  /** Time between two polls, ms (default 2000, at least 10). */
  intervalMs?: number | undefined;
}

/**
 * Polls a task (CBR ShowOpLog, ZStack get-by-uuid, VBS by job id) and yields it after every poll, until
 * it settles (a final status; for CBT and CDP tasks also `running`, protection active). Throws
 * TaskNotFoundError if the task is not (or no longer) there, the abort reason when `signal` fires.
 */
export async function* watchBackupTask(
  source: TaskSource,
  id: string,
  options: WatchOptions = {},
): AsyncGenerator<BackupTask, void, undefined> {
  const intervalMs = options.intervalMs ?? 2000;
  if (!(Number.isFinite(intervalMs) && intervalMs >= 10 && intervalMs <= 3_600_000)) {
    throw new ConfigurationError('intervalMs must be a number from 10 to 3600000.');
  }
  let kind = options.kind;
  for (;;) {
    const task = await getBackupTask(source, id, { kind, signal: options.signal });
    if (!task) throw new TaskNotFoundError(source.vendor, id);
    kind = task.kind;
    yield task;
    if (isSettled(task)) return;
    await sleep(intervalMs, undefined, { signal: options.signal }).catch((error: unknown) => {
      throw options.signal?.aborted ? options.signal.reason : error;
    });
  }
}
