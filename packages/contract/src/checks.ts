// The read-only contract checks: the real clients of @backup-specs/client calling every read operation,
// with paging. They run against the Prism mocks (vitest, `test/contract/`) and through Prism's
// validating proxy in front of a real endpoint (`pnpm contract`), so they assert only what holds for
// both; assertions about real data run in live mode only, and mock-only `Prefer` rules make the static
// mocks play the paging and not-found answers a real server would give.
import assert from 'node:assert/strict';
import type { HuaweiAuth } from '@backup-specs/client/huaweicloud';
import { createCbrClient, unwrap as unwrapHuawei } from '@backup-specs/client/huaweicloud-cbr';
import { createVbsClient } from '@backup-specs/client/huaweicloud-vbs';
import { createZStackClient, unwrap as unwrapZStack, type ZStackAuth } from '@backup-specs/client/zstack';
import { VENDORS, type Vendor } from '@backup-specs/mock';
import type { Recorder } from './recorder.js';

export interface ContractContext {
  vendor: Vendor;
  /** `mock`: a Prism mock answering from examples; `live`: a real endpoint behind Prism's proxy. */
  mode: 'mock' | 'live';
  /** The base URL the client is configured with (the real endpoint in live mode). */
  baseUrl: string;
  recorder: Recorder;
  zstack?: { auth: ZStackAuth };
  huawei?: { projectId: string; auth: HuaweiAuth; policyId?: string };
}

export interface ContractCheck {
  vendor: Vendor;
  name: string;
  /** Returns a note for the report (what was seen), or nothing. */
  run(context: ContractContext): Promise<string | undefined>;
}

