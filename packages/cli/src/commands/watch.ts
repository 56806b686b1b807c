// `backup-tasks watch`: follow a task until it settles; the exit code says how it ended.
import {
  type BackupTask,
  isSuccess,
  type TaskKind,
  TaskNotFoundError,
  type TaskVendor,
  watchBackupTask,
} from '@backup-specs/tasks';
import { describe, isInputError } from '../errors.js';
import { duration } from '../format.js';
import { printable } from '../output.js';
import { follow, type GlobalOptions, type Run } from '../run.js';
import { createWatchView } from '../watch-view.js';

export interface WatchOptions {
  kind?: TaskKind;
  interval: number;
  timeout?: number;
}

export async function watch(
  run: Run,
  vendor: TaskVendor,
  id: string,
  options: WatchOptions,
  globals: GlobalOptions,
): Promise<number> {
  const { output } = run;
  const [chosen] = await run.vendors(globals, [vendor]);
  // A timer of our own, held here until the watch ends (not AbortSignal.timeout: nothing must be able to
  // collect the one thing that ends a watch of a stalled vendor).
  const stop = follow(run.signal);
  let timedOut = false;
  const timer =
    options.timeout === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop.abort('timeout');
        }, options.timeout * 1000);
  const { signal } = stop;
  const view = createWatchView(output, printable(`${vendor} ${id}`));
  const started = Date.now();
  let last: BackupTask | undefined;
  try {
    for await (const task of watchBackupTask(chosen?.source as NonNullable<typeof chosen>['source'], id, {
      kind: options.kind,
      intervalMs: options.interval * 1000,
      signal,
    })) {
      last = task;
      view.update(task);
    }
  } catch (error) {
    view.stop();
    if (isInputError(error)) throw error;
    if (timedOut) {
      output.err(
        `backup-tasks: ${vendor} ${id}: gave up after ${options.timeout} s${last ? ` (status ${last.status})` : ''}.`,
      );
      return 124;
    }
    if (run.signal.aborted) throw error;
    output.err(`backup-tasks: ${error instanceof TaskNotFoundError ? '' : `${vendor}: `}${describe(error)}`);
    return 1;
  } finally {
    clearTimeout(timer);
  }
  view.stop();
  return report(run, vendor, id, last as BackupTask, duration(Date.now() - started));
}

function report(run: Run, vendor: TaskVendor, id: string, task: BackupTask, took: string): number {
  const { output } = run;
  const what = printable(`${vendor} ${id} ${task.status} (${task.vendorStatus})`);
  if (isSuccess(task)) {
    output.out(`${output.style('green', '✓')} ${what} after ${took}`);
    return 0;
  }
  const reason = task.error ? printable(`: ${[task.error.code, task.error.message].filter(Boolean).join(' ')}`) : '';
  output.out(`${output.style('red', '✗')} ${what}${reason}`);
  return 1;
}
