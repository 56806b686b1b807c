// Benchmark: median per-call time of the ZStack client vs a bare fetch and vs openapi-fetch alone, against
// the same local node:http server, in one run, interleaved (rotating which goes first) so all see the same
// machine state; then the heap retained after 100 000 client calls (after GC), and the entry sizes
// (size-limit's JSON). Prints figures; asserts nothing.
// Run: pnpm --filter @backup-specs/client bench [-- --calls 5000 --heap-calls 100000]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { paths } from '@backup-specs/types/zstack';
import createClient from 'openapi-fetch';
import { createZStackClient } from '../src/zstack/index.js';

const { values } = parseArgs({
  // pnpm passes a literal "--" through; after it parseArgs would take every option as a positional.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    calls: { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '500' },
    'heap-calls': { type: 'string', default: '100000' },
    // Also write the figures as JSON (pnpm bench's report reads them; nothing parses the printed text).
    json: { type: 'string' },
  },
});
const calls = Number(values.calls);
const warmup = Number(values.warmup);
const heapCalls = Number(values['heap-calls']);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc (the package script does).');

const session = '7d8a4ecd4dd04b71a0c8d02d6ec25c5a';
const body = JSON.stringify({
  inventories: Array.from({ length: 20 }, (_, i) => ({
    uuid: `${String(i).padStart(4, '0')}`.padEnd(32, 'a'),
    name: `cbt-${i}`,
    status: 'Running',
    createDate: 'Nov 14, 2017 10:20:57 PM',
    lastOpDate: 'Nov 14, 2017 10:20:57 PM',
  })),
  total: 20,
});

