// `pnpm mock` / `backup-specs-mock`: the mocks of every vendor (or the ones picked), served from this one
// process on 127.0.0.1 (Prism's core in process: no child process, nothing to supervise).
import { unwatchFile, watchFile } from 'node:fs';
import { parseArgs } from 'node:util';
import { bundlePath } from './documents.js';
import { assertPortFree, PortInUseError } from './server.js';
import { type RunningMock, startMock } from './start-mock.js';
import { MockError, parseVendor, VENDORS, type Vendor, vendorInfo } from './vendors.js';

/** `warn`: one line per rejected request; `error`: only requests the mock failed to answer; `silent`: none. */
export const LOG_LEVELS = ['warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const USAGE: string = `Usage: pnpm mock [--vendor <name>]... [--port <n>] [--dynamic [--seed <s>]] [--log warn|error|silent]
       (or backup-specs-mock ..., where @backup-specs/mock is installed: not on npm yet, see the README)

Serves mocks of the bundled specs (Prism's core, in this process) on 127.0.0.1 and prints their base URLs.
  --vendor <name>  ${VENDORS.join(' | ')} (repeatable; default: all)
  --port <n>       port of the first vendor; further vendors take the next ports
                   (default: ${VENDORS.map((v) => `${v} ${vendorInfo(v).defaultPort}`).join(', ')})
  --dynamic        generate bodies from the schemas instead of the named examples
  --seed <s>       make dynamic bodies repeatable (needs --dynamic)
  --log <level>    warn (default: one line per rejected request), error (requests it failed to answer), silent
  --help           show this help
Ctrl-C (or SIGTERM) stops every mock.`;

export interface CliPlan {
  mocks: { vendor: Vendor; port: number }[];
  dynamic: boolean;
  seed: string | undefined;
  logLevel: LogLevel;
}

/** Parses the command line into a plan, or throws a MockError naming the bad flag. */
export function parseCli(argv: string[]): CliPlan | 'help' {
  let values: { vendor?: string[]; port?: string; dynamic?: boolean; seed?: string; log?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        vendor: { type: 'string', multiple: true },
        port: { type: 'string' },
        dynamic: { type: 'boolean' },
        seed: { type: 'string' },
        log: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new MockError(`${error instanceof Error ? error.message : String(error)}. Run with --help for usage.`);
  }
  if (values.help) return 'help';
  const vendors = [...new Set((values.vendor ?? [...VENDORS]).map(parseVendor))];
  let first: number | undefined;
  if (values.port !== undefined) {
    first = Number(values.port);
    if (!/^\d+$/.test(values.port) || first < 1 || first > 65535) {
      throw new MockError(`--port ${JSON.stringify(values.port)}: expected an integer from 1 to 65535.`);
    }
  }
  if (first !== undefined && first + vendors.length - 1 > 65535) {
    throw new MockError(
      `--port ${first}: ${vendors.length} vendors need ports up to ${first + vendors.length - 1}, above 65535.`,
    );
  }
  if (values.seed !== undefined && !values.dynamic)
    throw new MockError('--seed only applies to --dynamic mode; add --dynamic.');
  const logLevel = values.log ?? 'warn';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new MockError(`--log ${logLevel}: expected ${LOG_LEVELS.join(', ')}.`);
  }
  return {
    mocks: vendors.map((vendor, index) => ({
      vendor,
      port: first === undefined ? vendorInfo(vendor).defaultPort : first + index,
    })),
    dynamic: values.dynamic ?? false,
    seed: values.seed,
    logLevel: logLevel as LogLevel,
  };
}

/** Every busy port at once, in one line: the user frees them all before trying again. */
async function checkPorts(wanted: CliPlan['mocks']): Promise<void> {
  const busy: CliPlan['mocks'] = [];
  for (const mock of wanted) {
    try {
      await assertPortFree(mock.port, mock.vendor);
    } catch (error) {
      if (!(error instanceof PortInUseError)) throw error;
      busy.push(mock);
    }
  }
  const [first] = busy;
  if (first && busy.length === 1) throw new PortInUseError(first.port, first.vendor);
  if (busy.length > 1) {
    throw new MockError(
      `Ports ${busy.map((m) => `${m.port} (${m.vendor})`).join(', ')} on 127.0.0.1 are already in use; stop what is listening there or pick other ports (--port).`,
    );
  }
}

export async function main(argv: string[]): Promise<number> {
  let plan: CliPlan | 'help';
  try {
    plan = parseCli(argv);
  } catch (error) {
    console.error(`pnpm mock: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (plan === 'help') {
    console.log(USAGE);
    return 0;
  }
  const { mocks: wanted, dynamic, seed, logLevel } = plan;

  const running: RunningMock[] = [];
  const stopAll = async () => {
    for (const { vendor } of wanted) unwatchFile(bundlePath(vendor));
    await Promise.all(running.map((mock) => mock.stop()));
  };
  try {
    // Every bundle and every port first: a failure starts nothing.
    for (const { vendor } of wanted) bundlePath(vendor);
    await checkPorts(wanted);
    for (const { vendor, port } of wanted) {
      running.push(
        await startMock({
          vendor,
          port,
          dynamic,
          ...(seed !== undefined ? { seed } : {}),
          onRejected: ({ status, line }) => {
            if (logLevel === 'warn' || (logLevel === 'error' && status >= 500)) console.error(`[${vendor}] ${line}`);
          },
        }),
      );
    }
  } catch (error) {
    await stopAll();
    console.error(`pnpm mock: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  for (const mock of running) {
    // Re-read the bundle when `pnpm build` rewrites it; a broken or missing one leaves the last good one served.
    const bundle = bundlePath(mock.vendor);
    watchFile(bundle, { interval: 500 }, (current) => {
      if (current.mtimeMs === 0) {
        console.error(
          `[${mock.vendor}] ${bundle} disappeared (its spec failed lint or bundling); still serving the last good bundle until \`pnpm build\` makes a new one.`,
        );
        return;
      }
      mock.reload().then(
        () => console.error(`[${mock.vendor}] bundle changed; serving the new one.`),
        (error: unknown) =>
          console.error(
            `[${mock.vendor}] bundle changed but is invalid (${error instanceof Error ? error.message : String(error)}); still serving the last good bundle.`,
          ),
      );
    });
  }

  const width = Math.max(...running.map((mock) => mock.vendor.length));
  const mode = dynamic
    ? `dynamic bodies${seed !== undefined ? `, seed ${JSON.stringify(seed)}` : ''}`
    : 'static examples';
  console.log(`Mocks ready (${mode}; Ctrl-C stops them):`);
  for (const mock of running) console.log(`  ${mock.vendor.padEnd(width)}  ${mock.url}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const finish = (why: string) => {
      if (stopping) return;
      stopping = true;
      console.error(`${why}, stopping ${running.length} mock${running.length === 1 ? '' : 's'}.`);
      void stopAll().then(() => resolve(0));
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => finish(`\npnpm mock: ${signal}`));
    }
    // The process that started us went away without a signal reaching us (killed, a crashed test
    // runner): we are re-parented, so stop instead of holding the ports.
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) finish('pnpm mock: the process that started it ended');
    }, 500).unref();
  });
}
