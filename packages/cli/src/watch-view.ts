// What `watch` shows while it polls: on a terminal a progress bar (the vendor reports progress) or a
// spinner (it does not), redrawn in place by cli-progress; otherwise one plain line per change.
import type { BackupTask } from '@backup-specs/tasks';
import { SingleBar } from 'cli-progress';
import { duration, localTime, statusText } from './format.js';
import { type Output, printable } from './output.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface WatchView {
  update(task: BackupTask): void;
  stop(): void;
}

export function createWatchView(output: Output, label: string): WatchView {
  if (!output.tty) {
    let last = '';
    return {
      update(task) {
        const line = `${localTime(new Date())}  ${task.status}${task.progress === undefined ? '' : `  ${task.progress}%`}  (${printable(task.vendorStatus)})`;
        const key = line.slice(line.indexOf('  ') + 2);
        if (key !== last) output.out(line);
        last = key;
      },
      stop() {},
    };
  }
  let current: BackupTask | undefined;
  const started = Date.now();
  const bar = new SingleBar({
    stream: output.streams.stdout,
    hideCursor: true,
    clearOnComplete: false,
    fps: 10,
    barsize: 30,
    format: (options, params) => {
      const task = current;
      const elapsed = duration(Date.now() - started);
      const status = task ? statusText(output, task.status) : 'waiting for the first answer';
      if (task?.progress !== undefined) {
        const size = options.barsize ?? 30;
        const filled = Math.round(params.progress * size);
        const track = `${'█'.repeat(filled)}${'░'.repeat(size - filled)}`;
        return output.redact(`${label}  ${track} ${String(task.progress).padStart(3)}%  ${status}  ${elapsed}`);
      }
      const frame = SPINNER[Math.floor((Date.now() - started) / 100) % SPINNER.length];
      return output.redact(`${frame} ${label}  ${status}  ${elapsed}`);
    },
  });
  bar.start(100, 0);
  return {
    update(task) {
      current = task;
      bar.update(task.progress ?? 0);
    },
    stop() {
      bar.stop();
    },
  };
}