const server = createServer((req, res) => {
  if (req.headers.authorization !== `OAuth ${session}`) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('no session');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zstack`;

const client = createZStackClient({ baseUrl, auth: { sessionUuid: session } });
// Without a per-attempt timeout: shows what AbortSignal.timeout + AbortSignal.any cost per call.
const noTimeout = createZStackClient({ baseUrl, auth: { sessionUuid: session }, retry: { timeoutMs: 0 } });
// For context: openapi-fetch alone (no retries, no middleware), the floor any layer on it starts from.
const plain = createClient<paths>({ baseUrl, headers: { Authorization: `OAuth ${session}` } });
const query = { q: ['status=Running'], limit: 20, replyWithCount: true };
const url = `${baseUrl}/v1/cbt-task?q=status%3DRunning&limit=20&replyWithCount=true`;

async function bare(): Promise<void> {
  const response = await fetch(url, { headers: { Authorization: `OAuth ${session}` } });
  if (!response.ok) throw new Error(`bare fetch: HTTP ${response.status}`);
  await response.json();
}
async function viaClient(): Promise<void> {
  const { data, response } = await client.GET('/v1/cbt-task', { params: { query } });
  if (!response.ok || !data) throw new Error(`client: HTTP ${response.status}`);
}

async function viaOpenapiFetch(): Promise<void> {
  const { data, response } = await plain.GET('/v1/cbt-task', { params: { query } });
  if (!response.ok || !data) throw new Error(`openapi-fetch: HTTP ${response.status}`);
}

async function viaClientNoTimeout(): Promise<void> {
  const { data, response } = await noTimeout.GET('/v1/cbt-task', { params: { query } });
  if (!response.ok || !data) throw new Error(`client: HTTP ${response.status}`);
}

async function time(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

const runners = {
  'bare fetch': bare,
  'openapi-fetch alone': viaOpenapiFetch,
  'ZStack client': viaClient,
  'ZStack client, retry.timeoutMs 0': viaClientNoTimeout,
};
type Name = keyof typeof runners;
const names = Object.keys(runners) as Name[];
for (let i = 0; i < warmup; i += 1) for (const name of names) await runners[name]();
const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
for (let i = 0; i < calls; i += 1) {
  // Rotate the order every round so no runner always goes first (or after the same one).
  for (let j = 0; j < names.length; j += 1) {
    const name = names[(i + j) % names.length] as Name;
    samples[name].push(await time(runners[name]));
  }
}
server.close();

const rows = names.map((name) => {
  const sorted = [...samples[name]].sort((a, b) => a - b);
  return { name, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99) };
});
const median = (name: Name) => rows.find((row) => row.name === name)?.median as number;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log(`ZStack client vs bare fetch: ${calls} calls each, interleaved, after ${warmup} warm-up calls each`);
console.log(
  `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}; GET /v1/cbt-task, 20 inventories (${body.length} B JSON), loopback node:http`,
);
console.log('');
console.log('| call | median | p90 | p99 | median / bare fetch |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) {
  console.log(
    `| ${row.name} | ${us(row.median)} | ${us(row.p90)} | ${us(row.p99)} | ${(row.median / median('bare fetch')).toFixed(3)}x |`,
  );
}
console.log('');
const ratio = (a: Name, b: Name) => (median(a) / median(b)).toFixed(3);
const added = ((median('ZStack client') - median('openapi-fetch alone')) * 1000).toFixed(1);
console.log(`per-call ratio, ZStack client / bare fetch: ${ratio('ZStack client', 'bare fetch')}x`);
console.log(
  `per-call ratio, ZStack client / openapi-fetch alone: ${ratio('ZStack client', 'openapi-fetch alone')}x, ${added} µs added per call (goal <= 1.10x)`,
);
console.log(
  `per-call ratio, openapi-fetch alone / bare fetch: ${ratio('openapi-fetch alone', 'bare fetch')}x (the floor)`,
);

// Heap retained by many calls: nothing per call may outlive it (timers, signal links, buffers).
// (Between collections the event loop turns, so finalizers and undici's deferred clean-up run too.)
const heap = async () => {
  for (let i = 0; i < 4; i += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};
const heapServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
});
await new Promise<void>((resolve) => heapServer.listen(0, '127.0.0.1', resolve));
const heapUrl = `http://127.0.0.1:${(heapServer.address() as AddressInfo).port}/zstack`;
const heapClient = createZStackClient({ baseUrl: heapUrl, auth: { sessionUuid: session } });
// Warm up first (JIT code, connection pool, lazily built tables are not per-call retention).
for (let i = 0; i < 5000; i += 1) await heapClient.GET('/v1/cbt-task', { params: { query } });
const run = async (count: number) =>
  Promise.all(
    Array.from({ length: 8 }, async (_, lane) => {
      for (let i = lane; i < count; i += 8) {
        const { response } = await heapClient.GET('/v1/cbt-task', { params: { query } });
        if (!response.ok) throw new Error(`heap run: HTTP ${response.status}`);
      }
    }),
  );
const before = await heap();
await run(heapCalls);
const after = await heap();
// A second batch shows what is retained per call in the steady state, apart from one-off growth (V8's
// code and inline caches, undici's connection pool) that the first batch may include.
await run(heapCalls);
const again = await heap();
heapServer.close();
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
console.log(
  `heap retained after ${heapCalls} calls (default timeoutMs 30 000, after GC): ${mb(after - before)}; after ${heapCalls} more: ${mb(again - after)} (goal <= 1 MB)`,
);

// Entry sizes, from size-limit's JSON output (built dist/, openapi-fetch included, minified + gzip).
let sizeJson = '';
try {
  sizeJson = execFileSync('pnpm', ['exec', 'size-limit', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
} catch (error) {
  sizeJson = String((error as { stdout?: string }).stdout ?? ''); // exit code 1 when over budget; JSON still printed
}
try {
  const sizes: { name: string; size: number; sizeLimit: number }[] = JSON.parse(sizeJson);
  console.log('');
  console.log('| entry (min + gzip, openapi-fetch included) | size | enforced ceiling |');
  console.log('| --- | --- | --- |');
  for (const entry of sizes) console.log(`| ${entry.name} | ${entry.size} B | ${entry.sizeLimit} B |`);
  console.log('(goal for the vendor entries: <= 11.5 KB = 11,500 B)');
} catch (error) {
  console.log(`sizes: no size-limit output (${(error as Error).message}); run pnpm build first`);
}

if (values.json) {
  let sizes: { name: string; size: number; sizeLimit: number }[] = [];
  try {
    sizes = JSON.parse(sizeJson);
  } catch {}
  writeFileSync(
    values.json,
    `${JSON.stringify(
      {
        calls,
        medianMicroseconds: Object.fromEntries(rows.map((row) => [row.name, row.median * 1000])),
        addedMicrosecondsPerCall: (median('ZStack client') - median('openapi-fetch alone')) * 1000,
        ratios: {
          clientOverBareFetch: median('ZStack client') / median('bare fetch'),
          clientOverOpenapiFetch: median('ZStack client') / median('openapi-fetch alone'),
          openapiFetchOverBareFetch: median('openapi-fetch alone') / median('bare fetch'),
          clientNoTimeoutOverOpenapiFetch: median('ZStack client, retry.timeoutMs 0') / median('openapi-fetch alone'),
        },
        heapRetainedBytes: { calls: heapCalls, first: after - before, second: again - after },
        sizes: sizes.map(({ name, size, sizeLimit }) => ({ name, bytes: size, budget: sizeLimit })),
      },
      null,
      2,
    )}\n`,
  );
}
