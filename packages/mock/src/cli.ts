// `pnpm mock`: Prism mocks of every vendor (or the ones picked) from the bundles, on 127.0.0.1.
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundlePath, ensureDerived } from './documents.js';
import { assertPortFree, LOG_LEVELS, type LogLevel } from './prism.js';
import { type RunningMock, startMock } from './start-mock.js';
import { MockError, parseVendor, VENDORS, type Vendor, vendorInfo } from './vendors.js';

export const USAGE = `Usage: pnpm mock [--vendor <name>]... [--port <n>] [--dynamic [--seed <s>]] [--log warn|error|silent]

Starts Prism mocks of the bundled specs on 127.0.0.1 and prints their base URLs.
  --vendor <name>  ${VENDORS.join(' | ')} (repeatable; default: all)
  --port <n>       port of the first vendor; further vendors take the next ports
                   (default: ${VENDORS.map((v) => `${v} ${vendorInfo(v).defaultPort}`).join(', ')})
  --dynamic        generate bodies from the schemas instead of the named examples
  --seed <s>       make dynamic bodies repeatable (needs --dynamic)
  --log <level>    Prism's log level: warn (default; shows rejected requests), error, silent
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
    throw new MockError(
      `--log ${logLevel}: expected ${LOG_LEVELS.join(', ')} (Prism's info and debug levels print request headers, credentials included).`,
    );
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The parent, and above it every `sh -c` or pnpm process up to (not including) the first other one: the
 * user's shell or a process manager may go away (`nohup pnpm mock &`) without stopping the mocks.
 * Read from /proc on Linux; elsewhere only the parent.
 */
export function launcherChain(): number[] {
  const chain = [process.ppid];
  let pid = process.ppid;
  for (let depth = 0; depth < 16; depth += 1) {
    let args: string[];
    let parent: number;
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      // Field 4 of /proc/<pid>/stat, after the parenthesised command name (which may hold spaces).
      parent = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    } catch {
      break;
    }
    const shell = /(^|\/)(sh|dash|bash)$/.test(args[0] ?? '') && args[1] === '-c';
    const pnpm = args.slice(0, 2).some((arg) => /(^|\/)pnpm(\.c?js)?$/.test(arg));
    if (!shell && !pnpm) break;
    if (!chain.includes(pid)) chain.push(pid);
    if (!(parent > 1)) break;
    pid = parent;
  }
  return chain;
}

async function main(argv: string[]): Promise<number> {
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

  // Everything that can be checked is checked before any child starts: nothing is left running.
  try {
    for (const { vendor } of wanted) bundlePath(vendor);
    for (const { vendor, port } of wanted) await assertPortFree(port, vendor);
  } catch (error) {
    console.error(`pnpm mock: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  const running: RunningMock[] = [];
  let shuttingDown = false;
  const stopAll = async () => {
    shuttingDown = true;
    for (const { vendor } of wanted) unwatchFile(bundlePath(vendor));
    await Promise.all(running.map((mock) => mock.stop()));
  };

  const results = await Promise.allSettled(
    wanted.map(({ vendor, port }) =>
      startMock({
        vendor,
        port,
        dynamic,
        ...(seed !== undefined ? { seed } : {}),
        logLevel,
        onOutput: (line) => console.error(`[${vendor}] ${line}`),
      }).then((mock) => {
        running.push(mock);
        return mock;
      }),
    ),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await stopAll();
    const reason = (failure as PromiseRejectedResult).reason as unknown;
    console.error(`pnpm mock: ${reason instanceof Error ? reason.message : String(reason)}`);
    return 1;
  }

  return new Promise<number>((resolve) => {
    const finish = (code: number) => {
      if (shuttingDown) return;
      void stopAll().then(() => resolve(code));
    };
    // pnpm passes SIGTERM only to the `sh -c` running its script, so `pnpm mock` -> pnpm --filter ... ->
    // sh -> us never sees it. Stop when the parent or any pnpm/sh launcher above it has gone.
    const launchers = launcherChain();
    setInterval(() => {
      if (launchers.every(isAlive)) return;
      console.error('pnpm mock: the process that started it ended; stopping the mocks.');
      finish(0);
    }, 500).unref();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        console.error(`\npnpm mock: ${signal}, stopping ${running.length} mock${running.length === 1 ? '' : 's'}.`);
        finish(0);
      });
    }
    for (const mock of running) {
      void mock.exited.then((code) => {
        if (shuttingDown) return;
        console.error(`pnpm mock: Prism for ${mock.vendor} exited unexpectedly (code ${code}); stopping the others.`);
        finish(1);
      });
      // Re-derive when the bundle is rebuilt; Prism watches the derived file and reloads itself.
      const bundle = bundlePath(mock.vendor);
      watchFile(bundle, { interval: 1000 }, (current) => {
        if (shuttingDown) return;
        if (current.mtimeMs === 0) {
          console.error(
            `[${mock.vendor}] ${bundle} disappeared (its spec failed lint or bundling); still serving the last good bundle until \`pnpm build\` makes a new one.`,
          );
          return;
        }
        ensureDerived(mock.vendor).then(
          () => console.error(`[${mock.vendor}] bundle changed; Prism reloads the derived document.`),
          (error: unknown) =>
            console.error(
              `[${mock.vendor}] bundle changed but is invalid (${error instanceof Error ? error.message : String(error)}); still serving the last good bundle.`,
            ),
        );
      });
    }
    const width = Math.max(...running.map((mock) => mock.vendor.length));
    const order = new Map(VENDORS.map((vendor, index) => [vendor, index]));
    const mode = dynamic
      ? `dynamic bodies${seed !== undefined ? `, seed ${JSON.stringify(seed)}` : ''}`
      : 'static examples';
    console.log(`Prism mocks ready (${mode}; Ctrl-C stops them):`);
    for (const mock of [...running].sort((a, b) => (order.get(a.vendor) ?? 0) - (order.get(b.vendor) ?? 0))) {
      console.log(`  ${mock.vendor.padEnd(width)}  ${mock.url}`);
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`pnpm mock: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
