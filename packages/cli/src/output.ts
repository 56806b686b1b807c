// Everything the CLI prints goes through an Output: secrets scrubbed from every line (stdout and
// stderr, tables, JSON and debug lines alike), text from vendors made harmless for a terminal, colours
// only on a terminal and never with NO_COLOR, and a reader that goes away (`| head -n1`) ends the
// command quietly instead of with EPIPE.
import { styleText } from 'node:util';

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

type Style = Parameters<typeof styleText>[0];

// C0 controls (ESC, BEL, CR, ...), DEL, C1 controls (CSI and OSC in 8-bit form) and the bidirectional
// overrides: in a name set by a tenant they would clear the screen, rewrite a row, set the window title
// or the clipboard, or reverse text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const hex = (char: string, width: number) => (char.codePointAt(0) as number).toString(16).padStart(width, '0');

/** Text for a terminal: every control character shown as an escape (`\x1b`, `\u202e`), never obeyed. */
export function printable(text: string): string {
  return text.replace(CONTROL, (char) => (char <= '\u00ff' ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`));
}

// JSON.stringify escapes C0 but writes C1 and the bidi overrides as they are: escape those too (still
// valid JSON, the same string once parsed).
const JSON_UNSAFE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/** `JSON.stringify(value, null, indent)`, or undefined for a value nested too deeply to serialise. */
export function toJsonText(value: unknown, indent?: number): string | undefined {
  try {
    return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (char) => `\\u${hex(char, 4)}`);
  } catch (error) {
    if (error instanceof RangeError) return undefined; // "Maximum call stack size exceeded"
    throw error;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The reader of stdout went away (EPIPE): what was asked for has been read; a quiet end. */
class StdoutClosed extends Error {
  override name = 'StdoutClosed';
}

export class Output {
  private secrets: string[] = [];
  private pattern: RegExp | undefined;
  // The same secrets as they appear inside JSON strings (quotes and backslashes escaped).
  private jsonPattern: RegExp | undefined;
  private readonly closing = new AbortController();
  readonly color: boolean;
  readonly tty: boolean;

  constructor(readonly streams: Streams) {
    this.tty = streams.stdout.isTTY === true;
    const noColor = streams.env.NO_COLOR !== undefined && streams.env.NO_COLOR !== '';
    this.color = this.tty && !noColor && streams.env.TERM !== 'dumb';
    streams.stdout.on?.('error', (error: NodeJS.ErrnoException) => this.closing.abort(new StdoutClosed(error.code)));
    streams.stderr.on?.('error', () => undefined); // nowhere left to say anything
  }

  /** Aborted when stdout's reader has gone: commands stop producing output. */
  get closed(): AbortSignal {
    return this.closing.signal;
  }

  /** Values never to print (longest first, so a secret containing another is replaced whole). */
  addSecrets(values: readonly string[]): void {
    this.secrets = [...new Set([...this.secrets, ...values.filter((value) => value.length >= 4)])].sort(
      (a, b) => b.length - a.length,
    );
    const alternatives = (forms: string[]) =>
      forms.length > 0 ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : undefined;
    this.pattern = alternatives(this.secrets);
    this.jsonPattern = alternatives(this.secrets.map((secret) => JSON.stringify(secret).slice(1, -1)));
  }

  redact(text: string): string {
    return this.pattern ? text.replace(this.pattern, '***') : text;
  }

  /**
   * JSON text with every secret replaced inside its strings (keys and values), never in numbers or
   * literals: one search of the whole text when no secret is in it, which is nearly always.
   */
  redactJson(text: string): string {
    const pattern = this.jsonPattern;
    if (!pattern || text.search(pattern) === -1) return text;
    return text.replace(JSON_STRING, (token) => token.replace(pattern, '***'));
  }

  /** A line of text, as is (callers made vendor text printable), secrets replaced. */
  out(text: string): void {
    this.write(`${text}\n`);
  }

  /** JSON text and a newline, secrets replaced inside its strings only. */
  json(text: string): void {
    if (!this.closed.aborted) this.streams.stdout.write(`${this.redactJson(text)}\n`);
  }

  /**
   * One JSON line (NDJSON); waits while stdout's buffer is full, so a slow reader never makes output
   * pile up in memory, and returns at once when the reader has gone.
   */
  async jsonLine(json: string): Promise<void> {
    if (this.closed.aborted) return;
    if (this.streams.stdout.write(`${this.redactJson(json)}\n`)) return;
    const stdout = this.streams.stdout;
    await new Promise<void>((resolve) => {
      const done = () => {
        stdout.off('drain', done);
        this.closed.removeEventListener('abort', done);
        resolve();
      };
      stdout.once('drain', done);
      this.closed.addEventListener('abort', done, { once: true });
    });
  }

  /** Raw stdout write (progress bars), still scrubbed; nothing once the reader has gone. */
  write(text: string): void {
    if (!this.closed.aborted) this.streams.stdout.write(this.redact(text));
  }

  /** A message on stderr: one line, control characters shown, secrets replaced. */
  err(text: string): void {
    this.streams.stderr.write(`${this.redact(printable(text))}\n`);
  }

  style(format: Style, text: string): string {
    return this.color ? styleText(format, text) : text;
  }
}
