// `backup-tasks list`: the tasks of every configured vendor, newest first, as a table, JSON or NDJSON.
import {
  type BackupTask,
  type BackupTaskJson,
  KINDS_OF,
  listBackupTasks,
  type SourceFailure,
  type TaskKind,
  type TaskStatus,
  type TaskVendor,
  toJson,
} from '@backup-specs/tasks';
import { ConfigError } from '../config.js';
import { describe } from '../errors.js';
import { taskTable } from '../format.js';
import { toJsonText } from '../output.js';
import type { GlobalOptions, Run } from '../run.js';
import type { ConfiguredVendor } from '../vendors.js';

export interface ListOptions {
  json?: boolean;
  ndjson?: boolean;
  vendor?: TaskVendor[];
  kind?: TaskKind[];
  status?: TaskStatus[];
  since?: Date;
  limit?: number;
  allowPartial?: boolean;
}

/** The table and `--json` hold every task in memory before printing: without --limit, this many. */
const DEFAULT_BUFFERED_LIMIT = 1000;

export async function list(run: Run, options: ListOptions, globals: GlobalOptions): Promise<number> {
  if (options.json && options.ndjson) throw new ConfigError('--json and --ndjson exclude each other: pick one.');
  const chosen = await run.vendors(globals, options.vendor ?? []);
  checkKinds(chosen, options.kind);
  const failed: SourceFailure[] = [];
  const buffered = !options.ndjson;
  // One more than shown, to tell whether the default limit cut the list.
  const limit = options.limit ?? (buffered ? DEFAULT_BUFFERED_LIMIT + 1 : undefined);
  const listing = listBackupTasks(
    chosen.map((each) => each.source),
    {
      kinds: options.kind,
      statuses: options.status,
      since: options.since,
      limit,
      signal: run.signal,
      onFailure: warnOnce(run, failed),
    },
  );
  const unprintable = options.ndjson
    ? await streamLines(run, listing)
    : await printBuffered(run, listing, options, failed);
  if (run.output.closed.aborted) return 0;
  const everyList = failed.length >= chosen.length && new Set(failed.map((f) => f.vendor)).size === chosen.length;
  return (failed.length > 0 && (!options.allowPartial || everyList)) || unprintable > 0 ? 1 : 0;
}

function checkKinds(chosen: ConfiguredVendor[], kinds: TaskKind[] | undefined): void {
  if (!kinds) return;
  const offered = chosen.flatMap((each) => KINDS_OF[each.vendor]);
  const none = kinds.filter((kind) => !offered.includes(kind));
  if (none.length === kinds.length) throw new ConfigError(`No configured vendor has ${none.join(', ')} tasks.`);
}

// One line per vendor and cause: a vendor that is down fails all its lists the same way.
function warnOnce(run: Run, failed: SourceFailure[]) {
  const warned = new Set<string>();
  return (failure: SourceFailure) => {
    failed.push(failure);
    const { name, status, code } = failure.error as { name?: string; status?: number; code?: string };
    const key = `${failure.vendor} ${name} ${status} ${code}`;
    if (warned.has(key)) return;
    warned.add(key);
    const what = `${failure.vendor} (${failure.kind}${failure.policyId ? `, policy ${failure.policyId}` : ''})`;
    run.output.err(`backup-tasks: warning: ${what} failed: ${describe(failure.error)}`);
  };
}

/**
 * A task as JSON text. A task whose vendor object is nested too deeply to serialise is printed without
 * it (`raw: {}`) and reported, so that no other task is lost.
 */
function taskJson(run: Run, task: BackupTask, indent?: number): { text: string; whole: boolean } {
  const json: BackupTaskJson = toJson(task);
  const text = toJsonText(json, indent);
  if (text !== undefined) return { text, whole: true };
  run.output.err(
    `backup-tasks: warning: ${task.vendor} ${task.kind} ${task.id}: its vendor object is nested too deeply to print; printed with "raw": {}.`,
  );
  return { text: toJsonText({ ...json, raw: {} }, indent) as string, whole: false };
}

async function streamLines(run: Run, listing: AsyncIterable<BackupTask>): Promise<number> {
  let unprintable = 0;
  for await (const task of listing) {
    const { text, whole } = taskJson(run, task);
    if (!whole) unprintable += 1;
    await run.output.jsonLine(text);
  }
  return unprintable;
}

async function printBuffered(
  run: Run,
  listing: AsyncIterable<BackupTask>,
  options: ListOptions,
  failed: readonly SourceFailure[],
): Promise<number> {
  const { output } = run;
  const tasks: BackupTask[] = [];
  for await (const task of listing) tasks.push(task);
  if (options.limit === undefined && tasks.length > DEFAULT_BUFFERED_LIMIT) {
    tasks.length = DEFAULT_BUFFERED_LIMIT;
    output.err(
      `backup-tasks: showing the newest ${DEFAULT_BUFFERED_LIMIT} tasks (the default limit of tables and --json); set --limit, or use --ndjson to stream them all.`,
    );
  }
  // Newest first across vendors (the stream is merged in that order where each API sorts).
  tasks.sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0));
  if (options.json) {
    const items = tasks.map((task) => taskJson(run, task, 2));
    const body = items.map(({ text }) => `  ${text.replaceAll('\n', '\n  ')}`).join(',\n');
    output.json(items.length ? `[\n${body}\n]` : '[]');
    return items.filter((item) => !item.whole).length;
  }
  // (No tasks because every vendor failed: the warnings said so, and an empty table would not help.)
  if (tasks.length > 0) output.out(taskTable(output, tasks));
  else if (failed.length === 0) output.err('backup-tasks: no tasks match.');
  return 0;
}
