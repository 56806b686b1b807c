// Contract tests: the real clients of @backup-specs/client against the three Prism mocks. Every
// response is validated against its schema (ajv, undocumented fields rejected) and every request
// against the spec (Prism's sl-violations); every operation is called; both Huawei auth styles and
// ZStack's account login run the whole read-only suite; every declared error becomes the right typed
// error. The read-only checks are the same ones `pnpm contract` runs against a real endpoint.

import type { Json } from '@backup-specs/bundle-tools';
import { NetworkError } from '@backup-specs/client';
import { createCbrClient, HuaweiApiError, toHuaweiError } from '@backup-specs/client/huaweicloud-cbr';
import { sha512Hex, toZStackError, ZStackApiError } from '@backup-specs/client/zstack';
import { allExamples, type Vendor } from '@backup-specs/mock';
import { describe, expect, it } from 'vitest';
import {
  CONTRACT_VENDORS,
  type ContractContext,
  cbrClient,
  checksFor,
  vbsClient,
  zstackClient,
} from '../src/checks.js';
import { exchangeProblems } from '../src/recorder.js';
import { runCheck } from '../src/run.js';
import {
  covered,
  HUAWEI_AUTH,
  loadSpec,
  mockContext,
  mockUrl,
  POLICY_ID,
  PROJECT_ID,
  SESSION_UUID,
  sent,
  ZSTACK_AUTH,
} from './support.js';

const VARIANTS: { vendor: Vendor; label: string; auth: Parameters<typeof mockContext>[1] }[] = [
  { vendor: 'zstack', label: 'session uuid', auth: { zstack: ZSTACK_AUTH.session } },
  { vendor: 'zstack', label: 'account and password (LogInByAccount)', auth: { zstack: ZSTACK_AUTH.account } },
  { vendor: 'huaweicloud-cbr', label: 'IAM token', auth: { huawei: HUAWEI_AUTH.token } },
  { vendor: 'huaweicloud-cbr', label: 'AK/SK signature', auth: { huawei: HUAWEI_AUTH.aksk } },
  { vendor: 'huaweicloud-vbs', label: 'IAM token', auth: { huawei: HUAWEI_AUTH.token } },
  { vendor: 'huaweicloud-vbs', label: 'AK/SK signature', auth: { huawei: HUAWEI_AUTH.aksk } },
];

describe.each(VARIANTS)('$vendor read-only suite with $label', ({ vendor, auth }) => {
  const context = mockContext(vendor, auth);
  it.each(checksFor(vendor).map((check) => [check.name, check] as const))('%s', async (_, check) => {
    const result = await runCheck(check, context);
    expect(result.error).toBeUndefined();
    expect(result.problems).toEqual([]);
    expect(result.exchanges.length).toBeGreaterThan(0);
  });
});

describe('authentication on the wire', () => {
  it('ZStack: logs in once with the SHA-512 hex of the password, then sends OAuth <session uuid>', async () => {
    const from = sent.length;
    const context = mockContext('zstack', { zstack: ZSTACK_AUTH.account });
    const client = zstackClient(context);
    await client.GET('/v1/cbt-task', {});
    await client.GET('/v1/cdp-task', {});
    const requests = sent.slice(from);
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'PUT /zstack/v1/accounts/login',
      'GET /zstack/v1/cbt-task',
      'GET /zstack/v1/cdp-task',
    ]);
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      logInByAccount: { accountName: 'admin', password: await sha512Hex('mock-Pa55-7d1e') },
    });
    expect(requests[0]?.headers.has('authorization')).toBe(false);
    // The uuid is the one in the login example of the spec.
    for (const request of requests.slice(1)) expect(request.headers.get('authorization')).toBe(`OAuth ${SESSION_UUID}`);
    expect(exchangeProblems(context.recorder.exchanges)).toEqual([]);
  });

  it.each(['huaweicloud-cbr', 'huaweicloud-vbs'] as const)(
    '%s: AK/SK requests carry a signature and X-Sdk-Date, token requests X-Auth-Token',
    async (vendor) => {
      for (const style of ['aksk', 'token'] as const) {
        const from = sent.length;
        const context = mockContext(vendor, { huawei: HUAWEI_AUTH[style] });
        if (vendor === 'huaweicloud-cbr') await cbrClient(context).listOpLogs();
        else await vbsClient(context).listBackupTasksByPolicy(POLICY_ID);
        const [request] = sent.slice(from);
        if (style === 'aksk') {
          expect(request?.headers.get('authorization')).toMatch(
            /^SDK-HMAC-SHA256 Access=[^,]+, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
          );
          expect(request?.headers.get('x-sdk-date')).toMatch(/^\d{8}T\d{6}Z$/);
          expect(request?.headers.has('x-auth-token')).toBe(false);
        } else {
          expect(request?.headers.get('x-auth-token')).toBe(
            HUAWEI_AUTH.token && 'token' in HUAWEI_AUTH.token ? HUAWEI_AUTH.token.token : '',
          );
          expect(request?.headers.has('authorization')).toBe(false);
        }
        expect(exchangeProblems(context.recorder.exchanges)).toEqual([]);
      }
    },
  );
});

