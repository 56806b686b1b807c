// A local fake of the three vendor APIs, as the CLI meets them: ZStack (/zstack/v1/...), CBR (/cbr/v3/...)
// and VBS (/vbs/v2/...) on one loopback port, with the vendors' auth checks, paging, filters and error
// bodies. Bulk tasks are computed from their index (no per-task memory, so 20,000 per vendor cost
// nothing); the "watch" tasks move one state per poll: queued -> running with progress -> final.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SESSION = 'c0ffee00c0ffee00c0ffee00c0ffee00';
export const TOKEN = 'fake-iam-token-4f1a9c';
export const PROJECT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const AK = 'FAKEAK0EXAMPLE0ACCESS';
export const SK = 'fake-secret-key-9f3c2a';
export const POLICY = 'af8a20b0-117d-4fc3-ae53-aa3968a4f870';

/** Fixed "now" of the data: every created time counts back from it, one task a minute. */
const BASE = Date.UTC(2026, 10, 30, 12, 0, 0);

export interface FakeVendorsOptions {
  /** Bulk tasks per vendor (ZStack: split across its three kinds). Default 3. */
  tasksPerVendor?: number;
  /** Put this text into every task name (a hostile server echoing a secret). */
  nameSuffix?: string;
  /** Vendors that answer every request with 500. */
  failing?: ('zstack' | 'cbr' | 'vbs')[];
  /** Vendors that accept every request and never answer (until the server closes). */
  stalling?: ('zstack' | 'cbr' | 'vbs')[];
}

