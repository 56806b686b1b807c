// Task sources from the settings: one client per configured vendor, or the built-in mocks (the mock
// package's in-process fetch, no server, no port) when nothing is configured at all.
import { createCbrClient } from '@backup-specs/client/huaweicloud-cbr';
import { createVbsClient } from '@backup-specs/client/huaweicloud-vbs';
import { createZStackClient } from '@backup-specs/client/zstack';
import { TASK_VENDORS, type TaskSource, type TaskVendor } from '@backup-specs/tasks';
import { ConfigError, type Settings } from './config.js';

type Fetch = (request: Request) => Promise<Response>;

export interface ConfiguredVendor {
  vendor: TaskVendor;
  /** Where it points (a URL; never a credential). */
  endpoint: string;
  /** How it signs in: "session", "account", "token", "AK/SK", "AK/SK (temporary)", "mock". */
  auth: string;
  source: TaskSource;
}

export interface VendorSetup {
  configured: ConfiguredVendor[];
  /** Vendors not configured, and what would configure them. */
  missing: { vendor: TaskVendor; hint: string }[];
  mock: boolean;
}

/** Wraps the transport to report every request (for --debug): method, URL, status, time. */
function tracingFetch(base: Fetch, log: ((line: string) => void) | undefined): Fetch {
  if (!log) return base;
  return async (request) => {
    const started = performance.now();
    const ms = () => `${Math.round(performance.now() - started)} ms`;
    try {
      const response = await base(request);
      log(`${request.method} ${request.url} -> ${response.status} (${ms()})`);
      return response;
    } catch (error) {
      log(`${request.method} ${request.url} -> ${(error as Error).name} (${ms()})`);
      throw error;
    }
  };
}

const MOCK_PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const MOCK_POLICY = 'af8a20b0-117d-4fc3-ae53-aa3968a4f870';
// The spec's fullest examples of each ZStack list (Prism's `Prefer`; their tasks are the ones the
// get-by-uuid examples find, so `show` and `watch` work on the ids `list` prints); the first examples are
// the vendor pages' three-field ones, which carry no dates.
const ZSTACK_EXAMPLES: Record<string, string> = {
  '/zstack/v1/cbt-task': 'QueryCbtTaskFull',
  '/zstack/v1/cdp-task': 'QueryCdpTaskFull',
  '/zstack/v1/database-backups': 'QueryDatabaseBackupFull',
};

/** The built-in mocks: every vendor, example data, answered in this process. */
export async function mockVendors(log?: (line: string) => void): Promise<ConfiguredVendor[]> {
  // This is the CLI's own process: let Prism load the English-only faker (0.7 s less; see the mock's README).
  await import('@backup-specs/mock/fast-start');
  const { createMockFetch } = await import('@backup-specs/mock/in-process');
  const mockOf = (vendor: TaskVendor): Fetch => {
    const mock = createMockFetch(vendor);
    return tracingFetch((request) => mock(request), log);
  };
  const zstackMock = mockOf('zstack');
  const zstackFetch: Fetch = (request) => {
    const example = ZSTACK_EXAMPLES[new URL(request.url).pathname];
    if (!example) return zstackMock(request);
    const headers = new Headers(request.headers);
    headers.set('Prefer', `example=${example}`);
    return zstackMock(new Request(request, { headers }));
  };
  const huawei = { projectId: MOCK_PROJECT, auth: { token: 'mock-token' } };
  return [
    {
      vendor: 'zstack',
      endpoint: 'built-in mock',
      auth: 'mock',
      source: {
        vendor: 'zstack',
        timeZone: 'UTC',
        client: createZStackClient({
          baseUrl: 'http://zstack.mock.invalid/zstack',
          auth: { sessionUuid: 'f0e1d2c3b4a5968778695a4b3c2d1e0f' },
          fetch: zstackFetch,
        }),
      },
    },
    {
      vendor: 'huaweicloud-cbr',
      endpoint: 'built-in mock',
      auth: 'mock',
      source: {
        vendor: 'huaweicloud-cbr',
        client: createCbrClient({ ...huawei, baseUrl: 'http://cbr.mock.invalid', fetch: mockOf('huaweicloud-cbr') }),
      },
    },
    {
      vendor: 'huaweicloud-vbs',
      endpoint: 'built-in mock',
      auth: 'mock',
      source: {
        vendor: 'huaweicloud-vbs',
        policyIds: [MOCK_POLICY],
        client: createVbsClient({ ...huawei, baseUrl: 'http://vbs.mock.invalid', fetch: mockOf('huaweicloud-vbs') }),
      },
    },
  ];
}

