// `backup-tasks`: backup tasks of every configured vendor in one view (list, show, watch, vendors).
// `main` only parses the command line and dispatches: each command is a module of its own in commands/
// that returns its exit code.
import { createRequire } from 'node:module';
import { TASK_KINDS, TASK_STATUSES, TASK_VENDORS, type TaskVendor } from '@backup-specs/tasks';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { type ListOptions, list } from './commands/list.js';
import { type ShowOptions, show } from './commands/show.js';
import { vendors } from './commands/vendors.js';
import { type WatchOptions, watch } from './commands/watch.js';
import { describe, isInputError } from './errors.js';
import type { Streams } from './output.js';
import { Exit, type GlobalOptions, Run } from './run.js';
import { DEFAULT_REQUEST_TIMEOUT_S } from './vendors.js';

const CONFIG_HELP = `
Configuration (flags, then environment variables, then a profile of the config file, field by field):
  ZStack Cloud      ZSTACK_URL (http://host:8080/zstack), ZSTACK_SESSION_UUID, or ZSTACK_ACCOUNT_NAME and
                    ZSTACK_PASSWORD; ZSTACK_TIME_ZONE (the server's IANA zone: its dates carry none)
  Huawei Cloud      HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_SECURITY_TOKEN), or
                    HUAWEICLOUD_TOKEN; HUAWEICLOUD_SDK_PROJECT_ID; HUAWEICLOUD_SDK_REGION (or
                    HUAWEICLOUD_CBR_ENDPOINT / HUAWEICLOUD_VBS_ENDPOINT); HUAWEICLOUD_VBS_POLICY_ID
                    (comma-separated: VBS lists jobs per backup policy)
  Config file       --config, BACKUP_TASKS_CONFIG, or $XDG_CONFIG_HOME/backup-tasks/config.json
                    (~/.config/...; Windows: %APPDATA%), JSON with named profiles (--profile,
                    BACKUP_TASKS_PROFILE, the file's defaultProfile, else "default")
  Secrets are read from the environment or the file only, never from flags.
  With nothing configured, every command runs against the built-in mocks (example data) and says so.

Output: tables and --json show at most 1000 tasks unless --limit says otherwise (--ndjson streams
them all); a closed stdout (| head) ends a command quietly with 0. Text from the vendors is printed
with control characters escaped.

Exit codes: 0 ok; 1 a vendor failed, a task failed, was stopped or skipped; 2 bad usage or
configuration; 124 watch --timeout; 130 interrupted.`;

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

