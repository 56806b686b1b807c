// `pnpm contract` (live contract mode), tested with local upstreams only: the globalSetup's Prism mocks
// (a clean run must pass) and a tiny node:http server that breaks the spec (every mismatch reported).
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_VENDORS } from '../src/checks.js';
import { parseContractCli } from '../src/cli.js';
import { mockUrl } from './support.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Resolves once nothing listens on the port any more (the proxy the CLI started is gone). */
const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createNetServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });

const SECRET_TOKEN = 'live-S3CRET-token-91c2';
const SECRET_PASSWORD = 'live-S3CRET-password-5e7f';
const HUAWEI_ENV = { HUAWEICLOUD_SDK_PROJECT_ID: '04f1829c788037ac2fb8c01eb2b04b95', HUAWEICLOUD_TOKEN: SECRET_TOKEN };
// The child must not pick up real credentials from the developer's shell.
const CLEAN_ENV = Object.fromEntries(
  Object.keys(process.env)
    .filter((key) => /^(ZSTACK|HUAWEICLOUD)_/.test(key))
    .map((key) => [key, undefined]),
);

/** `pnpm contract` as one node process (tsx as a loader), its output collected. */
function contract(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: packageDir,
    env: { ...process.env, ...CLEAN_ENV, ...env, FORCE_COLOR: '0' },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, ...output })),
  );
}

/** The proxy port the CLI reported, to check the proxy is gone afterwards. */
const proxyPort = (stdout: string) => Number(/validating proxy at http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);

describe('pnpm contract against a Prism mock as the upstream', () => {
  it.each([
    ['zstack', { ZSTACK_ACCOUNT_NAME: 'admin', ZSTACK_PASSWORD: SECRET_PASSWORD }],
    ['huaweicloud-cbr', HUAWEI_ENV],
    ['huaweicloud-vbs', { ...HUAWEI_ENV, HUAWEICLOUD_VBS_POLICY_ID: 'af8a20b0-117d-4fc3-ae53-aa3968a4f870' }],
  ] as const)('%s: every read-only check passes through the proxy, exit 0', async (vendor, env) => {
    const target = mockUrl(vendor);
    const { code, stdout, stderr } = await contract(['--vendor', vendor, '--target', target, '--target-is-mock'], env);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/checks, \d+ requests: all passed, 0 spec mismatches\.$/m);
    expect(stdout).not.toMatch(/FAIL|mismatch:/);
    expect(code).toBe(0);
    for (const secret of [SECRET_TOKEN, SECRET_PASSWORD]) expect(stdout + stderr).not.toContain(secret);
    expect(await portIsFree(proxyPort(stdout))).toBe(true);
  });
});

