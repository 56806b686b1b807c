// Secrets (IAM token, SK, security token, the Authorization header) never appear in an error message, a
// thrown error's properties (enumerable or not, causes included), JSON.stringify(error), a retry event or
// a console line, for every way a Huawei call can fail.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { createCbrClient } from '../../src/huaweicloud-cbr/index.js';
import { createVbsClient } from '../../src/huaweicloud-vbs/index.js';
import { type FlakyServer, startFlakyServer } from '../support/flaky-server.js';

const PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const TOKEN = 'TOKEN-SECRET-MIIEhwYJKoZIhvcNAQcCoIIEeDCCBHQCAQExDTALBgl';
const AK = 'AKID4PUBLICPARTXYZ12';
const SK = 'SK-SECRET-Zk9Qm3Lp7Rt2Vw8Xy4Ab6Cd0Ef1Gh5Ij';
const SECURITY_TOKEN = 'STS-SECRET-gQpjbi1ub3J0aC00ixY8DPnzuQ1sVgvqS0RhCtKEkCg';
const SECRETS = [TOKEN, SK, SECURITY_TOKEN];

let server: FlakyServer | undefined;
let consoleSpies: MockInstance[] = [];
let signatures: string[] = [];
beforeEach(() => {
  consoleSpies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m));
  signatures = [];
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const spy of consoleSpies) {
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  }
});

function expectNoSecret(value: unknown): void {
  const error = value as Error;
  const views = [
    String(error),
    error?.message,
    error?.stack,
    JSON.stringify(error),
    JSON.stringify(Object.entries(error ?? {})),
    inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY, getters: true }),
  ].join('\n');
  for (const secret of [...SECRETS, ...signatures]) expect(views).not.toContain(secret);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

const auths = [
  ['token', { token: TOKEN }],
  ['AK/SK with security token', { ak: AK, sk: SK, securityToken: SECURITY_TOKEN }],
] as const;

