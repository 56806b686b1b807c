// `backup-specs-mock` (what `pnpm mock` runs) end to end, as users run it: the built bin, real ports, real
// signals. One process serves every vendor: no test may find a child process or a port left behind.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverBasePath } from '../../src/derive.js';
import { readBundle } from '../../src/documents.js';
import { createMockFetch } from '../../src/in-process.js';
import { VENDORS, vendorInfo } from '../../src/vendors.js';
import {
  BIN,
  type CliRun,
  childrenOf,
  freePortRange,
  isAlive,
  type Occupier,
  occupy,
  PACKAGE_DIR,
  portIsFree,
  runNode,
  waitFor,
} from '../support/processes.js';
import { buildRequest, credentials, http, loadSpec } from '../support/requests.js';

const runs: CliRun[] = [];
const servers: Occupier[] = [];
afterEach(async () => {
  for (const run of runs.splice(0))
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function mock(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const run = runNode(BIN, args, env);
  runs.push(run);
  return run;
}

const URL_LINE = /^\s+\S+\s+http:\/\//;

async function ready(run: CliRun, lines: number): Promise<string[]> {
  await waitFor(
    () =>
      run
        .stdout()
        .split('\n')
        .filter((line) => URL_LINE.test(line)).length >= lines || run.child.exitCode !== null,
    20_000,
    'the base URLs',
  );
  return run
    .stdout()
    .split('\n')
    .filter((line) => URL_LINE.test(line))
    .map((line) => line.trim().split(/\s+/)[1] as string);
}

/** A request the spec accepts, for the first operation of a vendor that needs no path of its own. */
async function firstValidRequest(vendor: string, baseUrl: string) {
  const spec = await loadSpec(vendor);
  const operation = spec.operations.find((o) => o.method === 'get') ?? spec.operations[0];
  if (!operation) throw new Error(`${vendor} has no operation`);
  return buildRequest(vendor, baseUrl, operation);
}

describe('pnpm mock', () => {
  it('serves every registered vendor from one process on consecutive ports, logs rejected requests without credentials, and SIGTERM stops it', async () => {
    const port = await freePortRange(VENDORS.length);
    const run = mock(['--port', String(port)]);
    const urls = await ready(run, VENDORS.length);
    expect(run.stdout()).toMatch(/^Mocks ready \(static examples; Ctrl-C stops them\):$/m);
    const basePaths = await Promise.all(VENDORS.map(async (vendor) => serverBasePath(await readBundle(vendor))));
    expect(urls).toEqual(VENDORS.map((_, index) => `http://127.0.0.1:${port + index}${basePaths[index]}`));
    // Prism's core runs inside the CLI: nothing was spawned.
    expect(childrenOf(run.child.pid as number)).toEqual([]);

    for (const [index, vendor] of VENDORS.entries()) {
      const { url, init } = await firstValidRequest(vendor, urls[index] as string);
      expect((await http(url, init)).status, vendor).toBeLessThan(300);
    }

    // Rejected requests carrying a secret: one line each on stderr, naming the violation, never the secret.
    const secret = 'S3CRET-token-value-0123456789';
    const zstack = VENDORS.indexOf('zstack');
    await http(`${urls[zstack]}/v1/cbt-task?limit=abc`, { headers: { authorization: `OAuth ${secret}` } });
    await http(`${urls[zstack]}/v1/cbt-task?q=${secret}`, { headers: { authorization: `OAuth ${secret}` } });
    const cbr = VENDORS.indexOf('huaweicloud-cbr');
    await http(`${urls[cbr]}/v3/p/operation-logs?limit=0`, { headers: { 'x-auth-token': secret } });
    // Accepted (a signature is checked for presence only): no line, and the secret appears nowhere.
    await http(`${urls[cbr]}/v3/p/operation-logs`, {
      headers: { authorization: `SDK-HMAC-SHA256 Signature=${secret}` },
    });
    await waitFor(
      () =>
        run
          .stderr()
          .split('\n')
          .filter((l) => / 4\d\d /.test(l)).length >= 3,
      5000,
      'the log lines',
    );
    const lines = run.stderr().trim().split('\n');
    // Exactly one line per rejected request, each naming method and path.
    expect(lines.filter((l) => / 4\d\d /.test(l))).toHaveLength(3);
    expect(lines.every((l) => /^\[[a-z0-9-]+\] (GET|PUT|POST|DELETE) \/\S* \d{3} /.test(l))).toBe(true);
    expect(lines).toContain('[zstack] GET /zstack/v1/cbt-task 400 query.limit must be integer');
    expect(lines).toContain('[huaweicloud-cbr] GET /v3/p/operation-logs 400 query.limit must be >= 1');
    expect(run.stderr() + run.stdout()).not.toContain(secret);

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    for (const [index] of VENDORS.entries()) expect(await portIsFree(port + index)).toBe(true);
    expect(run.stderr()).toMatch(new RegExp(`SIGTERM, stopping ${VENDORS.length} mocks\\.`));
  });

  it('Ctrl-C (SIGINT) stops it with exit code 0 and no error line, in dynamic mode with a seed', async () => {
    const port = await freePortRange(1);
    const run = mock(['--vendor', 'huaweicloud-vbs', '--port', String(port), '--dynamic', '--seed', '42']);
    expect(await ready(run, 1)).toEqual([`http://127.0.0.1:${port}`]);
    expect(run.stdout()).toMatch(/dynamic bodies, seed "42"/);
    // The bin loads Prism with an English-only faker (src/fast-start.ts): its bodies are the in-process
    // mock's (the full faker), byte for byte.
    const { url, init } = await firstValidRequest('huaweicloud-vbs', `http://127.0.0.1:${port}`);
    const fromBin = await http(url, init);
    const inProcess = await createMockFetch('huaweicloud-vbs', { dynamic: true, seed: '42' })(url, init);
    expect(fromBin.status).toBe(200);
    expect(fromBin.text).toBe(await inProcess.text());
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stderr().trim()).toBe('pnpm mock: SIGINT, stopping 1 mock.');
    expect(await portIsFree(port)).toBe(true);
  });

  it.each([
    ['a shell', (command: string) => ['sh', ['-c', `${command}; true`]] as const],
    [
      'pnpm (pnpm exec, which passes no signal on when killed)',
      (command: string) => ['pnpm', ['exec', 'sh', '-c', `${command}; true`]] as const,
    ],
  ])('stops when its parent, %s, is killed', async (_, launcher) => {
    const port = await freePortRange(1);
    // `; true` keeps sh from exec-ing node, so node's parent really is the process that dies.
    const [command, args] = launcher(`${JSON.stringify(process.execPath)} ${BIN} --vendor zstack --port ${port}`);
    const parent = spawn(command, args, { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await waitFor(() => /http:\/\/127\.0\.0\.1/.test(out), 20_000, 'the base URL');
    expect(await portIsFree(port)).toBe(false);
    const tree = [parent.pid as number, ...descendants(parent.pid as number)];
    const mockPid = tree.find((pid) => commandLine(pid).includes('backup-specs-mock.js'));
    if (!mockPid) throw new Error('the mock process is not below its launcher');
    const launchers = tree.filter((pid) => pid !== mockPid);
    expect(launchers.length).toBeGreaterThan(0);
    for (const pid of launchers) process.kill(pid, 'SIGKILL');
    // Only the launchers were killed: the mock noticed its parent had gone, closed its port and exited.
    await waitFor(() => !isAlive(mockPid), 5000, 'the orphaned mock to exit');
    expect(await portIsFree(port)).toBe(true);
  });

  it('busy ports: one line naming every busy port, exit 1, and nothing is left listening', async () => {
    const port = await freePortRange(3);
    servers.push(await occupy(port), await occupy(port + 2));
    const vendors = VENDORS.slice(0, 3);
    const run = mock([...vendors.flatMap((v) => ['--vendor', v]), '--port', String(port)]);
    expect((await run.exit).code).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([
      `pnpm mock: Ports ${port} (${vendors[0]}), ${port + 2} (${vendors[2]}) on 127.0.0.1 are already in use; stop what is listening there or pick other ports (--port).`,
    ]);
    expect(run.stdout()).toBe('');
    expect(await portIsFree(port + 1)).toBe(true);
  });

  it('one busy port: the same line for that port alone', async () => {
    const port = await freePortRange(1);
    servers.push(await occupy(port));
    const run = mock(['--vendor', 'huaweicloud-cbr', '--port', String(port)]);
    expect((await run.exit).code).toBe(1);
    expect(run.stderr().trim()).toBe(
      `pnpm mock: Port ${port} on 127.0.0.1 is already in use (huaweicloud-cbr); stop what is listening there or pick another port.`,
    );
  });

  it.each([
    [['--vendor', 'nope'], `pnpm mock: Unknown vendor "nope"; expected one of: ${VENDORS.join(', ')}.`],
    [['--port', 'abc'], 'pnpm mock: --port "abc": expected an integer from 1 to 65535.'],
    [
      ['--port', '65535'],
      `pnpm mock: --port 65535: ${VENDORS.length} vendors need ports up to ${65535 + VENDORS.length - 1}, above 65535.`,
    ],
    [['--seed', '1'], 'pnpm mock: --seed only applies to --dynamic mode; add --dynamic.'],
    [['--log', 'info'], 'pnpm mock: --log info: expected warn, error, silent.'],
    [['--bogus'], "pnpm mock: Unknown option '--bogus'. Run with --help for usage."],
  ])('%j is refused with one specific line and exit code 2', async (args, message) => {
    const run = mock(args);
    expect((await run.exit).code).toBe(2);
    expect(run.stderr().trim()).toBe(message);
  });

  it('--help prints the usage, with the registered vendors and their ports', async () => {
    const run = mock(['--help']);
    expect((await run.exit).code).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: pnpm mock/);
    for (const vendor of VENDORS) expect(run.stdout()).toContain(`${vendor} ${vendorInfo(vendor).defaultPort}`);
  });

  it.each(['silent', 'error'])('--log %s prints no line for rejected requests', async (level) => {
    const port = await freePortRange(1);
    const run = mock(['--vendor', 'zstack', '--port', String(port), '--log', level]);
    const [url] = await ready(run, 1);
    expect((await http(`${url}/v1/cbt-task?limit=abc`, { headers: credentials('zstack') })).status).toBe(400);
    expect((await http(`${url}/v1/nothing`, { headers: credentials('zstack') })).status).toBe(404);
    run.child.kill('SIGTERM');
    await run.exit;
    expect(run.stderr().trim()).toBe('pnpm mock: SIGTERM, stopping 1 mock.');
  });
});

describe('pnpm mock while bundles change', () => {
  it('serves a rebuilt bundle, and says on stderr when one becomes invalid or disappears while keeping the last good one', async () => {
    const bundles = await mkdtemp(path.join(tmpdir(), 'backup-specs-bundles-'));
    try {
      const source = path.resolve(PACKAGE_DIR, '../../specs/huaweicloud-vbs/dist/openapi.json');
      const bundle = path.join(bundles, 'huaweicloud-vbs', 'openapi.json');
      await cp(source, bundle);
      const port = await freePortRange(1);
      const run = mock(['--vendor', 'huaweicloud-vbs', '--port', String(port)], { BACKUP_SPECS_BUNDLES_DIR: bundles });
      const [url] = await ready(run, 1);
      const route = `${url}/v2/${'0'.repeat(32)}/backuppolicy/af8a20b0-117d-4fc3-ae53-aa3968a4f870/backuptasks`;
      const count = async () =>
        ((await http(route, { headers: credentials('huaweicloud-vbs') })).text.match(/"job_id"/g) ?? []).length;
      const before = await count();

      // A rebuilt bundle whose first example has no job: the mock answers from it.
      const doc = JSON.parse(await readFile(source, 'utf8'));
      const examples = doc.paths['/v2/{project_id}/backuppolicy/{policy_id}/backuptasks'].get.responses['200'].content[
        'application/json'
      ].examples as Record<string, unknown>;
      const [firstName] = Object.keys(examples);
      if (firstName) examples[firstName] = { value: { tasks: [], count: 0 } };
      await writeFile(bundle, JSON.stringify(doc));
      await waitFor(() => /huaweicloud-vbs\] bundle changed; serving the new one/.test(run.stderr()), 10_000, 'reload');
      expect(before).toBeGreaterThan(0);
      expect(await count()).toBe(0);

      await writeFile(bundle, '{ not json');
      await waitFor(() => /huaweicloud-vbs\] bundle changed but is invalid/.test(run.stderr()), 10_000, 'warning');
      await rm(bundle);
      await waitFor(() => /huaweicloud-vbs\] .*openapi\.json disappeared/.test(run.stderr()), 10_000, 'warning');
      expect(await count()).toBe(0);
      run.child.kill('SIGTERM');
      expect((await run.exit).code).toBe(0);
    } finally {
      await rm(bundles, { recursive: true, force: true });
    }
  }, 60_000);
});

/** A process's command line (Linux /proc). */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Every process below a pid (Linux `ps`). */
function descendants(pid: number): number[] {
  const direct = childrenOf(pid);
  return [...direct, ...direct.flatMap(descendants)];
}
