// `backup-tasks list --ndjson` over three fake vendors (loopback), large against small, interleaved:
// wall time, tasks per second and the process's peak RSS. The goal is flat memory: listing 20,000 tasks
// per vendor should take about the memory of listing 200 in all. Prints figures; asserts nothing.
//   pnpm --filter @backup-specs/cli bench [-- --json <file>] [--rounds 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type FakeVendors, startFakeVendors } from '../../tasks/test/support/fake-vendors.ts';

const { values } = parseArgs({
  // pnpm passes a literal "--" through; after it parseArgs would take every option as a positional.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { json: { type: 'string' }, rounds: { type: 'string', default: '3' } },
});
const rounds = Number(values.rounds);
const bin = fileURLToPath(new URL('../bin/backup-tasks.js', import.meta.url));
const preload = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));
const work = mkdtempSync(path.join(os.tmpdir(), 'backup-tasks-bench-'));

interface Sample {
  ms: number;
  tasks: number;
  peakRss: number;
}

async function listOnce(env: Record<string, string>): Promise<Sample> {
  const rssFile = path.join(work, 'rss');
  const started = performance.now();
  let lines = 0;
  const child = spawn(process.execPath, ['--import', preload, bin, 'list', '--ndjson'], {
    env: { PATH: process.env.PATH ?? '', HOME: work, XDG_CONFIG_HOME: work, ...env, BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) lines += 1;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`backup-tasks list exited ${code}`);
  return { ms: performance.now() - started, tasks: lines, peakRss: Number(readFileSync(rssFile, 'utf8')) };
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;

// 200 tasks in all (67 per vendor; ZStack splits its 67 over three kinds), then 20,000 per vendor (the
// goal's figure), then 60,000 per vendor (the trend: flat means no growth from 60,000 to 180,000 tasks).
const sizes = [67, 20_000, 60_000];
const fakes = await Promise.all(sizes.map((tasksPerVendor) => startFakeVendors({ tasksPerVendor })));
const samples: Sample[][] = sizes.map(() => []);
try {
  await listOnce((fakes[0] as FakeVendors).env()); // warm-up: file cache, JIT of the server
  for (let round = 0; round < rounds; round++) {
    // Rotate the order every round: no size always runs first or last.
    for (let step = 0; step < sizes.length; step++) {
      const which = (round + step) % sizes.length;
      samples[which]?.push(await listOnce((fakes[which] as FakeVendors).env()));
    }
  }
} finally {
  await Promise.all(fakes.map((fake) => fake.close()));
  rmSync(work, { recursive: true, force: true });
}

const results = samples.map((list, index) => ({
  tasksPerVendor: sizes[index] as number,
  tasks: list[0]?.tasks ?? 0,
  ms: median(list.map((s) => s.ms)),
  peakRssBytes: median(list.map((s) => s.peakRss)),
}));
const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
const result = {
  rounds,
  results,
  large,
  small,
  rssRatio: large.peakRssBytes / small.peakRssBytes,
  tasksPerSecond: large.tasks / (large.ms / 1000),
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`backup-tasks list --ndjson, 3 fake vendors, median of ${rounds} rounds (interleaved):`);
for (const each of results) {
  const rate = Math.round(each.tasks / (each.ms / 1000));
  console.log(
    `  ${each.tasks} tasks: ${(each.ms / 1000).toFixed(2)} s (${rate} tasks/s), peak RSS ${mb(each.peakRssBytes)}`,
  );
}
console.log(
  `  peak RSS, 20,000 per vendor / 200 in all: ${result.rssRatio.toFixed(2)}x for ${(large.tasks / small.tasks).toFixed(0)}x the tasks`,
);
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2));
