// `pnpm --filter @backup-specs/mock bench`: a bounded load run against each vendor's Prism mock and,
// in the same run, against a plain node:http server answering the same JSON, on 127.0.0.1 only.
// Prints figures; fails only on errors or non-2xx replies (correctness), never on a timing.
//
//   --vendor <name>   one vendor (repeatable; default all)
//   --amount <n>      requests per measured run (default 20000)
//   --connections <n> concurrent connections (default 10)
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startMock } from '../src/start-mock.js';
import { MockError, parseVendor, VENDORS, type Vendor } from '../src/vendors.js';

// The request each vendor's clients send most: the first page of the task list, with valid credentials.
const TARGETS: Record<Vendor, { path: string; headers: Record<string, string> }> = {
  zstack: { path: '/v1/cbt-task?limit=100', headers: { authorization: 'OAuth 7d8a4ecd4dd04b71a0c8d02d6ec25c5a' } },
  'huaweicloud-cbr': {
    path: '/v3/0123456789abcdef0123456789abcdef/operation-logs?limit=100',
    headers: { 'x-auth-token': 'bench-token' },
  },
  'huaweicloud-vbs': {
    path: '/v2/0123456789abcdef0123456789abcdef/backuppolicy/af8a20b0-117d-4fc3-ae53-aa3968a4f870/backuptasks?limit=20',
    headers: { 'x-auth-token': 'bench-token' },
  },
};

interface Figures {
  reqPerSec: number;
  p99: number;
  errors: number;
  non2xx: number;
  completed: number;
}

function load(url: string, headers: Record<string, string>, amount: number, connections: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    // autocannon ends an `amount` run on its one-second ticker, so its own duration rounds up to whole
    // seconds: time the run from the first request to the last response instead.
    const started = performance.now();
    let last = started;
    const instance = autocannon({ url, headers, amount, connections, timeout: 10 }, (error, result) => {
      if (error) return reject(error);
      const completed = result.requests.total;
      resolve({
        reqPerSec: completed / ((last - started) / 1000),
        p99: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
        completed,
      });
    });
    instance.on('response', () => {
      last = performance.now();
    });
  });
}

// The baseline runs in its own process, as Prism does, so it does not share an event loop with autocannon.
const BASELINE = `
const http = require('node:http');
const body = Buffer.from(process.env.BENCH_BODY, 'utf8');
const type = process.env.BENCH_TYPE;
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': type, 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
process.stdin.on('end', () => process.exit(0)).resume();
`;

function startBaseline(body: string, contentType: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', BASELINE], {
      env: { ...process.env, BENCH_BODY: body, BENCH_TYPE: contentType },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    child.once('error', reject);
    child.stdout?.once('data', (chunk: Buffer) =>
      resolve({ url: `http://127.0.0.1:${chunk.toString().trim()}`, child }),
    );
  });
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<number> {
  let values: { vendor?: string[]; amount?: string; connections?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        vendor: { type: 'string', multiple: true },
        amount: { type: 'string' },
        connections: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new MockError(
      `${(error as Error).message}. Usage: bench [--vendor <name>]... [--amount <n>] [--connections <n>]`,
    );
  }
  const vendors = (values.vendor ?? [...VENDORS]).map(parseVendor);
  const amount = Number(values.amount ?? 20_000);
  const connections = Number(values.connections ?? 10);
  if (!Number.isInteger(amount) || amount < 100)
    throw new MockError(`--amount ${values.amount}: expected an integer >= 100.`);
  if (!Number.isInteger(connections) || connections < 1 || connections > 1000) {
    throw new MockError(`--connections ${values.connections}: expected an integer from 1 to 1000.`);
  }
  const warmup = Math.min(2000, amount);

  console.log(
    `Load: ${fmt(amount)} requests, ${connections} connections, 127.0.0.1; Prism at log level warn; ` +
      `${fmt(warmup)} warm-up requests first (not counted). Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load average ${os.loadavg()[0]?.toFixed(1)} at start.`,
  );
  const rows: string[][] = [];
  let failures = 0;
  for (const vendor of vendors) {
    const mock = await startMock({
      vendor,
      logLevel: 'warn',
      onOutput: (line) => console.error(`[${vendor}] ${line}`),
    });
    console.log(`${vendor}: Prism ${mock.url}`);
    let baseline: { url: string; child: ChildProcess } | undefined;
    try {
      const target = TARGETS[vendor];
      if (!target) throw new Error(`bench: no target request for ${vendor}; add one to TARGETS`);
      const { path, headers } = target;
      const sample = await fetch(`${mock.url}${path}`, { headers });
      const body = await sample.text();
      if (!sample.ok)
        throw new MockError(
          `${vendor}: the benchmark request got HTTP ${sample.status}, not 2xx: ${body.slice(0, 200)}`,
        );
      baseline = await startBaseline(body, sample.headers.get('content-type') ?? 'application/json');

      await load(`${mock.url}${path}`, headers, warmup, connections);
      const prism = await load(`${mock.url}${path}`, headers, amount, connections);
      await load(`${baseline.url}${path}`, headers, warmup, connections);
      const plain = await load(`${baseline.url}${path}`, headers, amount, connections);

      failures += prism.errors + prism.non2xx + plain.errors + plain.non2xx;
      rows.push([
        vendor,
        fmt(prism.reqPerSec),
        `${fmt(prism.p99)} ms`,
        `${prism.errors} / ${prism.non2xx}`,
        fmt(plain.reqPerSec),
        `${fmt(plain.p99)} ms`,
        `${fmt(prism.reqPerSec / plain.reqPerSec, 3)} (1:${fmt(plain.reqPerSec / prism.reqPerSec, 1)})`,
        `${fmt(body.length)} B`,
      ]);
    } finally {
      baseline?.child.kill();
      await mock.stop();
    }
  }

  const header = [
    'vendor',
    'Prism req/s',
    'Prism p99',
    'errors / non-2xx',
    'node:http req/s',
    'node:http p99',
    'Prism / node:http',
    'body',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  if (failures > 0) {
    console.error(`\nbench: ${failures} errors or non-2xx replies; every request must succeed.`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
