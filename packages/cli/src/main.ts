// `backup-tasks`: backup tasks of every configured vendor in one view (list, show, watch, vendors).
import { createRequire } from 'node:module';
import {
  type BackupTask,
  getBackupTask,
  isSuccess,
  KINDS_OF,
  listBackupTasks,
  type SourceFailure,
  TASK_KINDS,
  TASK_STATUSES,
  TASK_VENDORS,
  type TaskKind,
  TaskNotFoundError,
  type TaskStatus,
  type TaskVendor,
  toJson,
  watchBackupTask,
} from '@backup-specs/tasks';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError, type ConfigFlags, isUnconfigured, resolveSettings, secretsOf } from './config.js';
import { describe, isInputError } from './errors.js';
import { duration, taskDetails, taskTable } from './format.js';
import { Output, type Streams } from './output.js';
import { type ConfiguredVendor, configuredVendors, DEFAULT_REQUEST_TIMEOUT_S, mockVendors } from './vendors.js';
import { createWatchView } from './watch-view.js';

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

Exit codes: 0 ok; 1 a vendor failed, a task failed, was stopped or skipped; 2 bad usage or
configuration; 124 watch --timeout; 130 interrupted.`;

const VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Thrown by actions to end with an exit code after printing their own message. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

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

interface GlobalOptions extends ConfigFlags {
  mock?: boolean;
  debug?: boolean;
  requestTimeout: number;
}

export async function main(argv: readonly string[], streams: Streams): Promise<number> {
  const output = new Output(streams);
  let exitCode = 0;

  /** The vendors to use: configured ones, or the built-in mocks when nothing is configured (or --mock). */
  async function setup(
    options: GlobalOptions,
  ): Promise<{ vendors: ConfiguredVendor[]; missing: { vendor: TaskVendor; hint: string }[] }> {
    const debug = options.debug ? (line: string) => output.err(`debug: ${line}`) : undefined;
    const settings = resolveSettings(options, streams.env);
    output.addSecrets(secretsOf(settings));
    if (options.mock || isUnconfigured(settings)) {
      output.err(
        options.mock
          ? 'backup-tasks: --mock: using the built-in mocks (example data), not your vendors.'
          : 'backup-tasks: no vendor configured: using the built-in mocks (example data). See `backup-tasks --help` to configure.',
      );
      return { vendors: await mockVendors(debug), missing: [] };
    }
    const { configured, missing } = configuredVendors(settings, debug, options.requestTimeout);
    if (settings.file) debug?.(`profile "${settings.profile}" of ${settings.file}`);
    return { vendors: configured, missing };
  }

  function pick(
    vendors: ConfiguredVendor[],
    missing: { vendor: TaskVendor; hint: string }[],
    wanted: readonly TaskVendor[],
  ): ConfiguredVendor[] {
    for (const vendor of wanted) {
      if (!vendors.some((each) => each.vendor === vendor)) {
        const hint = missing.find((each) => each.vendor === vendor)?.hint;
        throw new ConfigError(`${vendor} is not configured${hint ? `: ${hint}` : ''}.`);
      }
    }
    return vendors.filter((each) => wanted.length === 0 || wanted.includes(each.vendor));
  }

  const program = new Command('backup-tasks')
    .description('Backup tasks of ZStack Cloud and Huawei Cloud (CBR, VBS) in one view.')
    .version(VERSION, '-V, --version', 'print the version of backup-tasks')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.write(text),
      writeErr: (text) => streams.stderr.write(output.redact(text)),
      outputError: (text, write) => write(text),
    })
    .showHelpAfterError('(run `backup-tasks --help` for usage)')
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
    .option('--limit <n>', 'at most n tasks (and at most n fetched per vendor list)', integer('--limit', 1, 1_000_000))
    .option('--allow-partial', 'exit 0 even if a vendor failed (its failure is still printed on stderr)')
    .action(
      async (
        options: {
          json?: boolean;
          ndjson?: boolean;
          vendor?: TaskVendor[];
          kind?: TaskKind[];
          status?: TaskStatus[];
          since?: Date;
          limit?: number;
          allowPartial?: boolean;
        },
        command: Command,
      ) => {
        if (options.json && options.ndjson) throw new ConfigError('--json and --ndjson exclude each other: pick one.');
        const { vendors, missing } = await setup(command.optsWithGlobals());
        const chosen = pick(vendors, missing, options.vendor ?? []);
        if (options.kind) {
          const offered = chosen.flatMap((each) => KINDS_OF[each.vendor]);
          const none = options.kind.filter((kind) => !offered.includes(kind));
          if (none.length === options.kind.length) {
            throw new ConfigError(`No configured vendor has ${none.join(', ')} tasks.`);
          }
        }
        const failed: SourceFailure[] = [];
        const warned = new Set<string>();
        const listing = listBackupTasks(
          chosen.map((each) => each.source),
          {
            kinds: options.kind,
            statuses: options.status,
            since: options.since,
            limit: options.limit,
            onFailure: (failure) => {
              failed.push(failure);
              // One line per vendor and cause: a vendor that is down fails all its lists the same way.
              const { name, status, code } = failure.error as { name?: string; status?: number; code?: string };
              const key = `${failure.vendor} ${name} ${status} ${code}`;
              if (warned.has(key)) return;
              warned.add(key);
              const what = `${failure.vendor} (${failure.kind}${failure.policyId ? `, policy ${failure.policyId}` : ''})`;
              output.err(`backup-tasks: warning: ${what} failed: ${describe(failure.error)}`);
            },
          },
        );
        if (options.ndjson) {
          for await (const task of listing) await output.jsonLine(toJson(task));
        } else {
          const tasks: BackupTask[] = [];
          for await (const task of listing) tasks.push(task);
          // Newest first across vendors (the stream is merged in that order where each API sorts).
          tasks.sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0));
          if (options.json) output.out(JSON.stringify(output.redactValue(tasks.map(toJson)), null, 2));
          else if (tasks.length === 0 && failed.length === 0) output.err('backup-tasks: no tasks match.');
          else output.out(taskTable(output, tasks));
        }
        if (failed.length > 0) {
          const everyList =
            failed.length >= chosen.length && new Set(failed.map((f) => f.vendor)).size === chosen.length;
          if (!options.allowPartial || everyList) exitCode = 1;
        }
      },
    );

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
    .action(async (vendor: TaskVendor, id: string, options: { json?: boolean; kind?: TaskKind }, command: Command) => {
      const { vendors, missing } = await setup(command.optsWithGlobals());
      const [chosen] = pick(vendors, missing, [vendor]);
      let task: BackupTask | undefined;
      try {
        task = await getBackupTask((chosen as ConfiguredVendor).source, id, { kind: options.kind });
      } catch (error) {
        if (isInputError(error)) throw error;
        output.err(`backup-tasks: ${vendor}: ${describe(error)}`);
        throw new Exit(1);
      }
      if (!task) {
        output.err(`backup-tasks: ${vendor} has no task ${id}.`);
        throw new Exit(1);
      }
      output.out(options.json ? JSON.stringify(output.redactValue(toJson(task)), null, 2) : taskDetails(output, task));
    });

  program
    .command('watch')
    .description('follow a task until it ends: exit 0 if it succeeded, 1 if it failed, was stopped or skipped')
    .addArgument(vendorArgument())
    .argument('<id>', 'task id')
    .addOption(kindOption())
    .option('--interval <seconds>', 'time between polls', seconds('--interval', 0.05, 3600), 2)
    .option('--timeout <seconds>', 'give up after this long (exit 124)', seconds('--timeout', 0.1, 30 * 86_400))
    .action(
      async (
        vendor: TaskVendor,
        id: string,
        options: { kind?: TaskKind; interval: number; timeout?: number },
        command: Command,
      ) => {
        const { vendors, missing } = await setup(command.optsWithGlobals());
        const [chosen] = pick(vendors, missing, [vendor]);
        const controller = new AbortController();
        const timer =
          options.timeout === undefined
            ? undefined
            : setTimeout(() => controller.abort('timeout'), options.timeout * 1000);
        const onSignal = () => controller.abort('interrupted');
        process.once('SIGINT', onSignal);
        const view = createWatchView(output, `${vendor} ${id}`);
        let last: BackupTask | undefined;
        const started = Date.now();
        try {
          for await (const task of watchBackupTask((chosen as ConfiguredVendor).source, id, {
            kind: options.kind,
            intervalMs: options.interval * 1000,
            signal: controller.signal,
          })) {
            last = task;
            view.update(task);
          }
        } catch (error) {
          view.stop();
          if (isInputError(error)) throw error;
          if (controller.signal.aborted) {
            const why = controller.signal.reason === 'timeout' ? `gave up after ${options.timeout} s` : 'interrupted';
            output.err(`backup-tasks: ${vendor} ${id}: ${why}${last ? ` (status ${last.status})` : ''}.`);
            throw new Exit(controller.signal.reason === 'timeout' ? 124 : 130);
          }
          output.err(`backup-tasks: ${error instanceof TaskNotFoundError ? '' : `${vendor}: `}${describe(error)}`);
          throw new Exit(1);
        } finally {
          clearTimeout(timer);
          process.removeListener('SIGINT', onSignal);
        }
        view.stop();
        const task = last as BackupTask;
        const took = duration(Date.now() - started);
        if (isSuccess(task)) {
          output.out(
            `${output.style('green', '✓')} ${vendor} ${id} ${task.status} (${task.vendorStatus}) after ${took}`,
          );
        } else {
          const reason = task.error ? `: ${[task.error.code, task.error.message].filter(Boolean).join(' ')}` : '';
          output.out(`${output.style('red', '✗')} ${vendor} ${id} ${task.status} (${task.vendorStatus})${reason}`);
          exitCode = 1;
        }
      },
    );

  program
    .command('vendors')
    .description('what is configured, where it points (no secrets), and whether it answers')
    .option('--json', 'as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { vendors, missing } = await setup(command.optsWithGlobals());
      const probed = await Promise.all(
        vendors.map(async (each) => {
          const started = performance.now();
          try {
            await probe(each);
            return { ...each, ok: true, latencyMs: Math.round(performance.now() - started), error: undefined };
          } catch (error) {
            if (isInputError(error)) throw error;
            return { ...each, ok: false, latencyMs: undefined, error: describe(error) };
          }
        }),
      );
      const rows = [
        ...probed.map((each) => ({
          vendor: each.vendor,
          configured: true,
          endpoint: each.endpoint,
          auth: each.auth,
          answers: each.ok,
          latencyMs: each.latencyMs ?? null,
          error: each.error ?? null,
        })),
        ...missing.map((each) => ({
          vendor: each.vendor,
          configured: false,
          endpoint: null,
          auth: null,
          answers: null,
          latencyMs: null,
          error: null,
          hint: each.hint,
        })),
      ].sort((a, b) => TASK_VENDORS.indexOf(a.vendor) - TASK_VENDORS.indexOf(b.vendor));
      if (options.json) output.out(JSON.stringify(output.redactValue(rows), null, 2));
      else {
        for (const row of rows) {
          const state = !row.configured
            ? `not configured (${'hint' in row ? row.hint : ''})`
            : row.answers
              ? output.style('green', `answers (${row.latencyMs} ms)`)
              : output.style('red', `does not answer: ${row.error}`);
          output.out(
            [row.vendor.padEnd(16), (row.endpoint ?? '-').padEnd(44), (row.auth ?? '-').padEnd(18), state]
              .join('  ')
              .trimEnd(),
          );
        }
      }
      if (probed.some((each) => !each.ok)) exitCode = 1;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof Exit) return error.code;
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
        ? 0
        : 2;
    }
    if (isInputError(error)) {
      output.err(`backup-tasks: ${describe(error)}`);
      return 2;
    }
    output.err(`backup-tasks: ${describe(error)}`);
    return 1;
  }
}

/** The cheapest read of each vendor: one item of its list. */
async function probe(vendor: ConfiguredVendor): Promise<void> {
  const { source } = vendor;
  if (source.vendor === 'zstack') {
    const { error } = await source.client.GET('/v1/cbt-task', { params: { query: { limit: 1 } } });
    if (error) throw error;
  } else if (source.vendor === 'huaweicloud-cbr') {
    const { error } = await source.client.listOpLogs({ limit: 1 });
    if (error) throw error;
  } else {
    const { error } = await source.client.listBackupTasksByPolicy(source.policyIds[0] as string, { limit: 1 });
    if (error) throw error;
  }
}