/** Per-request time limit by default (`--request-timeout`); each request is tried twice. */
export const DEFAULT_REQUEST_TIMEOUT_S = 15;

/** Clients for every configured vendor. Throws ConfigError for incomplete or invalid settings. */
export function configuredVendors(
  settings: Settings,
  log?: (line: string) => void,
  requestTimeoutS: number = DEFAULT_REQUEST_TIMEOUT_S,
): VendorSetup {
  const RETRY = { attempts: 2, timeoutMs: Math.round(requestTimeoutS * 1000) };
  const fetch = tracingFetch((request) => globalThis.fetch(request), log);
  const configured: ConfiguredVendor[] = [];
  const missing: VendorSetup['missing'] = [];
  const { zstack, huaweicloud: hw } = settings;

  if (zstack.url) {
    const auth = zstack.sessionUuid
      ? { sessionUuid: zstack.sessionUuid }
      : zstack.accountName && zstack.password
        ? { accountName: zstack.accountName, password: zstack.password }
        : undefined;
    if (!auth) {
      throw new ConfigError(
        "zstack: a URL is set but no credentials: set ZSTACK_SESSION_UUID, or ZSTACK_ACCOUNT_NAME and ZSTACK_PASSWORD (or the profile's zstack.sessionUuid / accountName and password).",
      );
    }
    const client = createZStackClient({ baseUrl: zstack.url, auth, fetch, retry: RETRY });
    configured.push({
      vendor: 'zstack',
      endpoint: zstack.url,
      auth: 'sessionUuid' in auth ? 'session' : 'account',
      source: { vendor: 'zstack', client, timeZone: zstack.timeZone },
    });
  } else if (Object.keys(zstack).length > 0) {
    throw new ConfigError(
      'zstack: credentials are set but no URL: set ZSTACK_URL or --zstack-url (e.g. http://host:8080/zstack).',
    );
  } else missing.push({ vendor: 'zstack', hint: 'set ZSTACK_URL and a session or account' });

  const anyHuawei = Object.keys(hw).length > 0;
  if (anyHuawei) {
    const auth = hw.token
      ? { token: hw.token }
      : hw.ak && hw.sk
        ? { ak: hw.ak, sk: hw.sk, ...(hw.securityToken ? { securityToken: hw.securityToken } : {}) }
        : undefined;
    if (!auth) {
      throw new ConfigError(
        'huaweicloud: no credentials: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (plus HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary ones), or HUAWEICLOUD_TOKEN.',
      );
    }
    if (!hw.projectId)
      throw new ConfigError('huaweicloud: no project: set HUAWEICLOUD_SDK_PROJECT_ID or --project-id.');
    const authName = 'token' in auth ? 'token' : auth.securityToken ? 'AK/SK (temporary)' : 'AK/SK';
    const where = (endpoint: string | undefined, service: string) => {
      if (endpoint) return { baseUrl: endpoint };
      if (hw.region) return { region: hw.region };
      throw new ConfigError(
        `huaweicloud: no region: set HUAWEICLOUD_SDK_REGION or --region (or HUAWEICLOUD_${service}_ENDPOINT).`,
      );
    };
    const common = { projectId: hw.projectId, auth, fetch, retry: RETRY };
    const cbr = createCbrClient({ ...common, ...where(hw.cbrEndpoint, 'CBR') });
    configured.push({
      vendor: 'huaweicloud-cbr',
      endpoint: cbr.baseUrl,
      auth: authName,
      source: { vendor: 'huaweicloud-cbr', client: cbr },
    });
    if (hw.vbsPolicyIds?.length) {
      const vbs = createVbsClient({ ...common, ...where(hw.vbsEndpoint, 'VBS') });
      configured.push({
        vendor: 'huaweicloud-vbs',
        endpoint: vbs.baseUrl,
        auth: authName,
        source: { vendor: 'huaweicloud-vbs', client: vbs, policyIds: hw.vbsPolicyIds },
      });
    } else {
      missing.push({ vendor: 'huaweicloud-vbs', hint: 'set HUAWEICLOUD_VBS_POLICY_ID (VBS lists jobs per policy)' });
    }
  } else {
    missing.push(
      { vendor: 'huaweicloud-cbr', hint: 'set HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_REGION and credentials' },
      {
        vendor: 'huaweicloud-vbs',
        hint: 'set HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_REGION, credentials and HUAWEICLOUD_VBS_POLICY_ID',
      },
    );
  }
  configured.sort((a, b) => TASK_VENDORS.indexOf(a.vendor) - TASK_VENDORS.indexOf(b.vendor));
  return { configured, missing, mock: false };
}
