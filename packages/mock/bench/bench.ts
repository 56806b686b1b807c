// `pnpm --filter @backup-specs/mock bench`, on 127.0.0.1 only. Prints figures; fails only on errors or
// non-2xx replies (correctness), never on a timing.
//
// 1. Start-up: from launch to every vendor answering, measured side by side (interleaved rounds) for the
//    previous release's way (one `prism mock` child process per vendor, the pinned @stoplight/prism-cli)
//    and this one (the backup-specs-mock bin: one process, Prism's core in process).
// 2. Load: each vendor's mock (the bin, in its own process) against a plain node:http server answering
//    the same JSON, also in its own process.
//
//   --vendor <name>   one vendor (repeatable; default all)
//   --amount <n>      requests per measured load run (default 20000)
//   --connections <n> concurrent connections (default 10)
//   --rounds <n>      start-up rounds per way (default 5)
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { serverBasePath } from '../src/derive.js';
import { readBundle, writeDerived } from '../src/documents.js';
import { freePort } from '../src/server.js';
import { appendQuery, fillPath, listOperations, sampleValue } from '../src/spec.js';
import { MockError, parseVendor, VENDORS, type Vendor, vendorInfo } from '../src/vendors.js';

const BIN = fileURLToPath(new URL('../bin/backup-specs-mock.js', import.meta.url));
const require = createRequire(import.meta.url);

/** The first GET of the API with its required parameters from the spec's samples, and credentials. */
async function sampleRequest(vendor: Vendor): Promise<{ path: string; headers: Record<string, string> }> {
  const doc = await readBundle(vendor);
  const operation = listOperations(doc).find((candidate) => candidate.method === 'get');
  if (!operation) throw new MockError(`${vendor}: no GET operation to load-test.`);
  const search = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of operation.parameters.filter((p) => p.required)) {
    if (parameter.in === 'query') appendQuery(search, parameter, sampleValue(parameter));
    if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = String(sampleValue(parameter));
  }
  const { auth } = vendorInfo(vendor);
  if (operation.security.length > 0 && auth === 'zstack')
    headers.authorization = 'OAuth 7d8a4ecd4dd04b71a0c8d02d6ec25c5a';
  if (operation.security.length > 0 && auth === 'huawei') headers['x-auth-token'] = 'bench-token';
  const query = search.toString();
  return { path: `${serverBasePath(doc)}${fillPath(operation)}${query ? `?${query}` : ''}`, headers };
}

/** Resolves when a GET of `url` gets any HTTP answer (the server is serving). */
async function answering(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      if (performance.now() > deadline) throw new MockError(`${url} did not answer within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Milliseconds from launch to every vendor answering, then everything is stopped. */
async function startUp(way: 'prism-cli' | 'in-process', vendors: Vendor[], ports: number[]): Promise<number> {
  const started = performance.now();
  const deadline = started + 60_000;
  let children: ChildProcess[];
  if (way === 'in-process') {
    const args = [...vendors.flatMap((vendor) => ['--vendor', vendor]), '--port', String(ports[0])];
    children = [spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' })];
  } else {
    const manifest = require.resolve('@stoplight/prism-cli/package.json');
    const prism = path.join(path.dirname(manifest), (require(manifest) as { bin: { prism: string } }).bin.prism);
    children = await Promise.all(
      vendors.map(async (vendor, index) => {
        const { file } = await writeDerived(vendor);
        return spawn(process.execPath, [prism, 'mock', file, '--port', String(ports[index])], {
          stdio: 'ignore',
        });
      }),
    );
  }
  try {
    await Promise.all(ports.map((port) => answering(`http://127.0.0.1:${port}/`, deadline)));
    return performance.now() - started;
  } finally {
    await Promise.all(children.map(stop));
  }
}

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
  let values: { vendor?: string[]; amount?: string; connections?: string; rounds?: string; json?: string };
  try {
    ({ values } = parseArgs({
      // pnpm passes a literal "--" through; after it parseArgs would take every option as a positional.
      args: process.argv.slice(2).filter((arg) => arg !== '--'),
      strict: true,
      options: {
        vendor: { type: 'string', multiple: true },
        amount: { type: 'string' },
        connections: { type: 'string' },
        rounds: { type: 'string' },
        // Also write the figures as JSON (pnpm bench's report reads them).
        json: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new MockError(
      `${(error as Error).message}. Usage: bench [--vendor <name>]... [--amount <n>] [--connections <n>] [--rounds <n>]`,
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
  const rounds = Number(values.rounds ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) {
    throw new MockError(`--rounds ${values.rounds}: expected an integer from 1 to 50.`);
  }
  const warmup = Math.min(2000, amount);

  // 1. Start-up, the two ways interleaved (order alternating) so the shared machine's noise hits both.
  const ports = await Promise.all(vendors.map(() => freePort()));
  const consecutive = await freePort();
  const binPorts = vendors.map((_, index) => consecutive + index);
  const times: Record<'prism-cli' | 'in-process', number[]> = { 'prism-cli': [], 'in-process': [] };
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (['prism-cli', 'in-process'] as const) : (['in-process', 'prism-cli'] as const);
    for (const way of order) times[way].push(await startUp(way, vendors, way === 'in-process' ? binPorts : ports));
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
  const [old, now] = [median(times['prism-cli']), median(times['in-process'])];
  console.log(
    [
      `Start-up to ${vendors.length} vendors answering, median of ${rounds} interleaved rounds:`,
      `  previous (one prism-cli process per vendor): ${fmt(old)} ms (${fmt(old / vendors.length)} ms per vendor)`,
      `  now (one process, Prism's core in process):  ${fmt(now)} ms (${fmt(now / vendors.length)} ms per vendor); ${fmt(old / now, 1)}x faster`,
      '',
    ].join('\n'),
  );

  console.log(
    `Load: ${fmt(amount)} requests, ${connections} connections, 127.0.0.1; the mock bin at --log silent, in its own process; ` +
      `${fmt(warmup)} warm-up requests first (not counted). Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load average ${os.loadavg()[0]?.toFixed(1)} at start.`,
  );
  const rows: string[][] = [];
  const loads: Record<string, unknown>[] = [];
  let failures = 0;
  for (const vendor of vendors) {
    const port = await freePort();
    const mockProcess = spawn(process.execPath, [BIN, '--vendor', vendor, '--port', String(port), '--log', 'silent'], {
      stdio: 'ignore',
    });
    const mock = { url: `http://127.0.0.1:${port}` };
    await answering(`${mock.url}/`, performance.now() + 60_000);
    let baseline: { url: string; child: ChildProcess } | undefined;
    try {
      const { path, headers } = await sampleRequest(vendor);
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
      loads.push({
        vendor,
        requests: amount,
        connections,
        reqPerSec: prism.reqPerSec,
        p99Ms: prism.p99,
        errors: prism.errors,
        non2xx: prism.non2xx,
        baselineReqPerSec: plain.reqPerSec,
        baselineP99Ms: plain.p99,
        ratio: prism.reqPerSec / plain.reqPerSec,
      });
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
      await stop(mockProcess);
    }
  }

  const header = [
    'vendor',
    'mock req/s',
    'mock p99',
    'errors / non-2xx',
    'node:http req/s',
    'node:http p99',
    'mock / node:http',
    'body',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
  if (values.json) {
    writeFileSync(
      values.json,
      `${JSON.stringify({ startup: { vendors: vendors.length, rounds, previousMs: old, nowMs: now }, load: loads }, null, 2)}\n`,
    );
  }
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
