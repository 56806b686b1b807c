// Table and value formatting for people (the JSON forms are @backup-specs/tasks' toJson).
import type { BackupTask, TaskStatus } from '@backup-specs/tasks';
import Table from 'cli-table3';
import type { Output } from './output.js';

const STATUS_STYLE: Record<TaskStatus, Parameters<Output['style']>[0]> = {
  queued: 'gray',
  running: 'cyan',
  succeeded: 'green',
  failed: 'red',
  stopped: 'yellow',
  skipped: 'yellow',
  'timed-out': 'red',
  unknown: 'magenta',
};

export function statusText(output: Output, status: TaskStatus): string {
  return output.style(STATUS_STYLE[status], status);
}

/** "2026-12-02 05:42:10" in the local time zone (TZ), to the second. */
export function localTime(date: Date | undefined): string {
  if (!date) return '-';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "1h 2m", "3m 4s", "5s". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** How long it ran: end - (start or creation), when both are known. */
function ranFor(task: BackupTask): string {
  const start = task.started ?? task.created;
  return task.ended && start ? duration(task.ended.getTime() - start.getTime()) : '-';
}

const HEAD = ['VENDOR', 'KIND', 'ID', 'NAME', 'STATUS', 'STARTED', 'DURATION', 'PROGRESS'];

/** `gh run list`-style table: no borders, two spaces between columns. */
export function taskTable(output: Output, tasks: readonly BackupTask[]): string {
  const table = new Table({
    head: HEAD.map((name) => output.style('bold', name)),
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  const rows = tasks.map((task) => [
    task.vendor,
    task.kind,
    task.id,
    task.name ?? '-',
    task.status,
    localTime(task.started ?? task.created),
    ranFor(task),
    task.progress === undefined ? '-' : `${task.progress}%`,
  ]);
  // On a terminal the names give way (never the ids, which `show` and `watch` need): a row fits the width.
  let nameWidth = Number.POSITIVE_INFINITY;
  const columns = output.streams.stdout.columns;
  if (output.tty && columns) {
    const widest = HEAD.map((name, index) =>
      Math.max(name.length, ...rows.map((row) => (row[index] as string).length)),
    );
    const others = widest.reduce((sum, width, index) => (index === 3 ? sum : sum + width), 0) + 2 * (HEAD.length - 1);
    nameWidth = Math.max(12, columns - others);
  }
  for (const row of rows) {
    const name = row[3] as string;
    row[3] = name.length > nameWidth ? `${name.slice(0, nameWidth - 1)}…` : name;
    row[4] = statusText(output, row[4] as TaskStatus);
    table.push(row);
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** `show`: every field, one per line. */
export function taskDetails(output: Output, task: BackupTask): string {
  const rows: [string, string][] = [
    ['vendor', task.vendor],
    ['kind', task.kind],
    ['id', task.id],
    ['name', task.name ?? '-'],
    ['operation', task.operation ?? '-'],
    ['status', `${statusText(output, task.status)} (${task.vendorStatus || 'no status'})`],
    ['created', localTime(task.created)],
    ['started', localTime(task.started)],
    ['ended', localTime(task.ended)],
    ['updated', localTime(task.updated)],
    ['duration', ranFor(task)],
    ['progress', task.progress === undefined ? '-' : `${task.progress}%`],
    [
      'resource',
      task.resource ? [task.resource.id, task.resource.type, task.resource.name].filter(Boolean).join('  ') : '-',
    ],
    ['error', task.error ? [task.error.code, task.error.message].filter(Boolean).join(': ') : '-'],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  const lines = rows.map(([key, value]) => `${output.style('bold', key.padEnd(width))}  ${value}`);
  lines.push(output.style('bold', 'raw'), JSON.stringify(task.raw, null, 2));
  return lines.join('\n');
}