describe.each(auths)('%s: no secret in any error', (_name, auth) => {
  it('HuaweiApiError for 401 (flat form) and 403 (nested form), thrown and returned', async () => {
    const replies = [
      {
        status: 401,
        body: { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information', request_id: 'r1' },
      },
      { status: 403, body: { error: { code: 'VBS.0403', message: 'Forbidden' } } },
    ];
    server = await startFlakyServer((request) => {
      if (request.headers.authorization) signatures.push(String(request.headers.authorization));
      return replies.shift() ?? { status: 500, body: {} };
    });
    const cbr = createCbrClient({ baseUrl: server.url, projectId: PROJECT, auth });
    const thrown = await failure(cbr.showOpLog('4827f2da-b008-4507-ab7d-42d0df5ed912'));
    expect(thrown).toMatchObject({ status: 401, code: 'APIGW.0301' });
    expectNoSecret(thrown);
    const vbs = createVbsClient({ baseUrl: server.url, projectId: PROJECT, auth });
    const iterated = await failure(
      (async () => {
        for await (const _ of vbs.backupTasks('policy-1')) {
          // none
        }
      })(),
    );
    expect(iterated).toMatchObject({ status: 403, code: 'VBS.0403' });
    expectNoSecret(iterated);
  });

  it('HuaweiApiError and UnexpectedResponseError for endpoints that echo the credentials back', async () => {
    // What a misconfigured gateway or a debugging proxy does: every request header, in the body and headers.
    const echo = (request: { headers: Record<string, unknown> }) => {
      const seen = Object.values(request.headers).join(' ');
      return {
        status: 401,
        headers: { 'x-echo': seen.replace(/[^\x20-\x7e]/g, '') },
        body: { error_code: 'APIGW.0301', error_msg: `bad credentials: ${seen}` },
      };
    };
    server = await startFlakyServer((request) => {
      if (request.headers.authorization) signatures.push(String(request.headers.authorization));
      if (request.url.includes('/backuptasks'))
        return { status: 200, body: `<html>${JSON.stringify(request.headers)}</html>` };
      return echo(request);
    });
    const cbr = createCbrClient({ baseUrl: server.url, projectId: PROJECT, auth });
    const thrown = await failure(cbr.showOpLog('4827f2da-b008-4507-ab7d-42d0df5ed912'));
    expect(thrown).toMatchObject({ status: 401, code: 'APIGW.0301' });
    expect((thrown as Error).message).toContain('***');
    expectNoSecret(thrown);
    const { error } = await cbr.listOpLogs();
    expect(error?.errorMessage).toMatch(/^bad credentials: .*\*\*\*/);
    expectNoSecret(error);
    expectNoSecret(error?.headers.get('x-echo'));
    const vbs = createVbsClient({ baseUrl: server.url, projectId: PROJECT, auth });
    const unexpected = await failure(vbs.listBackupTasksByPolicy('policy-1'));
    expect(unexpected).toMatchObject({ name: 'UnexpectedResponseError' });
    expectNoSecret(unexpected);
  });

  it('NetworkError for dropped connections and timeouts, and the retry events', async () => {
    server = await startFlakyServer(
      () => ({ body: {} }),
      [{ kind: 'drop' }, { kind: 'delay', ms: 1000 }, { kind: 'drop' }],
    );
    const events: unknown[] = [];
    const cbr = createCbrClient({
      baseUrl: server.url,
      projectId: PROJECT,
      auth,
      retry: { baseDelayMs: 1, timeoutMs: 200, onRetry: (event) => events.push(event) },
    });
    const error = await failure(cbr.listOpLogs({ vault_name: 'v' }));
    expect(error).toMatchObject({ name: 'NetworkError', attempts: 3 });
    for (const r of server.requests) if (r.headers.authorization) signatures.push(String(r.headers.authorization));
    expectNoSecret(error);
    expect(events).toHaveLength(2);
    for (const event of events) expectNoSecret(event);
  });

  it('ConfigurationError and PagingError', async () => {
    const badPath = await failure(
      createCbrClient({
        region: 'cn-north-4',
        projectId: PROJECT,
        auth,
        fetch: async () => new Response('{}'),
      }).showOpLog('..'),
    );
    expect(badPath).toMatchObject({ name: 'ConfigurationError' });
    expectNoSecret(badPath);
    const fetch = async () => Response.json({ count: 50, operation_logs: [{ id: 'a' }, { id: 'b' }] });
    const cbr = createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth, fetch });
    const paging = await failure(
      (async () => {
        for await (const _ of cbr.opLogs({}, { pageSize: 2, maxRestarts: 0 })) {
          // drain
        }
      })(),
    );
    expect(paging).toMatchObject({ name: 'PagingError' });
    expectNoSecret(paging);
  });
});

describe('construction errors never echo a secret, even one passed in the wrong field', () => {
  const cases: unknown[] = [
    { region: 'cn-north-4', projectId: SK, auth: { token: TOKEN } },
    { region: TOKEN, projectId: PROJECT, auth: { token: TOKEN } },
    { baseUrl: `https://x.example/?t=${TOKEN}`, projectId: PROJECT, auth: { token: TOKEN } },
    { baseUrl: `https://ak:${SK}@x.example`, projectId: PROJECT, auth: { token: TOKEN } },
    { baseUrl: `${TOKEN}`, projectId: PROJECT, auth: { token: TOKEN } },
    { region: 'cn-north-4', projectId: PROJECT, auth: { token: `${TOKEN} ` } },
    { region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN, sk: SK } },
    { region: 'cn-north-4', projectId: PROJECT, auth: { ak: SK, sk: SK, securityToken: `${SECURITY_TOKEN}\n` } },
    { region: 'cn-north-4', projectId: PROJECT, auth: { ak: `${SK} `, sk: SK } },
  ];
  it.each(cases.map((c, i) => [i, c]))('case %i', (_i, options) => {
    let caught: unknown;
    try {
      createCbrClient(options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'ConfigurationError' });
    expectNoSecret(caught);
  });
});

describe('the leak check itself', () => {
  it('finds a secret hidden in a non-enumerable cause', () => {
    expect(() => expectNoSecret(new Error('boom', { cause: { headers: { 'x-auth-token': TOKEN } } }))).toThrow();
    signatures = ['SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=00'];
    expect(() => expectNoSecret({ seen: signatures[0] })).toThrow();
  });
});