function listOf<T extends string>(name: string, known: readonly T[]) {
  return (value: string, previous: T[] = []): T[] => {
    const items = value.split(',').map((item) => item.trim());
    for (const item of items) {
      if (!known.includes(item as T)) {
        throw new InvalidArgumentError(`"${item}" is not a ${name} (one of ${known.join(', ')}).`);
      }
    }
    return [...previous, ...(items as T[])];
  };
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: a duration back from now (30m, 24h, 7d) or an ISO 8601 date or time. */
export function parseSince(value: string, now = Date.now()): Date {
  const relative = /^(\d+)([smhdw])$/.exec(value.trim());
  if (relative) return new Date(now - Number(relative[1]) * (UNITS[relative[2] as string] as number));
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) {
    const date = new Date(value.trim());
    if (Number.isFinite(date.getTime())) return date;
  }
  throw new InvalidArgumentError(
    `"${value}" is neither a duration (30m, 24h, 7d) nor an ISO date (2026-12-01, 2026-12-01T08:00Z).`,
  );
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, got "${value}".`);
    }
    return number;
  };
}

function seconds(name: string, min: number, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
      throw new InvalidArgumentError(`${name} must be a number of seconds from ${min} to ${max}, got "${value}".`);
    }
    return number;
  };
}

function globalOptions(program: Command): Command {
  return program
    .option('--profile <name>', 'profile of the config file')
    .option('--config <file>', 'config file (default: $XDG_CONFIG_HOME/backup-tasks/config.json)')
    .option('--mock', 'use the built-in mocks even if vendors are configured')
    .option('--zstack-url <url>', 'ZStack API URL, context path included (ZSTACK_URL)')
    .option('--zstack-time-zone <zone>', "the ZStack server's IANA time zone (ZSTACK_TIME_ZONE)")
    .option('--region <region>', 'Huawei Cloud region, e.g. cn-north-4 (HUAWEICLOUD_SDK_REGION)')
    .option('--project-id <id>', 'Huawei Cloud project id (HUAWEICLOUD_SDK_PROJECT_ID)')
    .option('--cbr-endpoint <url>', 'CBR endpoint instead of the region one (HUAWEICLOUD_CBR_ENDPOINT)')
    .option('--vbs-endpoint <url>', 'VBS endpoint instead of the region one (HUAWEICLOUD_VBS_ENDPOINT)')
    .option(
      '--vbs-policy <id>',
      'VBS backup policy whose jobs to list, repeatable (HUAWEICLOUD_VBS_POLICY_ID)',
      (value, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--request-timeout <seconds>',
      'give up on a request after this long (tried twice); a vendor that stalls holds a merged listing back that long',
      seconds('--request-timeout', 0.1, 600),
      DEFAULT_REQUEST_TIMEOUT_S,
    )
    .option('--debug', 'print every request (method, URL, status, time) on stderr')
    .addHelpText('after', CONFIG_HELP);
}

/** The commands, each dispatched to its module; `done` receives the exit code. */
function commands(program: Command, run: Run, done: (code: number) => void): void {
  const globals = (command: Command) => command.optsWithGlobals() as GlobalOptions;
  program
    .command('list')
    .description('list tasks of every configured vendor, newest first')
    .option('--json', 'one JSON array (see @backup-specs/tasks/backup-task.schema.json)')
    .option('--ndjson', 'one JSON task per line, streamed as tasks arrive')
    .option(
      '--vendor <vendor>',
      `only these vendors: ${TASK_VENDORS.join(', ')} (comma-separated or repeated)`,
      listOf('vendor', TASK_VENDORS),
    )
    .option('--kind <kind>', `only these kinds: ${TASK_KINDS.join(', ')}`, listOf('kind', TASK_KINDS))
    .option('--status <status>', `only these statuses: ${TASK_STATUSES.join(', ')}`, listOf('status', TASK_STATUSES))
    .option('--since <when>', 'only tasks created since: 30m, 24h, 7d, or an ISO date or time', (value) =>
      parseSince(value),
    )
    .option(
      '--limit <n>',
      'at most n tasks (and at most n fetched per vendor list); default 1000 for tables and --json, none for --ndjson',
      integer('--limit', 1, 1_000_000),
    )
    .option('--allow-partial', 'exit 0 even if a vendor failed (its failure is still printed on stderr)')
    .action(async (options: ListOptions, command: Command) => done(await list(run, options, globals(command))));

  const vendorArgument = () => new Argument('<vendor>', 'vendor API').choices(TASK_VENDORS);
  const kindOption = () =>
    new Option('--kind <kind>', 'the task kind, if known (ZStack: saves two lookups)').choices(TASK_KINDS);
  program
    .command('show')
    .description("one task with every field and the vendor's raw object")
    .addArgument(vendorArgument())
    .argument('<id>', 'task id (ZStack uuid, CBR operation log id, VBS job id)')
    .addOption(kindOption())
    .option('--json', 'as JSON (see @backup-specs/tasks/backup-task.schema.json)')
    .action(async (vendor: TaskVendor, id: string, options: ShowOptions, command: Command) =>
      done(await show(run, vendor, id, options, globals(command))),
    );
  program
    .command('watch')
    .description('follow a task until it ends: exit 0 if it succeeded, 1 if it failed, was stopped or skipped')
    .addArgument(vendorArgument())
    .argument('<id>', 'task id')
    .addOption(kindOption())
    .option('--interval <seconds>', 'time between polls', seconds('--interval', 0.05, 3600), 2)
    .option('--timeout <seconds>', 'give up after this long (exit 124)', seconds('--timeout', 0.1, 30 * 86_400))
    .action(async (vendor: TaskVendor, id: string, options: WatchOptions, command: Command) =>
      done(await watch(run, vendor, id, options, globals(command))),
    );
  program
    .command('vendors')
    .description('what is configured, where it points (no secrets), and whether it answers')
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }, command: Command) =>
      done(await vendors(run, options, globals(command))),
    );
}

/** The exit code for what a command threw (its message printed here, once). */
function failure(run: Run, error: unknown): number {
  if (error instanceof Exit) return error.code;
  if (run.output.closed.aborted) return 0; // the reader of stdout has gone: what it wanted was printed
  if (run.interrupted) {
    run.output.err('backup-tasks: interrupted.');
    return 130;
  }
  if (error instanceof CommanderError) {
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
      ? 0
      : 2;
  }
  run.output.err(`backup-tasks: ${describe(error)}`);
  return isInputError(error) ? 2 : 1;
}

export async function main(argv: readonly string[], streams: Streams): Promise<number> {
  const run = new Run(streams);
  const { output } = run;
  let exitCode = 0;
  const program = globalOptions(
    new Command('backup-tasks')
      .description('Backup tasks of ZStack Cloud and Huawei Cloud (CBR, VBS) in one view.')
      .version(VERSION, '-V, --version', 'print the version of backup-tasks')
      .exitOverride()
      .configureOutput({
        writeOut: (text) => output.write(text),
        writeErr: (text) => streams.stderr.write(output.redact(text)),
        outputError: (text, write) => write(text),
      })
      .showHelpAfterError('(run `backup-tasks --help` for usage)'),
  );
  commands(program, run, (code) => {
    exitCode = code;
  });
  const onSigint = () => run.interrupt();
  process.on('SIGINT', onSigint);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return output.closed.aborted ? 0 : exitCode;
  } catch (error) {
    return failure(run, error);
  } finally {
    await run.finish(); // log out of sessions this run opened, also after errors and Ctrl-C
    process.off('SIGINT', onSigint);
  }
}