describe('pnpm contract against an upstream that breaks the spec', () => {
  let upstream: Server;
  let target: string;
  beforeAll(async () => {
    // Three kinds of break: `count` as a string (first page, paging), tasks missing required fields
    // (the filtered list), and a 418 whose body is no Huawei error (the unknown-task lookup). What the
    // ShowOpLog check needs first (a one-task list and that task) is valid.
    const task = {
      id: '4827f2da-b008-4507-ab7d-42d0df5ed912',
      project_id: '04f1829c788037ac2fb8c01eb2b04b95',
      status: 'success',
      created_at: '2019-05-23T14:31:36.039365',
      updated_at: '2019-05-23T14:31:36.039365',
      started_at: '2019-05-23T14:31:36.039365',
      error_info: { code: '', message: '' },
    };
    upstream = createServer((req, res) => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://upstream');
      if (url.pathname.endsWith('/operation-logs')) {
        if (url.searchParams.get('limit') === '1') return json(200, { count: 1, operation_logs: [task] });
        if (url.searchParams.has('status'))
          return json(200, { count: 1, operation_logs: [{ id: 'x', status: 'success' }] });
        return json(200, { count: 'one', operation_logs: [] });
      }
      if (url.pathname.endsWith(task.id)) return json(200, { operation_log: task });
      return json(418, { teapot: true });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

  it('reports every mismatch, names the field, and exits 1', async () => {
    const { code, stdout } = await contract(['--vendor', 'huaweicloud-cbr', '--target', target], HUAWEI_ENV);
    expect(code).toBe(1);
    const logs = '/v3/04f1829c788037ac2fb8c01eb2b04b95/operation-logs';
    const replaced = '-> Prism 500 instead of the reply: Prism: ';
    expect(stdout).toContain(
      `mismatch: GET ${logs}?limit=5&offset=0 ${replaced}response.body.count: Response body property count must be integer`,
    );
    expect(stdout).toContain(
      `mismatch: GET ${logs}?status=success&operation_type=backup&limit=10 ${replaced}response.body.operation_logs.0: Response body property operation_logs.0 must have required property 'created_at'`,
    );
    expect(stdout).toContain(
      `mismatch: GET ${logs}/00000000-0000-4000-8000-00000000dead ${replaced}response.body: Response body must have required property 'error_code'`,
    );
    expect(stdout).toMatch(/^4 checks, 6 requests: 4 failed, \d+ spec mismatches\.$/m);
    expect(stdout).not.toContain(SECRET_TOKEN);
    expect(await portIsFree(proxyPort(stdout))).toBe(true);
  });
});

describe('pnpm contract against a target that does not answer', () => {
  it('an unreachable target is one line naming the URL and the cause, exit 1, no proxy started', async () => {
    // A port that was just free: nothing listens there, so the connection is refused at once.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { code, stdout, stderr } = await contract(['--vendor', 'huaweicloud-cbr', '--target', target], HUAWEI_ENV);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(`pnpm contract: cannot reach ${target}: ECONNREFUSED.`);
  });

  it('a target that accepts the connection but never answers times out after --timeout, one line, exit 1', async () => {
    const stall = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
    try {
      const target = `http://127.0.0.1:${(stall.address() as AddressInfo).port}`;
      const started = Date.now();
      const { code, stderr } = await contract(
        ['--vendor', 'huaweicloud-cbr', '--target', target, '--timeout', '1'],
        HUAWEI_ENV,
      );
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`pnpm contract: cannot reach ${target}: no answer within 1 s (--timeout).`);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      stall.closeAllConnections();
      stall.close();
    }
  });
});

describe('pnpm contract usage errors', () => {
  it.each([
    [[], {}, new RegExp(`^pnpm contract: --vendor is required: one of ${CONTRACT_VENDORS.join(', ')}\\.$`)],
    [['--vendor', 'zstack'], {}, /^pnpm contract: --target is required/],
    [
      ['--vendor', 'zstack', '--target', 'ftp://h'],
      {},
      /^pnpm contract: --target must be an http:\/\/ or https:\/\/ URL\.$/,
    ],
    [
      ['--vendor', 'zstack', '--target', 'http://127.0.0.1:1/zstack'],
      {},
      /^pnpm contract: zstack needs credentials: set ZSTACK_SESSION_UUID, or ZSTACK_ACCOUNT_NAME and ZSTACK_PASSWORD\.$/,
    ],
    [
      ['--vendor', 'huaweicloud-vbs', '--target', 'http://127.0.0.1:1'],
      HUAWEI_ENV,
      /^pnpm contract: huaweicloud-vbs needs HUAWEICLOUD_VBS_POLICY_ID/,
    ],
    [
      ['--vendor', 'huaweicloud-cbr', '--target', 'http://127.0.0.1:1'],
      { ...HUAWEI_ENV, HUAWEICLOUD_SDK_PROJECT_ID: '../04f1829c' },
      /^pnpm contract: HUAWEICLOUD_SDK_PROJECT_ID is not a usable id: contains "\/"/,
    ],
    [
      ['--vendor', 'huaweicloud-cbr', '--target', 'http://127.0.0.1:1', '--timeout', '0'],
      HUAWEI_ENV,
      /^pnpm contract: --timeout "0": expected seconds/,
    ],
  ] as const)('%j is refused with one line and exit code 2', async (args, env, message) => {
    const { code, stderr, stdout } = await contract([...args], env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it('a target with credentials in it is refused without echoing them', () => {
    expect(() =>
      parseContractCli(['--vendor', 'zstack', '--target', `http://admin:${SECRET_PASSWORD}@127.0.0.1/zstack`], {}),
    ).toThrow('--target must not contain credentials; use the environment variables.');
    try {
      parseContractCli(['--vendor', 'zstack', '--target', `http://admin:${SECRET_PASSWORD}@127.0.0.1/zstack`], {});
    } catch (error) {
      expect(String(error)).not.toContain(SECRET_PASSWORD);
    }
  });
});
