// Everything the CLI prints goes through an Output: secrets scrubbed from every line (stdout and
// stderr, tables, JSON and debug lines alike), colours only on a terminal and never with NO_COLOR.
import { styleText } from 'node:util';

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

type Style = Parameters<typeof styleText>[0];

export class Output {
  private secrets: string[] = [];
  private pattern: RegExp | undefined;
  readonly color: boolean;
  readonly tty: boolean;

  constructor(readonly streams: Streams) {
    this.tty = streams.stdout.isTTY === true;
    const noColor = streams.env.NO_COLOR !== undefined && streams.env.NO_COLOR !== '';
    this.color = this.tty && !noColor && streams.env.TERM !== 'dumb';
  }

  /** Values never to print (longest first, so a secret containing another is replaced whole). */
  addSecrets(values: readonly string[]): void {
    this.secrets = [...new Set([...this.secrets, ...values.filter((value) => value.length >= 4)])].sort(
      (a, b) => b.length - a.length,
    );
    const escaped = this.secrets.map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.pattern = escaped.length > 0 ? new RegExp(escaped.join('|'), 'g') : undefined;
  }

  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, '***') : text;
  }

  /** A deep copy of `value` with every secret replaced in its strings (before JSON escapes them). */
  redactValue<T>(value: T): T {
    if (this.secrets.length === 0) return value;
    const walk = (item: unknown): unknown => {
      if (typeof item === 'string') return this.redact(item);
      if (Array.isArray(item)) return item.map(walk);
      if (item && typeof item === 'object' && !(item instanceof Date)) {
        return Object.fromEntries(Object.entries(item).map(([key, field]) => [this.redact(key), walk(field)]));
      }
      return item;
    };
    return walk(value) as T;
  }

  out(text: string): void {
    this.streams.stdout.write(`${this.redact(text)}\n`);
  }

  /**
   * One JSON line (NDJSON), secrets replaced in the value's strings before serializing; waits while
   * stdout's buffer is full, so a slow reader never makes output pile up in memory.
   */
  async jsonLine(value: unknown): Promise<void> {
    if (this.streams.stdout.write(`${JSON.stringify(this.redactValue(value))}\n`)) return;
    await new Promise<void>((resolve) => this.streams.stdout.once('drain', resolve));
  }

  /** Raw stdout write (progress bars), still scrubbed. */
  write(text: string): void {
    this.streams.stdout.write(this.redact(text));
  }

  err(text: string): void {
    this.streams.stderr.write(`${this.redact(text)}\n`);
  }

  style(format: Style, text: string): string {
    return this.color ? styleText(format, text) : text;
  }
}
