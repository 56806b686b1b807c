// Table and value formatting for people (the JSON forms are @backup-specs/tasks' toJson).

import { stripVTControlCharacters } from 'node:util';
import type { BackupTask, TaskStatus } from '@backup-specs/tasks';
import { type Output, printable, toJsonText } from './output.js';

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

// Display width: East Asian wide characters (task names in Chinese, say) take two columns.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
function widthOf(text: string): number {
  let width = 0;
  for (const char of stripVTControlCharacters(text)) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/** `text` cut to `width` display columns, with an ellipsis when cut. */
function cut(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  let out = '';
  for (const char of text) {
    if (widthOf(`${out}${char}`) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - widthOf(text)));

export interface FitOptions {
  /** Columns given up, in this order, when a row does not fit the terminal. */
  dropOrder: number[];
  /** A column cut to fit (to 20 columns before a column is dropped, to 12 at the last) . */
  shrink?: number;
}

/**
 * `gh run list`-style columns (no borders, two spaces apart). On a terminal the rows fit its width:
 * columns are dropped in `dropOrder` and the `shrink` column is cut; when even that does not fit, each
 * row becomes a block of `NAME value` lines. Piped output keeps every column whole.
 */
export function fitColumns(output: Output, head: string[], rows: string[][], options: FitOptions): string {
  const natural = head.map((name, index) => Math.max(widthOf(name), ...rows.map((row) => widthOf(row[index] ?? ''))));
  const columns = output.tty ? output.streams.stdout.columns : undefined;
  const fit = columns ? fitting(natural, columns, options) : { shown: head.map((_, index) => index), widths: natural };
  if (!fit) return stacked(output, head, rows, columns as number);
  const { shown, widths } = fit;
  const line = (cells: string[]) =>
    shown
      .map((index) => pad(cut(cells[index] ?? '', widths[index] as number), widths[index] as number))
      .join('  ')
      .trimEnd();
  return [line(head.map((name) => output.style('bold', name))), ...rows.map(line)].join('\n');
}

/** The columns to show and their widths within `columns`, or undefined when no choice fits. */
function fitting(natural: number[], columns: number, options: FitOptions) {
  const { shrink } = options;
  const attempt = (shown: number[], floor: number) => {
    const widths = [...natural];
    const total = () => shown.reduce((sum, index) => sum + (widths[index] as number), 0) + 2 * (shown.length - 1);
    if (shrink !== undefined && shown.includes(shrink) && total() > columns) {
      const others = total() - (natural[shrink] as number);
      widths[shrink] = Math.max(Math.min(floor, natural[shrink] as number), columns - others);
    }
    return total() <= columns ? { shown, widths } : undefined;
  };
  let shown = natural.map((_, index) => index);
  for (const drop of [...options.dropOrder, undefined]) {
    const fits = attempt(shown, 20);
    if (fits) return fits;
    if (drop === undefined) return attempt(shown, 12);
    shown = shown.filter((index) => index !== drop);
  }
  return undefined;
}

/** Lines of at most `width` display columns, broken at spaces where there are some. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (widthOf(rest) > width) {
    let end = 0;
    for (let taken = ''; end < rest.length && widthOf(taken + rest[end]) <= width; end += 1) taken += rest[end];
    const space = rest.lastIndexOf(' ', end);
    const at = space > 0 ? space : Math.max(1, end);
    lines.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  return [...lines, rest];
}

function stacked(output: Output, head: string[], rows: string[][], columns: number): string {
  const label = Math.max(...head.map((name) => name.length));
  const width = Math.max(16, columns - label - 2);
  return rows
    .map((row) =>
      head
        .map((name, index) => {
          const [first, ...more] = wrap(row[index] ?? '', width);
          return [
            `${output.style('bold', name.padEnd(label))}  ${first}`,
            ...more.map((l) => `${' '.repeat(label + 2)}${l}`),
          ].join('\n');
        })
        .join('\n'),
    )
    .join('\n\n');
}

const HEAD = ['VENDOR', 'KIND', 'ID', 'NAME', 'STATUS', 'CREATED', 'DURATION', 'PROGRESS'];

/** The task table: names give way first on a narrow terminal, ids never. */
export function taskTable(output: Output, tasks: readonly BackupTask[]): string {
  const rows = tasks.map((task) => [
    task.vendor,
    task.kind,
    printable(task.id),
    printable(task.name ?? '-'),
    statusText(output, task.status),
    localTime(task.created),
    ranFor(task),
    task.progress === undefined ? '-' : `${task.progress}%`,
  ]);
  return fitColumns(output, HEAD, rows, { shrink: 3, dropOrder: [7, 6, 1, 5, 3] });
}

/** `show`: every field, one per line. */
export function taskDetails(output: Output, task: BackupTask): string {
  const rows: [string, string][] = [
    ['vendor', task.vendor],
    ['kind', task.kind],
    ['id', printable(task.id)],
    ['name', printable(task.name ?? '-')],
    ['operation', printable(task.operation ?? '-')],
    ['status', `${statusText(output, task.status)} (${printable(task.vendorStatus || 'no status')})`],
    ['created', localTime(task.created)],
    ['started', localTime(task.started)],
    ['ended', localTime(task.ended)],
    ['updated', localTime(task.updated)],
    ['duration', ranFor(task)],
    ['progress', task.progress === undefined ? '-' : `${task.progress}%`],
    [
      'resource',
      task.resource
        ? printable([task.resource.id, task.resource.type, task.resource.name].filter(Boolean).join('  '))
        : '-',
    ],
    ['error', task.error ? printable([task.error.code, task.error.message].filter(Boolean).join(': ')) : '-'],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  const lines = rows.map(([key, value]) => `${output.style('bold', key.padEnd(width))}  ${value}`);
  // (JSON escapes every control character; a vendor object nested too deeply for it is said to be.)
  const raw = toJsonText(task.raw, 2) ?? '(nested too deeply to print)';
  lines.push(output.style('bold', 'raw'), raw);
  return lines.join('\n');
}
