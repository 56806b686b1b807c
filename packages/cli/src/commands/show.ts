// `backup-tasks show`: one task with every field and the vendor's raw object.
import { type BackupTask, getBackupTask, type TaskKind, type TaskVendor, toJson } from '@backup-specs/tasks';
import { describe, isInputError } from '../errors.js';
import { taskDetails } from '../format.js';
import { toJsonText } from '../output.js';
import type { GlobalOptions, Run } from '../run.js';

export interface ShowOptions {
  json?: boolean;
  kind?: TaskKind;
}

export async function show(
  run: Run,
  vendor: TaskVendor,
  id: string,
  options: ShowOptions,
  globals: GlobalOptions,
): Promise<number> {
  const { output } = run;
  const [chosen] = await run.vendors(globals, [vendor]);
  let task: BackupTask | undefined;
  try {
    task = await getBackupTask(chosen?.source as NonNullable<typeof chosen>['source'], id, {
      kind: options.kind,
      signal: run.signal,
    });
  } catch (error) {
    if (isInputError(error) || run.signal.aborted) throw error;
    output.err(`backup-tasks: ${vendor}: ${describe(error)}`);
    return 1;
  }
  if (!task) {
    output.err(`backup-tasks: ${vendor} has no task ${id}.`);
    return 1;
  }
  if (!options.json) {
    output.out(taskDetails(output, task));
    return task.raw && toJsonText(task.raw) === undefined ? 1 : 0;
  }
  const json = toJson(task);
  const text = toJsonText(json, 2);
  if (text !== undefined) {
    output.json(text);
    return 0;
  }
  output.err(`backup-tasks: ${vendor} ${id}: its vendor object is nested too deeply to print; printed with "raw": {}.`);
  output.json(toJsonText({ ...json, raw: {} }, 2) as string);
  return 1;
}