// One request per call: a retry would hide what the server answered first, and Prism's --errors
// turns a spec mismatch into a 500 that must be reported, not retried.
const NO_RETRY = { attempts: 1, timeoutMs: 30_000 } as const;
const MAX_PAGES = 3;

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The contract context has no ${what}.`);
  return value;
}

// One client per context and vendor, shared by the checks: with account auth the ZStack client logs in
// once for the whole suite (and the runner logs out at the end), as an application would.
const clients = new WeakMap<ContractContext, Map<string, unknown>>();
function memo<T>(context: ContractContext, key: string, create: () => T): T {
  let map = clients.get(context);
  if (!map) {
    map = new Map();
    clients.set(context, map);
  }
  if (!map.has(key)) map.set(key, create());
  return map.get(key) as T;
}

export function zstackClient(context: ContractContext) {
  return memo(context, 'zstack', () =>
    createZStackClient({
      baseUrl: context.baseUrl,
      auth: need(context.zstack, 'ZStack credentials').auth,
      retry: NO_RETRY,
      fetch: context.recorder.fetch,
    }),
  );
}

export function cbrClient(context: ContractContext) {
  const { projectId, auth } = need(context.huawei, 'Huawei credentials');
  return memo(context, 'cbr', () =>
    createCbrClient({ baseUrl: context.baseUrl, projectId, auth, retry: NO_RETRY, fetch: context.recorder.fetch }),
  );
}

export function vbsClient(context: ContractContext) {
  const { projectId, auth } = need(context.huawei, 'Huawei credentials');
  return memo(context, 'vbs', () =>
    createVbsClient({ baseUrl: context.baseUrl, projectId, auth, retry: NO_RETRY, fetch: context.recorder.fetch }),
  );
}

/** The session uuid in use: the configured one, or the one the (recorded) login returned. */
function sessionInUse(context: ContractContext): string | undefined {
  const auth = need(context.zstack, 'ZStack credentials').auth;
  if (auth.sessionUuid) return auth.sessionUuid;
  const login = [...context.recorder.exchanges]
    .reverse()
    .find((e) => e.method === 'PUT' && e.path === '/v1/accounts/login' && e.status === 200);
  try {
    return login ? (JSON.parse(login.body) as { inventory?: { uuid?: string } }).inventory?.uuid : undefined;
  } catch {
    return undefined;
  }
}

const ZSTACK_QUERIES = [
  { api: 'QueryCbtTask', list: '/v1/cbt-task', get: '/v1/cbt-task/{uuid}', withTotal: 'QueryCbtTaskWithTotal' },
  { api: 'QueryCdpTask', list: '/v1/cdp-task', get: '/v1/cdp-task/{uuid}', withTotal: 'QueryCdpTaskWithTotal' },
  {
    api: 'QueryDatabaseBackup',
    list: '/v1/database-backups',
    get: '/v1/database-backups/{uuid}',
    withTotal: 'QueryDatabaseBackupWithTotal',
  },
] as const;

const UNKNOWN_UUID = '0000000000000000000000000000dead';

const zstackChecks: ContractCheck[] = ZSTACK_QUERIES.flatMap(({ api, list, get, withTotal }) => [
  {
    vendor: 'zstack' as const,
    name: `${api}: first page with conditions, sort and replyWithCount`,
    async run(context) {
      const client = zstackClient(context);
      const data = unwrapZStack(
        await client.GET(list, {
          params: {
            query: {
              q: ['uuid!=00000000000000000000000000000000'],
              sort: '-createDate',
              limit: 5,
              replyWithCount: true,
            },
          },
        }),
      );
      assert.ok(Array.isArray(data.inventories), 'the reply has an inventories array');
      if (context.mode === 'live') {
        assert.ok(data.inventories.length <= 5, 'limit=5 returns at most 5 inventories');
        assert.equal(typeof data.total, 'number', 'replyWithCount=true returns total');
      }
      return `${data.inventories.length} inventories${data.total === undefined ? '' : `, total ${data.total}`}`;
    },
  },
  {
    vendor: 'zstack' as const,
    name: `${api}: count only`,
    async run(context) {
      const client = zstackClient(context);
      const data = await context.recorder.withPrefer(
        () => `example=${api}Count`,
        async () => unwrapZStack(await client.GET(list, { params: { query: { count: true } } })),
      );
      assert.equal(typeof data.total, 'number', 'count=true returns total');
      return `total ${data.total}`;
    },
  },
  {
    vendor: 'zstack' as const,
    name: `${api}: get by uuid, known and unknown`,
    async run(context) {
      const client = zstackClient(context);
      const first = unwrapZStack(await client.GET(list, { params: { query: { limit: 1 } } })).inventories?.[0];
      let note = 'no inventories to look up';
      if (first?.uuid) {
        const found = await client.getByUuid(get, first.uuid);
        assert.ok(found.found, `get by uuid finds ${first.uuid}, which the list returned`);
        note = `found ${first.uuid}`;
      }
      // ZStack answers an unknown uuid with 200 and an empty list; the mock plays that answer.
      const missing = await context.recorder.withPrefer(
        () => `example=${api}ByUuidUnknown`,
        () => client.getByUuid(get, UNKNOWN_UUID),
      );
      assert.deepEqual(missing, { found: false, uuid: UNKNOWN_UUID });
      return note;
    },
  },
  {
    vendor: 'zstack' as const,
    name: `${api}: paging with start/limit until total`,
    async run(context) {
      const client = zstackClient(context);
      const starts: number[] = [];
      const seen = new Set<string>();
      // The mock's example says total > one page, so the client must ask for the next pages. The mock
      // answers every page with the same example (it does not page), which the client refuses on the
      // second request rather than read forever: in mock mode that refusal is the expected end.
      const paging = context.recorder.withPrefer(
        () => `example=${withTotal}`,
        async () => {
          for await (const page of client.pages(list, { pageSize: 1 })) {
            starts.push(page.start);
            for (const item of page.items) if (item.uuid) seen.add(item.uuid);
            if (starts.length >= MAX_PAGES) break;
          }
        },
      );
      if (context.mode === 'mock') {
        await assert.rejects(paging, /the page at start 1 brings nothing new/, 'a repeated page ends the listing');
        assert.deepEqual(starts, [0], 'the first page, then the request for the page at start 1');
        return 'the repeated page at start 1 ended the listing';
      }
      await paging;
      assert.deepEqual(
        starts,
        starts.map((_, index) => index),
        'pages start at 0, 1, 2, ...',
      );
      return `${starts.length} page(s), ${seen.size} distinct inventories`;
    },
  },
]);

zstackChecks.push({
  vendor: 'zstack',
  name: 'ValidateSession: the session in use is valid',
  async run(context) {
    const client = zstackClient(context);
    // With account auth, an earlier call has logged in; make sure one has.
    unwrapZStack(await client.GET('/v1/cbt-task', { params: { query: { limit: 1 } } }));
    const sessionUuid = sessionInUse(context);
    assert.ok(sessionUuid, 'the suite knows the session it runs with');
    const data = unwrapZStack(
      await client.GET('/v1/accounts/sessions/{sessionUuid}/valid', { params: { path: { sessionUuid } } }),
    );
    assert.equal(data.valid, true, 'the session the suite runs with is valid');
    return undefined;
  },
});

const cbrChecks: ContractCheck[] = [
  {
    vendor: 'huaweicloud-cbr',
    name: 'ListOpLogs: first page',
    async run(context) {
      const data = unwrapHuawei(await cbrClient(context).listOpLogs({ limit: 5, offset: 0 }));
      assert.ok(Array.isArray(data.operation_logs));
      assert.equal(typeof data.count, 'number');
      if (context.mode === 'live') assert.ok(data.operation_logs.length <= 5, 'limit=5 returns at most 5 tasks');
      return `${data.operation_logs.length} of ${data.count} tasks`;
    },
  },
  {
    vendor: 'huaweicloud-cbr',
    name: 'ListOpLogs: filters by status and operation type',
    async run(context) {
      const data = unwrapHuawei(
        await cbrClient(context).listOpLogs({ status: 'success', operation_type: 'backup', limit: 10 }),
      );
      if (context.mode === 'live') {
        for (const log of data.operation_logs) {
          assert.equal(log.status, 'success', `task ${log.id} matches status=success`);
          assert.equal(log.operation_type, 'backup', `task ${log.id} matches operation_type=backup`);
        }
      }
      return `${data.operation_logs.length} matching tasks`;
    },
  },
  {
    vendor: 'huaweicloud-cbr',
    name: 'ShowOpLog: a listed task, and an unknown one (404 as not found)',
    async run(context) {
      const client = cbrClient(context);
      const first = unwrapHuawei(await client.listOpLogs({ limit: 1 })).operation_logs[0];
      let note = 'no task to look up';
      if (first) {
        const lookup = await client.showOpLog(first.id);
        assert.ok(lookup.found, `ShowOpLog finds task ${first.id}, which ListOpLogs returned`);
        if (context.mode === 'live') assert.equal(lookup.operationLog.id, first.id);
        note = `found ${first.id}`;
      }
      const missing = await context.recorder.withPrefer(
        () => 'code=404, example=OperationLogNotFound',
        () => client.showOpLog('00000000-0000-4000-8000-00000000dead'),
      );
      assert.equal(missing.found, false, 'an unknown task is not found (404 BackupService.6500)');
      return note;
    },
  },
  {
    vendor: 'huaweicloud-cbr',
    name: 'ListOpLogs: offset paging, each task once',
    async run(context) {
      const ids: string[] = [];
      let pages = 0;
      // In the mock, an example whose count equals its length: one page, as a real server would answer.
      await context.recorder.withPrefer(
        () => 'example=ListOpLogsVaultOperations',
        async () => {
          for await (const page of cbrClient(context).opLogPages({}, { pageSize: 2 })) {
            pages += 1;
            ids.push(...page.items.map((log) => log.id));
            if (pages >= MAX_PAGES) break;
          }
        },
      );
      assert.equal(new Set(ids).size, ids.length, 'no task is returned twice');
      return `${pages} page(s), ${ids.length} tasks`;
    },
  },
];

const vbsChecks: ContractCheck[] = [
  {
    vendor: 'huaweicloud-vbs',
    name: 'ListBackupTasksByPolicy: first page, sorted and filtered',
    async run(context) {
      const policyId = need(context.huawei?.policyId, 'VBS policy id');
      const data = unwrapHuawei(
        await vbsClient(context).listBackupTasksByPolicy(policyId, {
          sort_key: 'created_at',
          sort_dir: 'desc',
          limit: 5,
          offset: 0,
        }),
      );
      assert.ok(Array.isArray(data.tasks));
      if (context.mode === 'live') {
        assert.ok(data.tasks.length <= 5, 'limit=5 returns at most 5 jobs');
        const created = data.tasks.map((task) => task.created_at ?? '');
        assert.deepEqual(created, [...created].sort().reverse(), 'sort_dir=desc returns the newest first');
      }
      return `${data.tasks.length} of ${data.count ?? '?'} jobs`;
    },
  },
  {
    vendor: 'huaweicloud-vbs',
    name: 'ListBackupTasksByPolicy: marker paging until an empty page',
    async run(context) {
      const policyId = need(context.huawei?.policyId, 'VBS policy id');
      const ids: string[] = [];
      let pages = 0;
      // The mock answers a request with a marker with the empty example: the end, as on a real server.
      await context.recorder.withPrefer(
        (request) =>
          new URL(request.url).searchParams.has('marker') ? 'example=ListBackupTasksByPolicyEmpty' : undefined,
        async () => {
          for await (const page of vbsClient(context).backupTaskPages(policyId, {}, { by: 'marker', pageSize: 50 })) {
            pages += 1;
            ids.push(...page.items.map((job) => job.job_id));
            if (pages >= MAX_PAGES) break;
          }
        },
      );
      assert.equal(new Set(ids).size, ids.length, 'no job is returned twice');
      return `${pages} page(s), ${ids.length} jobs`;
    },
  },
  {
    vendor: 'huaweicloud-vbs',
    name: 'ListBackupTasksByPolicy: offset paging',
    async run(context) {
      const policyId = need(context.huawei?.policyId, 'VBS policy id');
      const ids: string[] = [];
      let pages = 0;
      for await (const page of vbsClient(context).backupTaskPages(policyId, {}, { by: 'offset', pageSize: 50 })) {
        pages += 1;
        ids.push(...page.items.map((job) => job.job_id));
        if (pages >= MAX_PAGES) break;
      }
      assert.equal(new Set(ids).size, ids.length, 'no job is returned twice');
      return `${pages} page(s), ${ids.length} jobs`;
    },
  },
];

/** The read-only checks of a vendor, in order. */
const READ_ONLY_CHECKS: Readonly<Record<Vendor, ContractCheck[]>> = {
  zstack: zstackChecks,
  'huaweicloud-cbr': cbrChecks,
  'huaweicloud-vbs': vbsChecks,
};

/** The read-only checks of a vendor API: none for an API without a dedicated client (nothing to check it with). */
export function checksFor(vendor: Vendor): ContractCheck[] {
  return READ_ONLY_CHECKS[vendor] ?? [];
}

/**
 * The registered APIs that have contract checks: those with a dedicated client (the checks run the real
 * client). A newly scaffolded API has none until its client and checks are written.
 */
export const CONTRACT_VENDORS: readonly Vendor[] = VENDORS.filter((vendor) => checksFor(vendor).length > 0);
