// `pnpm mock` end to end: a real process tree, real ports, real signals. Every test checks that no
// Prism process outlives the CLI.
import { execFileSync, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDerived } from '../../src/documents.js';
import { PortInUseError, spawnPrism } from '../../src/prism.js';
import {
  type CliRun,
  freePortRange,
  isAlive,
  type Occupier,
  occupy,
  PACKAGE_DIR,
  portIsFree,
  prismChildren,
  prismPidsOnPort,
  runTs,
  waitFor,
} from '../support/processes.js';
import { credentials, http } from '../support/requests.js';

const runs: CliRun[] = [];
const servers: Occupier[] = [];
afterEach(async () => {
  for (const run of runs.splice(0))
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function mock(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const run = runTs('src/cli.ts', args, env);
  runs.push(run);
  return run;
}

async function ready(run: CliRun, lines: number): Promise<string[]> {
  await waitFor(
    () =>
      run
        .stdout()
        .split('\n')
        .filter((line) => /^\s+\S+\s+http:\/\//.test(line)).length >= lines || run.child.exitCode !== null,
    45_000,
    'the base URLs',
  );
  return run
    .stdout()
    .split('\n')
    .filter((line) => /^\s+\S+\s+http:\/\//.test(line))
    .map((line) => line.trim().split(/\s+/)[1] as string);
}

describe('pnpm mock', () => {
  it('serves every vendor on consecutive ports, prints the base URLs, logs no credentials, and SIGTERM stops every child', async () => {
    const port = await freePortRange(3);
    const run = mock(['--port', String(port)]);
    const urls = await ready(run, 3);
    expect(run.stdout()).toMatch(/^Prism mocks ready \(static examples; Ctrl-C stops them\):$/m);
    expect(urls).toEqual([
      `http://127.0.0.1:${port}/zstack`,
      `http://127.0.0.1:${port + 1}`,
      `http://127.0.0.1:${port + 2}`,
    ]);

    const zstack = await http(`${urls[0]}/v1/cbt-task`, { headers: credentials('zstack') });
    expect(zstack.status).toBe(200);
    const cbr = await http(`${urls[1]}/v3/0123456789abcdef0123456789abcdef/operation-logs`, {
      headers: credentials('huaweicloud-cbr'),
    });
    expect(cbr.status).toBe(200);

    // Valid and rejected requests carrying a secret: Prism logs rejected ones at the default level (warn).
    const secret = 'S3CRET-token-value-0123456789';
    await http(`${urls[0]}/v1/cbt-task?limit=abc`, { headers: { authorization: `OAuth ${secret}` } });
    await http(`${urls[0]}/v1/cbt-task`, { headers: { authorization: `Bearer ${secret}` } });
    await http(`${urls[1]}/v3/p/operation-logs?limit=0`, { headers: { 'x-auth-token': secret } });
    await http(`${urls[2]}/v2/p/backuppolicy/x/backuptasks?sort_dir=up`, {
      headers: { authorization: `SDK-HMAC-SHA256 Access=AK, Signature=${secret}` },
    });
    await http(`${urls[1]}/v3/p/operation-logs`, { headers: { 'x-auth-token': secret } });
    await waitFor(() => (run.stderr().match(/Violation:/g) ?? []).length >= 4, 5000, 'the violation log lines');
    expect(run.stderr()).toMatch(/\[zstack\].*limit must be integer/);

    const children = prismChildren(run.child.pid as number);
    expect(children).toHaveLength(3);
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(children.filter(isAlive)).toEqual([]);
    for (const p of [port, port + 1, port + 2]) expect(await portIsFree(p)).toBe(true);
    expect(run.stderr()).toMatch(/SIGTERM, stopping 3 mocks/);
    expect(run.stderr() + run.stdout()).not.toContain(secret);
  });

  it.each([
    ['its parent', 0],
    ['a launcher above its parent (pnpm mock -> pnpm --filter -> sh)', 1],
  ])('stops when %s dies without passing the signal on (pnpm signals only its `sh -c`)', async (_, nesting) => {
    const port = await freePortRange(1);
    const node = JSON.stringify(process.execPath);
    // `; true` keeps each sh from exec-ing its command, as pnpm's `sh -c` does not either.
    let command = `${node} --import tsx src/cli.ts --vendor zstack --port ${port}; true`;
    for (let level = 0; level < nesting; level += 1) command = `sh -c '${command}'; true`;
    const shell = spawn('sh', ['-c', command], { cwd: PACKAGE_DIR });
    let out = '';
    shell.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await waitFor(() => /http:\/\/127\.0\.0\.1/.test(out), 45_000, 'the base URL');
    const prism = prismPidsOnPort(port);
    expect(prism).toHaveLength(1);
    const cli = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(prism[0])], { encoding: 'utf8' }).trim());
    shell.kill('SIGKILL');
    await waitFor(
      () => !isAlive(cli) && prism.every((pid) => !isAlive(pid)),
      10_000,
      'the orphaned CLI to stop its mock',
    );
    expect(await portIsFree(port)).toBe(true);
  });

  it('Ctrl-C (SIGINT) stops a single vendor with dynamic mode and a seed', async () => {
    const [port] = [await freePortRange(1)];
    const run = mock(['--vendor', 'huaweicloud-vbs', '--port', String(port), '--dynamic', '--seed', '42']);
    const urls = await ready(run, 1);
    expect(urls).toEqual([`http://127.0.0.1:${port}`]);
    expect(run.stdout()).toMatch(/dynamic bodies, seed "42"/);
    const children = prismChildren(run.child.pid as number);
    run.child.kill('SIGINT');
    expect((await run.exit).code).toBe(0);
    expect(children.filter(isAlive)).toEqual([]);
  });

  it('a port in use is one line naming the port, and nothing is left running', async () => {
    const port = await freePortRange(3);
    servers.push(await occupy(port + 1));
    const run = mock(['--port', String(port)]);
    const { code } = await run.exit;
    expect(code).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([
      `pnpm mock: Port ${port + 1} on 127.0.0.1 is already in use (huaweicloud-cbr); stop what is listening there or pick another port.`,
    ]);
    expect(run.stdout()).toBe('');
    // Checked before spawning: the free ports were never taken, and no Prism started anywhere.
    expect(await portIsFree(port)).toBe(true);
    expect(await portIsFree(port + 2)).toBe(true);
    expect([port, port + 1, port + 2].flatMap(prismPidsOnPort)).toEqual([]);
  });

  it('when one Prism dies, the others are stopped and the CLI exits non-zero', async () => {
    const port = await freePortRange(2);
    const run = mock(['--vendor', 'zstack', '--vendor', 'huaweicloud-cbr', '--port', String(port)]);
    await ready(run, 2);
    const children = prismChildren(run.child.pid as number);
    expect(children).toHaveLength(2);
    process.kill(children[0] as number, 'SIGKILL');
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toMatch(/exited unexpectedly .*stopping the others/);
    expect(children.filter(isAlive)).toEqual([]);
  });

  it.each([
    [
      ['--vendor', 'nope'],
      /^pnpm mock: Unknown vendor "nope"; expected one of: zstack, huaweicloud-cbr, huaweicloud-vbs\.$/,
    ],
    [['--port', 'abc'], /^pnpm mock: --port "abc": expected an integer from 1 to 65535\.$/],
    [['--port', '65535'], /^pnpm mock: --port 65535: 3 vendors need ports up to 65537, above 65535\.$/],
    [['--seed', '1'], /^pnpm mock: --seed only applies to --dynamic mode; add --dynamic\.$/],
    [
      ['--log', 'info'],
      /^pnpm mock: --log info: expected warn, error, silent \(Prism's info and debug levels print request headers, credentials included\)\.$/,
    ],
    [['--bogus'], /^pnpm mock: Unknown option '--bogus'\. Run with --help for usage\.$/],
  ])('%j is refused with one specific line and exit code 2', async (args, message) => {
    const run = mock(args);
    expect((await run.exit).code).toBe(2);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    expect(run.stderr().trim()).toMatch(message);
  });

  it('--help prints the usage', async () => {
    const run = mock(['--help']);
    expect((await run.exit).code).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: pnpm mock/);
    expect(run.stdout()).toMatch(/--dynamic/);
  });
});

describe('Prism failing to bind after the port check', () => {
  it('is reported as PortInUseError naming the port, with the child gone', async () => {
    const port = await freePortRange(1);
    servers.push(await occupy(port));
    const { file } = await ensureDerived('zstack');
    const attempt = spawnPrism({ mode: 'mock', document: file, port, label: 'zstack', logLevel: 'warn' });
    await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
    await expect(attempt).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use (zstack)`);
    expect(prismPidsOnPort(port)).toEqual([]);
  });
});

describe('pnpm mock while bundles change', () => {
  it('says on stderr when a bundle it serves becomes invalid or disappears, and keeps serving the last good one', async () => {
    const bundles = await mkdtemp(path.join(tmpdir(), 'backup-specs-bundles-'));
    try {
      const source = path.resolve(PACKAGE_DIR, '../../specs/huaweicloud-vbs/dist/openapi.json');
      const bundle = path.join(bundles, 'huaweicloud-vbs', 'openapi.json');
      await cp(source, bundle);
      const port = await freePortRange(1);
      const run = mock(['--vendor', 'huaweicloud-vbs', '--port', String(port)], { BACKUP_SPECS_BUNDLES_DIR: bundles });
      const [url] = await ready(run, 1);
      await writeFile(bundle, '{ not json');
      await waitFor(
        () => /huaweicloud-vbs\] bundle changed but is invalid/.test(run.stderr()),
        15_000,
        'the invalid-bundle warning',
      );
      await rm(bundle);
      await waitFor(
        () => /huaweicloud-vbs\] .*openapi\.json disappeared/.test(run.stderr()),
        15_000,
        'the missing-bundle warning',
      );
      const reply = await http(
        `${url}/v2/${'0'.repeat(32)}/backuppolicy/af8a20b0-117d-4fc3-ae53-aa3968a4f870/backuptasks`,
        {
          headers: credentials('huaweicloud-vbs'),
        },
      );
      expect(reply.status).toBe(200);
      run.child.kill('SIGTERM');
      expect((await run.exit).code).toBe(0);
    } finally {
      await rm(bundles, { recursive: true, force: true });
    }
  }, 60_000);
});