describe('ZStack session operations', () => {
  it('RenewSession, ValidateSession and LogOut through the client, each validated', async () => {
    const context = mockContext('zstack', { zstack: ZSTACK_AUTH.account });
    const client = zstackClient(context);
    const renewed = await client.PUT('/v1/accounts/sessions/{sessionUuid}/renew', {
      params: { path: { sessionUuid: SESSION_UUID } },
      body: { renewSession: { duration: 3600 } },
    });
    expect(renewed.response.status).toBe(202);
    // The renewal's outcome is the reply to its job: poll the location's path on the configured base URL.
    const job = new URL(renewed.data?.location ?? '').pathname.split('/').pop() ?? '';
    const result = await client.GET('/v1/api-jobs/{uuid}', { params: { path: { uuid: job } } });
    expect(result.response.status).toBe(200);
    expect(result.data && 'inventory' in result.data ? result.data.inventory?.uuid : undefined).toBe(SESSION_UUID);
    const valid = await client.GET('/v1/accounts/sessions/{sessionUuid}/valid', {
      params: { path: { sessionUuid: SESSION_UUID } },
    });
    expect(valid.data).toEqual({ valid: true });
    await client.logout();
    expect(context.recorder.exchanges.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'PUT /v1/accounts/login 200',
      `PUT /v1/accounts/sessions/${SESSION_UUID}/renew 202`,
      'GET /v1/api-jobs/5c2ed6a4b4b84dbd8c1f8a3c4e7f9d10 200',
      `GET /v1/accounts/sessions/${SESSION_UUID}/valid 200`,
      `DELETE /v1/accounts/sessions/${SESSION_UUID} 200`,
    ]);
    expect(exchangeProblems(context.recorder.exchanges)).toEqual([]);
  });
});

// One client call per operation (keyed by method and path, as the clients address them), for the
// error cases: the raw openapi-fetch result, not a helper that throws.
type Call = (context: ContractContext) => Promise<{ error?: unknown; response: Response }>;
const CALLS: Record<string, Call> = {
  'get /v1/cbt-task': (c) => zstackClient(c).GET('/v1/cbt-task', {}),
  'get /v1/cbt-task/{uuid}': (c) => zstackClient(c).GET('/v1/cbt-task/{uuid}', { params: { path: { uuid: 'a' } } }),
  'get /v1/cdp-task': (c) => zstackClient(c).GET('/v1/cdp-task', {}),
  'get /v1/cdp-task/{uuid}': (c) => zstackClient(c).GET('/v1/cdp-task/{uuid}', { params: { path: { uuid: 'a' } } }),
  'get /v1/database-backups': (c) => zstackClient(c).GET('/v1/database-backups', {}),
  'get /v1/database-backups/{uuid}': (c) =>
    zstackClient(c).GET('/v1/database-backups/{uuid}', { params: { path: { uuid: 'a' } } }),
  // A failed login is the answer of the call that needed it.
  'put /v1/accounts/login': (c) => zstackClient(c).GET('/v1/cbt-task', {}),
  'delete /v1/accounts/sessions/{sessionUuid}': (c) =>
    zstackClient(c).DELETE('/v1/accounts/sessions/{sessionUuid}', { params: { path: { sessionUuid: SESSION_UUID } } }),
  'get /v1/accounts/sessions/{sessionUuid}/valid': (c) =>
    zstackClient(c).GET('/v1/accounts/sessions/{sessionUuid}/valid', {
      params: { path: { sessionUuid: SESSION_UUID } },
    }),
  'put /v1/accounts/sessions/{sessionUuid}/renew': (c) =>
    zstackClient(c).PUT('/v1/accounts/sessions/{sessionUuid}/renew', {
      params: { path: { sessionUuid: SESSION_UUID } },
      body: { renewSession: { duration: 3600 } },
    }),
  'get /v1/api-jobs/{uuid}': (c) =>
    zstackClient(c).GET('/v1/api-jobs/{uuid}', { params: { path: { uuid: '5c2ed6a4b4b84dbd8c1f8a3c4e7f9d10' } } }),
  'get /v3/{project_id}/operation-logs': (c) => cbrClient(c).listOpLogs(),
  'get /v3/{project_id}/operation-logs/{operation_log_id}': (c) =>
    cbrClient(c).GET('/v3/{project_id}/operation-logs/{operation_log_id}', {
      params: { path: { project_id: PROJECT_ID, operation_log_id: '4827f2da-b008-4507-ab7d-42d0df5ed912' } },
    }),
  'get /v2/{project_id}/backuppolicy/{policy_id}/backuptasks': (c) => vbsClient(c).listBackupTasksByPolicy(POLICY_ID),
};