export interface FakeVendors {
  origin: string;
  zstackUrl: string;
  cbrEndpoint: string;
  vbsEndpoint: string;
  /** Requests served, by vendor. */
  requests: Record<'zstack' | 'cbr' | 'vbs', number>;
  /** The last 1,000 request URLs (path and query). */
  urls: string[];
  env(extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Java's default date text in UTC; odd minutes in the JDK 9+ form (a comma after the year). */
function javaDate(ms: number): string {
  const d = new Date(ms);
  const hour = d.getUTCHours() % 12 || 12;
  const pad = (value: number) => String(value).padStart(2, '0');
  const comma = d.getUTCMinutes() % 2 === 1 ? ',' : '';
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}${comma} ${hour}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

const zoneless = (ms: number) => new Date(ms).toISOString().slice(0, 23);
const hex = (n: number, width = 32) => n.toString(16).padStart(width, '0');

const ZSTACK_STATUS = {
  'cbt-task': ['Running', 'Stopped', 'Failed'],
  'cdp-task': ['Running', 'DataMerging', 'Stopped'],
  'database-backups': ['Ready', 'Ready', 'Creating'],
} as const;
const CBR_STATUS = ['success', 'running', 'failed', 'waiting', 'timeout', 'skipped'];
const VBS_STATUS = ['EXECUTE_SUCCESS', 'RUNNING', 'EXECUTE_FAIL', 'WAITING', 'EXECUTE_TIMEOUT'];

type ZStackPath = keyof typeof ZSTACK_STATUS;

function zstackTask(path: ZStackPath, index: number, suffix: string) {
  const created = BASE - index * 60_000;
  const status = ZSTACK_STATUS[path][index % 3] as string;
  const kindTag = { 'cbt-task': 1, 'cdp-task': 2, 'database-backups': 3 }[path];
  return {
    uuid: hex(kindTag * 0x1000000 + index),
    name: `${path}-${index}${suffix}`,
    status,
    createDate: javaDate(created),
    lastOpDate: javaDate(created + 90_000),
    ...(path === 'database-backups'
      ? { state: 'Enabled', size: 1024 * (index + 1) }
      : {
          resourceRefs: [{ taskUuid: hex(index), resourceUuid: hex(0xabc000 + index), resourceType: 'VmInstanceVO' }],
        }),
  };
}

function cbrLog(
  index: number,
  suffix: string,
  status = CBR_STATUS[index % CBR_STATUS.length] as string,
  progress?: number,
) {
  const created = BASE - index * 60_000;
  const final = !['running', 'waiting'].includes(status);
  return {
    id: `cbr-${hex(index, 8)}`,
    project_id: PROJECT,
    operation_type: 'backup',
    status,
    created_at: zoneless(created),
    started_at: `${zoneless(created + 1000)}+00:00`,
    updated_at: zoneless(created + 120_000),
    ...(final ? { ended_at: zoneless(created + 181_000) } : {}),
    error_info:
      status === 'failed' ? { code: 'BackupService.6014', message: 'The backup failed.' } : { code: '', message: '' },
    extra_info: {
      common: { progress: progress ?? (final ? 100 : 40), request_id: `req-${index}` },
      resource: { id: `vm-${index}`, type: 'OS::Nova::Server', name: `ecs-${index}` },
      backup: { backup_id: `b-${index}`, backup_name: `manualbk_${index}${suffix}` },
    },
  };
}

function vbsJob(index: number, suffix: string, status = VBS_STATUS[index % VBS_STATUS.length] as string) {
  const created = BASE - index * 60_000;
  const final = !['RUNNING', 'WAITING'].includes(status);
  return {
    job_id: `vbs-${hex(index, 8)}`,
    status,
    created_at: zoneless(created),
    ...(final ? { finished_at: zoneless(created + 240_000) } : {}),
    backup_name: `autobk_${index}${suffix}`,
    resource_id: `vol-${index}`,
    resource_type: 'volume',
    ...(status === 'EXECUTE_FAIL'
      ? { fail_reason: 'VolumeBackup.0051#volume of this pod does not support backup' }
      : {}),
  };
}

/** The watch tasks: each poll moves one step; the last step repeats. */
const SCRIPTS: Record<string, { status: string; progress?: number }[]> = {
  'cbr-succeeds': [
    { status: 'waiting', progress: 0 },
    { status: 'running', progress: 30 },
    { status: 'running', progress: 70 },
    { status: 'success', progress: 100 },
  ],
  'cbr-fails': [
    { status: 'running', progress: 10 },
    { status: 'running', progress: 50 },
    { status: 'failed', progress: 50 },
  ],
  'cbr-stalls': [{ status: 'running', progress: 5 }],
  'cbr-skipped': [
    { status: 'waiting', progress: 0 },
    { status: 'skipped', progress: 0 },
  ],
  'vbs-succeeds': [{ status: 'WAITING' }, { status: 'RUNNING' }, { status: 'RUNNING' }, { status: 'EXECUTE_SUCCESS' }],
  'vbs-fails': [{ status: 'RUNNING' }, { status: 'EXECUTE_FAIL' }],
  'cdp-protects': [{ status: 'Created' }, { status: 'Starting' }, { status: 'Running' }],
  'cdp-fails': [{ status: 'Starting' }, { status: 'Failed' }],
  // Disabled, then enabled again (DisableCdpTask, EnableCdpTask): a watch goes on through `stopped`.
  'cdp-stopped-then-enabled': [{ status: 'Stopped' }, { status: 'Starting' }, { status: 'Running' }],
};

export async function startFakeVendors(options: FakeVendorsOptions = {}): Promise<FakeVendors> {
  const perVendor = options.tasksPerVendor ?? 3;
  const suffix = options.nameSuffix ?? '';
  const polls = new Map<string, number>();
  const requests = { zstack: 0, cbr: 0, vbs: 0 };
  const urls: string[] = [];
  const step = (id: string) => {
    const script = SCRIPTS[id];
    if (!script) return undefined;
    const n = polls.get(id) ?? 0;
    polls.set(id, n + 1);
    return script[Math.min(n, script.length - 1)];
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  function zstack(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.headers.authorization !== `OAuth ${SESSION}`) {
      return send(res, 503, { error: { code: 'ID.1001', description: 'The session expired or is invalid' } });
    }
    const match = /^\/zstack\/v1\/(cbt-task|cdp-task|database-backups)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return send(res, 404, { error: { code: 'SYS.1006', description: 'No such API' } });
    const path = match[1] as ZStackPath;
    const perKind = Math.ceil(perVendor / 3);
    if (match[2]) {
      const id = decodeURIComponent(match[2]);
      const scripted = path === 'cdp-task' ? step(id) : undefined;
      if (scripted) {
        return send(res, 200, {
          inventories: [
            {
              uuid: id,
              name: `cdp ${id}${suffix}`,
              status: scripted.status,
              createDate: javaDate(BASE),
              lastOpDate: javaDate(BASE + 5000),
            },
          ],
        });
      }
      for (let index = 0; index < perKind; index++) {
        const task = zstackTask(path, index, suffix);
        if (task.uuid === id) return send(res, 200, { inventories: [task] });
      }
      return send(res, 200, { inventories: [] });
    }
    const start = Number(url.searchParams.get('start') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const statuses = url.searchParams
      .getAll('q')
      .map((condition) => /^status(\?=|=)(.*)$/.exec(condition)?.[2]?.split(','))
      .find(Boolean);
    const all = statuses
      ? [...Array(perKind).keys()].filter((i) => statuses.includes(ZSTACK_STATUS[path][i % 3] as string))
      : undefined;
    const total = all ? all.length : perKind;
    const page: unknown[] = [];
    for (let n = start; n < Math.min(total, start + limit); n++)
      page.push(zstackTask(path, all ? (all[n] as number) : n, suffix));
    return send(res, 200, {
      inventories: page,
      ...(url.searchParams.get('replyWithCount') === 'true' ? { total } : {}),
    });
  }

  function huaweiAuth(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.headers['x-auth-token'] === TOKEN) return true;
    // AK/SK: the signature itself is checked against the vendor's vectors and signer in the client's tests;
    // here, that the request is signed with this AK for this project.
    const signed = req.headers.authorization?.startsWith(`SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=`);
    if (signed && req.headers['x-sdk-date'] && req.headers['x-project-id'] === PROJECT) return true;
    send(res, 401, {
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: verify token fail',
      request_id: 'fake-req',
    });
    return false;
  }

  function cbr(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!huaweiAuth(req, res)) return;
    const match = new RegExp(`^/cbr/v3/${PROJECT}/operation-logs(?:/([^/]+))?$`).exec(url.pathname);
    if (!match) return send(res, 404, { error_code: 'BackupService.0404', error_msg: 'Not found' });
    if (match[1]) {
      const id = decodeURIComponent(match[1]);
      const scripted = step(id);
      if (scripted)
        return send(res, 200, { operation_log: { ...cbrLog(0, suffix, scripted.status, scripted.progress), id } });
      const index = Number.parseInt(id.replace(/^cbr-/, ''), 16);
      if (id.startsWith('cbr-') && index < perVendor) return send(res, 200, { operation_log: cbrLog(index, suffix) });
      return send(res, 404, { error_code: 'BackupService.6500', error_msg: 'Operation log does not exist.' });
    }
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const status = url.searchParams.get('status');
    const since = url.searchParams.get('start_time');
    let matching = [...Array(perVendor).keys()];
    if (status) matching = matching.filter((i) => CBR_STATUS[i % CBR_STATUS.length] === status);
    if (since) matching = matching.filter((i) => BASE - i * 60_000 >= Date.parse(since));
    const page = matching.slice(offset, offset + limit).map((i) => cbrLog(i, suffix));
    return send(res, 200, { count: matching.length, operation_logs: page, limit, offset });
  }

  function vbs(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!huaweiAuth(req, res)) return;
    const match = new RegExp(`^/vbs/v2/${PROJECT}/backuppolicy/([^/]+)/backuptasks$`).exec(url.pathname);
    if (!match) return send(res, 404, { error: { code: 'VBS.0404', message: 'Not found' } });
    if (match[1] !== POLICY)
      return send(res, 404, { error: { code: 'AutoBackup.0205', message: 'The policy does not exist.' } });
    const jobId = url.searchParams.get('job_id');
    if (jobId) {
      const scripted = step(jobId);
      if (scripted)
        return send(res, 200, { tasks: [{ ...vbsJob(0, suffix, scripted.status), job_id: jobId }], count: 1 });
      const index = Number.parseInt(jobId.replace(/^vbs-/, ''), 16);
      const found = jobId.startsWith('vbs-') && index < perVendor ? [vbsJob(index, suffix)] : [];
      return send(res, 200, { tasks: found, count: found.length });
    }
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const status = url.searchParams.get('status');
    const matching = [...Array(perVendor).keys()].filter(
      (i) => !status || VBS_STATUS[i % VBS_STATUS.length] === status,
    );
    return send(res, 200, {
      tasks: matching.slice(offset, offset + limit).map((i) => vbsJob(i, suffix)),
      count: matching.length,
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const vendor = url.pathname.split('/')[1] as 'zstack' | 'cbr' | 'vbs';
    if (vendor in requests) requests[vendor] += 1;
    urls.push(decodeURIComponent(req.url ?? ''));
    if (urls.length > 1000) urls.shift();
    if (options.stalling?.includes(vendor)) return;
    if (options.failing?.includes(vendor))
      return send(
        res,
        500,
        vendor === 'vbs'
          ? { error: { code: 'VBS.9999', message: 'Internal error' } }
          : vendor === 'cbr'
            ? { error_code: 'BackupService.9999', error_msg: 'Internal error' }
            : { error: { code: 'SYS.1000', description: 'Internal error' } },
      );
    if (vendor === 'zstack') return zstack(req, res, url);
    if (vendor === 'cbr') return cbr(req, res, url);
    if (vendor === 'vbs') return vbs(req, res, url);
    send(res, 404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeVendors = {
    origin,
    zstackUrl: `${origin}/zstack`,
    cbrEndpoint: `${origin}/cbr`,
    vbsEndpoint: `${origin}/vbs`,
    requests,
    urls,
    env: (extra = {}) => ({
      ZSTACK_URL: fake.zstackUrl,
      ZSTACK_SESSION_UUID: SESSION,
      ZSTACK_TIME_ZONE: 'UTC',
      HUAWEICLOUD_TOKEN: TOKEN,
      HUAWEICLOUD_SDK_PROJECT_ID: PROJECT,
      HUAWEICLOUD_CBR_ENDPOINT: fake.cbrEndpoint,
      HUAWEICLOUD_VBS_ENDPOINT: fake.vbsEndpoint,
      HUAWEICLOUD_VBS_POLICY_ID: POLICY,
      ...extra,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
