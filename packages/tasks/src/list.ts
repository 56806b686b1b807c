// listBackupTasks: tasks of every configured vendor in one stream, newest first. Each vendor list (one per
// vendor, kind and VBS policy) is read page by page by its client's iterator, asked for newest first
// where the API can sort; a read-ahead of at most one page per list keeps the vendors fetching
// concurrently, and a merge on the creation time interleaves them. Memory: one page per list, however
// many tasks there are. A list that fails is reported (`failures`, `onFailure`) and the others go on.
import { ConfigurationError } from '@backup-specs/client';
import { desc, q } from '@backup-specs/client/zstack';
import { fromBackupJob, fromOperationLog, fromZStack } from './convert.js';
import {
  type BackupTask,
  kindsOf,
  TASK_KINDS,
  TASK_STATUSES,
  type TaskKind,
  type TaskStatus,
  type TaskVendor,
} from './model.js';
import { checkSources, type TaskSource, zoneOf } from './sources.js';
import { vendorStatusesFor } from './status.js';

export interface TaskFilters {
  /** Only these kinds (default: every kind of every source). */
  kinds?: readonly TaskKind[] | undefined;
  /** Only tasks in these statuses (narrowed on the server where the API can, always checked here). */
  statuses?: readonly TaskStatus[] | undefined;
  /** Only tasks created at or after this time (a task without a readable creation time is left out). */
  since?: Date | undefined;
  /** At most this many tasks in all; each list fetches at most this many. */
  limit?: number | undefined;
  /** Items per request (default 100, at most `limit`). */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called as soon as a list fails, while the others go on. */
  onFailure?: ((failure: SourceFailure) => void) | undefined;
}

/** One vendor list that failed: which, and the client's error (ApiError, NetworkError, ...). */
export interface SourceFailure {
  vendor: TaskVendor;
  kind: TaskKind;
  /** VBS: the backup policy whose list failed. */
  policyId?: string | undefined;
  error: unknown;
}

export interface TaskListing extends AsyncIterable<BackupTask> {
  /** The lists that failed so far (complete once the iteration ended). */
  readonly failures: readonly SourceFailure[];
}

interface TaskList {
  vendor: TaskVendor;
  kind: TaskKind;
  policyId?: string;
  /** The API returns newest first, so the list can stop at the first task older than `since`. */
  newestFirst: boolean;
  open(pageSize: number, signal: AbortSignal): AsyncIterable<BackupTask>;
}

const ZSTACK_PATHS = {
  'cbt-task': '/v1/cbt-task',
  'cdp-task': '/v1/cdp-task',
  'database-backup': '/v1/database-backups',
} as const;

/** CBR's `start_time` form: YYYY-MM-DDTHH:MM:SSZ. */
const cbrTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** The one vendor status to ask the server for, when the wanted statuses map to exactly one. */
function serverStatus(kind: TaskKind, statuses: readonly TaskStatus[] | undefined): string | undefined {
  if (!statuses || statuses.includes('unknown')) return undefined;
  const values = vendorStatusesFor(kind, statuses);
  return values.length === 1 ? values[0] : undefined;
}

function listsOf(source: TaskSource, filters: TaskFilters): TaskList[] {
  const kinds = kindsOf(source.vendor).filter((kind) => !filters.kinds || filters.kinds.includes(kind));
  const statuses = filters.statuses;
  // A kind none of whose statuses is wanted has nothing to list (unless unknown values are wanted).
  const wanted = kinds.filter(
    (kind) => !statuses || statuses.includes('unknown') || vendorStatusesFor(kind, statuses).length > 0,
  );
  if (source.vendor === 'zstack') {
    const zone = zoneOf(source);
    return wanted.map((kind) => ({
      vendor: source.vendor,
      kind,
      newestFirst: true,
      async *open(pageSize, signal) {
        const kindKey = kind as keyof typeof ZSTACK_PATHS;
        const conditions =
          statuses && !statuses.includes('unknown') ? [q.in('status', vendorStatusesFor(kind, statuses))] : [];
        const items = source.client.iterate(ZSTACK_PATHS[kindKey], {
          query: { q: conditions, sort: desc('createDate') },
          pageSize,
          signal,
        });
        for await (const item of items) yield fromZStack(kindKey, item, zone);
      },
    }));
  }
  if (source.vendor === 'huaweicloud-cbr') {
    return wanted.map((kind) => ({
      vendor: source.vendor,
      kind,
      // ListOpLogs has no sort parameter and documents no order; `since` is sent as `start_time`.
      newestFirst: false,
      async *open(pageSize, signal) {
        const status = serverStatus(kind, statuses);
        const filter = {
          ...(status ? { status: status as never } : {}),
          ...(filters.since ? { start_time: cbrTime(filters.since) } : {}),
        };
        for await (const log of source.client.opLogs(filter, { pageSize: Math.max(2, pageSize), signal })) {
          yield fromOperationLog(log);
        }
      },
    }));
  }
  return wanted.flatMap((kind) =>
    source.policyIds.map((policyId) => ({
      vendor: source.vendor,
      kind,
      policyId,
      newestFirst: true,
      async *open(pageSize: number, signal: AbortSignal) {
        const status = serverStatus(kind, statuses);
        const filter = { sort_key: 'created_at', sort_dir: 'desc', ...(status ? { status } : {}) } as const;
        for await (const job of source.client.backupTasks(policyId, filter as never, {
          pageSize: Math.max(2, pageSize), // offset paging overlaps one item per page
          signal,
        })) {
          yield fromBackupJob(job);
        }
      },
    })),
  );
}