const errorCases = (
  await Promise.all(
    CONTRACT_VENDORS.map(async (vendor) =>
      allExamples(await loadSpec(vendor))
        .filter((c) => Number(c.status) >= 400)
        .map((c) => ({ vendor, ...c })),
    ),
  )
).flat();

describe('every declared error becomes the right typed error', () => {
  it.each(
    errorCases.map((c) => [`${c.vendor} ${c.operation.operationId} ${c.declared} ${c.example.name}`, c] as const),
  )('%s', async (_, { vendor, operation, status, mediaType, example }) => {
    const key = `${operation.method} ${operation.path}`;
    const call = CALLS[key];
    if (!call) throw new Error(`No client call for ${key} (${operation.operationId}): add one to CALLS`);
    const login = key === 'put /v1/accounts/login';
    const context = mockContext(
      vendor,
      vendor === 'zstack'
        ? { zstack: login ? ZSTACK_AUTH.account : ZSTACK_AUTH.session }
        : { huawei: HUAWEI_AUTH.token },
    );
    const target = operation.path.replace(/\{[^}]+\}/g, '[^/]+');
    const prefer = `code=${status}, example=${example.name}`;
    const run = () =>
      context.recorder.withPrefer(
        (_, path) => (new RegExp(`^${target}$`).test(path) ? prefer : undefined),
        () => call(context),
      );

    if (status === '407') {
      // The Fetch standard turns every 407 into a network error (it is a proxy's challenge), so no
      // fetch-based client can see VBS's declared 407: the client reports a NetworkError.
      await expect(run()).rejects.toBeInstanceOf(NetworkError);
      return;
    }
    const result = await run();
    expect(result.response.status).toBe(Number(status));
    expect(exchangeProblems(context.recorder.exchanges)).toEqual([]);
    const value = example.value as Json;
    if (vendor === 'zstack') {
      const error = toZStackError(result);
      expect(error).toBeInstanceOf(ZStackApiError);
      expect(error?.status).toBe(Number(status));
      if (mediaType === 'text/plain') {
        expect(error?.code).toBeUndefined();
        expect(error?.description).toBe(String(value).trim());
      } else {
        const body = value as { error: { code: string; description?: string } };
        expect(error?.code).toBe(body.error.code);
        expect(error?.errorCode).toEqual(body.error);
        if (body.error.description) expect(error?.description).toBe(body.error.description);
      }
    } else {
      const error = toHuaweiError(result);
      expect(error).toBeInstanceOf(HuaweiApiError);
      expect(error?.status).toBe(Number(status));
      const flat = value as {
        error_code?: string;
        error_msg?: string;
        request_id?: string;
        error?: { code?: string; message?: string };
      };
      expect(error?.code).toBe(flat.error_code ?? flat.error?.code);
      expect(error?.errorMessage).toBe(flat.error_msg ?? flat.error?.message);
      expect(error?.requestId).toBe(flat.request_id ?? result.response.headers.get('x-request-id') ?? undefined);
    }
  });

  it('a transient Huawei gateway error is retried by the client, then typed', async () => {
    const context = mockContext('huaweicloud-cbr', { huawei: HUAWEI_AUTH.token });
    const client = createCbrClient({
      baseUrl: mockUrl('huaweicloud-cbr'),
      projectId: PROJECT_ID,
      auth: HUAWEI_AUTH.token,
      retry: { attempts: 3, baseDelayMs: 1 },
      fetch: context.recorder.fetch,
    });
    const result = await context.recorder.withPrefer(
      () => 'code=503',
      () => client.listOpLogs(),
    );
    expect(context.recorder.exchanges.map((e) => e.status)).toEqual([503, 503, 503]);
    expect(toHuaweiError(result)).toMatchObject({ status: 503, code: 'APIGW.0201' });
  });

  it('a ZStack 503 with an error body is final: no retry', async () => {
    const context = mockContext('zstack', { zstack: ZSTACK_AUTH.session });
    const result = await context.recorder.withPrefer(
      () => 'code=503, example=ErrorPermissionDenied',
      () => zstackClient(context).GET('/v1/cbt-task', {}),
    );
    expect(context.recorder.exchanges).toHaveLength(1);
    expect(toZStackError(result)).toMatchObject({ status: 503, code: 'ID.1002' });
  });
});

describe('coverage', () => {
  it('every operation of every API with a client was called through it', async () => {
    const all = (
      await Promise.all(
        CONTRACT_VENDORS.map(async (v) => (await loadSpec(v)).operations.map((o) => `${v} ${o.operationId}`)),
      )
    ).flat();
    expect(all.filter((operation) => !covered().has(operation))).toEqual([]);
  });
});