function checkFilters(filters: TaskFilters): void {
  const { kinds, statuses, since, limit, pageSize } = filters;
  for (const kind of kinds ?? []) {
    if (!TASK_KINDS.includes(kind))
      throw new ConfigurationError(`Unknown kind ${JSON.stringify(kind)}: one of ${TASK_KINDS.join(', ')}.`);
  }
  for (const status of statuses ?? []) {
    if (!TASK_STATUSES.includes(status)) {
      throw new ConfigurationError(`Unknown status ${JSON.stringify(status)}: one of ${TASK_STATUSES.join(', ')}.`);
    }
  }
  if (since !== undefined && !(since instanceof Date && Number.isFinite(since.getTime()))) {
    throw new ConfigurationError('since must be a valid Date.');
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new ConfigurationError('limit must be an integer of at least 1.');
  }
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 1000)) {
    throw new ConfigurationError('pageSize must be an integer from 1 to 1000.');
  }
}

/** Reads ahead of the merge, at most `highWater` tasks, so every list keeps fetching while others are read. */
class ReadAhead {
  closed = false;
  private readonly buffer: BackupTask[] = [];
  private finished = false;
  private failure: { error: unknown } | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(
    readonly list: TaskList,
    iterable: AsyncIterable<BackupTask>,
    private readonly highWater: number,
    private readonly accept: (task: BackupTask) => 'take' | 'skip' | 'stop',
    limit: number,
  ) {
    void this.run(iterable, limit);
  }

  private async run(iterable: AsyncIterable<BackupTask>, limit: number): Promise<void> {
    let taken = 0;
    try {
      for await (const task of iterable) {
        const verdict = this.accept(task);
        if (verdict === 'stop') break;
        if (verdict === 'skip') continue;
        this.buffer.push(task);
        this.wakeReader?.();
        if (++taken >= limit) break;
        while (this.buffer.length >= this.highWater && !this.closed) {
          await new Promise<void>((resolve) => {
            this.wakeWriter = resolve;
          });
        }
        if (this.closed) break;
      }
    } catch (error) {
      if (!this.closed) this.failure = { error };
    } finally {
      this.finished = true;
      this.wakeReader?.();
    }
  }

  /** The next task without taking it; undefined at the end. Throws the list's failure. */
  async peek(): Promise<BackupTask | undefined> {
    while (this.buffer.length === 0 && !this.finished) {
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
    if (this.buffer.length > 0) return this.buffer[0];
    if (this.failure) throw this.failure.error;
    return undefined;
  }

  take(): void {
    this.buffer.shift();
    this.wakeWriter?.();
  }

  close(): void {
    this.closed = true;
    this.wakeWriter?.();
  }
}

/**
 * Every task of `sources` matching `filters`, newest first (by creation time, across vendors, as far as
 * each API sorts: CBR documents no order). Throws ConfigurationError at once for bad sources or filters;
 * a list failing later is reported in `failures` (and to `onFailure`) while the other lists go on.
 */
export function listBackupTasks(sources: readonly TaskSource[], filters: TaskFilters = {}): TaskListing {
  checkSources(sources);
  checkFilters(filters);
  const lists = sources.flatMap((source) => listsOf(source, filters));
  const failures: SourceFailure[] = [];
  const limit = filters.limit ?? Number.POSITIVE_INFINITY;
  const pageSize = Math.min(filters.pageSize ?? 100, limit);
  const since = filters.since?.getTime();

  async function* merged(): AsyncGenerator<BackupTask, void, undefined> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(filters.signal?.reason);
    filters.signal?.addEventListener('abort', onAbort, { once: true });
    const open = lists.map(
      (list) =>
        new ReadAhead(
          list,
          list.open(pageSize, controller.signal),
          pageSize,
          (task) => {
            if (since !== undefined) {
              const created = task.created?.getTime();
              if (created === undefined) return 'skip';
              if (created < since) return list.newestFirst ? 'stop' : 'skip';
            }
            return !filters.statuses || filters.statuses.includes(task.status) ? 'take' : 'skip';
          },
          limit,
        ),
    );
    let emitted = 0;
    try {
      while (open.length > 0 && emitted < limit) {
        filters.signal?.throwIfAborted();
        const heads = await Promise.all(
          open.map((reader) =>
            reader.peek().then(
              (task) => ({ reader, task }),
              (error: unknown) => ({ reader, task: undefined, error }),
            ),
          ),
        );
        filters.signal?.throwIfAborted();
        let best: { reader: ReadAhead; task: BackupTask } | undefined;
        for (const head of heads) {
          if ('error' in head) {
            const { vendor, kind, policyId } = head.reader.list;
            const failure: SourceFailure = { vendor, kind, error: head.error, ...(policyId ? { policyId } : {}) };
            failures.push(failure);
            filters.onFailure?.(failure);
          }
          if (!head.task) {
            open.splice(open.indexOf(head.reader), 1);
            continue;
          }
          // A task without a creation time goes out first rather than hold the others back.
          const time = head.task.created?.getTime() ?? Number.POSITIVE_INFINITY;
          if (!best || time > (best.task.created?.getTime() ?? Number.POSITIVE_INFINITY)) {
            best = { reader: head.reader, task: head.task };
          }
        }
        if (!best) continue;
        best.reader.take();
        emitted += 1;
        yield best.task;
      }
    } finally {
      for (const reader of open) reader.close();
      controller.abort();
      filters.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    failures,
    [Symbol.asyncIterator]: () => merged(),
  };
}
