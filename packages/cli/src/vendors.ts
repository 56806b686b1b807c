// Task sources from the settings: one client per configured vendor, or the built-in mocks (the mock
// package's in-process fetch, no server, no port) when nothing is configured at all.

import { isConfigurationError } from '@backup-specs/client';
import { createCbrClient } from '@backup-specs/client/huaweicloud-cbr';
import { createVbsClient } from '@backup-specs/client/huaweicloud-vbs';
import { createZStackClient } from '@backup-specs/client/zstack';
import { checkSources, TASK_VENDORS, type TaskSource, type TaskVendor } from '@backup-specs/tasks';
import { ConfigError, type HuaweiSettings, SETTING_NAMES, type Settings, type ZStackSettings } from './config.js';

type Fetch = (request: Request) => Promise<Response>;

export interface ConfiguredVendor {
  vendor: TaskVendor;
  /** Where it points (a URL; never a credential). */
  endpoint: string;
  /** How it signs in: "session", "account", "token", "AK/SK", "AK/SK (temporary)", "mock". */
  auth: string;
  source: TaskSource;
  /** Ends the session the CLI logged in to (account login only). */
  logout?: () => Promise<void>;
}

export interface VendorSetup {
  configured: ConfiguredVendor[];
  /** Vendors not configured, and what would configure them. */
  missing: { vendor: TaskVendor; hint: string }[];
  /** Vendors whose settings are incomplete or invalid, with what to change. */
  invalid: { vendor: TaskVendor; error: unknown }[];
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
// The spec examples the built-in mocks list (Prism's `Prefer`): the fullest of each list, with a task in
// each state where the vendor has one, so that `list --status failed` shows something. Lookups find the
// same tasks: ZStack's get-by-uuid examples hold the listed ones, VBS looks a job up in the list, and
// CBR's ShowOpLog is answered from the listed tasks (below).
const LIST_EXAMPLES: Record<string, string> = {
  '/zstack/v1/cbt-task': 'QueryCbtTaskFull',
  '/zstack/v1/cdp-task': 'QueryCdpTaskFull',
  '/zstack/v1/database-backups': 'QueryDatabaseBackupFull',
  [`/v3/${MOCK_PROJECT}/operation-logs`]: 'ListOpLogsMixed',
  [`/v2/${MOCK_PROJECT}/backuppolicy/${MOCK_POLICY}/backuptasks`]: 'ListBackupTasksByPolicyEveryShape',
};

/** `mock` answering list requests with the example LIST_EXAMPLES names for their path. */
function withListExamples(mock: Fetch): Fetch {
  return (request) => {
    const example = LIST_EXAMPLES[new URL(request.url).pathname];
    if (!example) return mock(request);
    const headers = new Headers(request.headers);
    headers.set('Prefer', `example=${example}`);
    return mock(new Request(request, { headers }));
  };
}

/** CBR's ShowOpLog answered from the listed tasks (its own example is another task), 404 for the rest. */
function showFromList(mock: Fetch): Fetch {
  return async (request) => {
    const url = new URL(request.url);
    const id = /\/operation-logs\/([^/]+)$/.exec(url.pathname)?.[1];
    if (!id) return mock(request);
    const list = await mock(new Request(new URL(url.pathname.replace(/\/[^/]+$/, ''), url), request));
    const { operation_logs: logs = [] } = (await list.json()) as { operation_logs?: { id?: string }[] };
    const found = logs.find((log) => log.id === decodeURIComponent(id));
    if (found) return Response.json({ operation_log: found }, { headers: { 'X-Request-Id': 'mock' } });
    const headers = new Headers(request.headers);
    headers.set('Prefer', 'code=404');
    return mock(new Request(request, { headers }));
  };
}

/** The built-in mocks: every vendor, example data, answered in this process. */
export async function mockVendors(log?: (line: string) => void): Promise<ConfiguredVendor[]> {
  // This is the CLI's own process: let Prism load the English-only faker (0.7 s less; see the mock's README).
  await import('@backup-specs/mock/fast-start');
  const { createMockFetch } = await import('@backup-specs/mock/in-process');
  const mockOf = (vendor: TaskVendor): Fetch => {
    const mock = withListExamples(createMockFetch(vendor));
    return tracingFetch(vendor === 'huaweicloud-cbr' ? showFromList(mock) : mock, log);
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
          fetch: mockOf('zstack'),
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

export interface ClientOptions {
  /** --debug: one line per request. */
  log?: ((line: string) => void) | undefined;
  requestTimeoutS?: number;
  /** Each session uuid an account login creates (a secret the output must scrub). */
  onSession?: (sessionUuid: string) => void;
}

// The client options the CLI fills in, as a person sets them (a client's message names its option).
const HUAWEI_NAMES: [RegExp, string][] = [
  [/\bprojectId\b/g, SETTING_NAMES.huaweicloud.projectId],
  [/\b(set |either )?region\b(?= must| \(e\.g\.|,| or| instead)/g, `$1${SETTING_NAMES.huaweicloud.region}`],
  [/\bauth\.token\b/g, SETTING_NAMES.huaweicloud.token],
  [/\bauth\.ak\b/g, SETTING_NAMES.huaweicloud.ak],
  [/\bauth\.sk\b/g, SETTING_NAMES.huaweicloud.sk],
  [/\bauth\.securityToken\b/g, SETTING_NAMES.huaweicloud.securityToken],
];
const OPTION_NAMES: Record<TaskVendor, [RegExp, string][]> = {
  zstack: [
    [/\bbaseUrl\b/g, SETTING_NAMES.zstack.url],
    [/\bauth\.sessionUuid\b/g, SETTING_NAMES.zstack.sessionUuid],
    [/\bauth\.accountName\b/g, SETTING_NAMES.zstack.accountName],
    [/\bauth\.password\b/g, SETTING_NAMES.zstack.password],
    [/\btimeZone\b/g, SETTING_NAMES.zstack.timeZone],
  ],
  'huaweicloud-cbr': [[/\bbaseUrl\b/g, SETTING_NAMES.huaweicloud.cbrEndpoint], ...HUAWEI_NAMES],
  'huaweicloud-vbs': [[/\bbaseUrl\b/g, SETTING_NAMES.huaweicloud.vbsEndpoint], ...HUAWEI_NAMES],
};

/** Builds a client; a client's ConfigurationError becomes a ConfigError naming the settings to change. */
function build<T>(vendor: TaskVendor, create: () => T): T {
  try {
    return create();
  } catch (error) {
    if (!isConfigurationError(error)) throw error;
    const message = OPTION_NAMES[vendor].reduce(
      (text, [option, setting]) => text.replace(option, setting),
      error.message,
    );
    throw new ConfigError(`${vendor}: ${message.replace(/^Huawei Cloud \w+ client: /, '')}`);
  }
}

/** The settings of `section` that are set, as a person names them. */
const named = <K extends string>(settings: Partial<Record<K, unknown>>, names: Record<K, string>) =>
  (Object.keys(settings) as K[]).filter((key) => settings[key] !== undefined).map((key) => names[key]);

function zstackVendor(zstack: ZStackSettings, options: ClientOptions, fetch: Fetch): ConfiguredVendor {
  if (!zstack.url) {
    const set = named(zstack, SETTING_NAMES.zstack);
    throw new ConfigError(
      `zstack: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set but no URL: set ${SETTING_NAMES.zstack.url} (e.g. http://host:8080/zstack), or unset ${set.length === 1 ? 'it' : 'them'}.`,
    );
  }
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
  const retry = retryOf(options);
  const { url, timeZone } = zstack;
  const client = build('zstack', () =>
    createZStackClient({
      baseUrl: url,
      auth,
      fetch,
      retry,
      ...(options.onSession && { onSession: options.onSession }),
    }),
  );
  const source = { vendor: 'zstack', client, timeZone } as const;
  build('zstack', () => checkSources([source])); // the time zone, named as a setting
  return {
    vendor: 'zstack',
    endpoint: zstack.url,
    auth: 'sessionUuid' in auth ? 'session' : 'account',
    source,
    // A session the CLI opened is closed again when the command ends (also on errors and Ctrl-C).
    ...('accountName' in auth && { logout: () => client.logout() }),
  };
}

function huaweiAuthOf(hw: HuaweiSettings) {
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
  if (!hw.projectId) throw new ConfigError(`huaweicloud: no project: set ${SETTING_NAMES.huaweicloud.projectId}.`);
  const name = 'token' in auth ? 'token' : auth.securityToken ? 'AK/SK (temporary)' : 'AK/SK';
  return { auth, name };
}

function huaweiVendors(hw: HuaweiSettings, options: ClientOptions, fetch: Fetch, setup: VendorSetup): void {
  let credentials: ReturnType<typeof huaweiAuthOf>;
  try {
    credentials = huaweiAuthOf(hw);
  } catch (error) {
    for (const vendor of ['huaweicloud-cbr', 'huaweicloud-vbs'] as const) setup.invalid.push({ vendor, error });
    return;
  }
  const common = { projectId: hw.projectId as string, auth: credentials.auth, fetch, retry: retryOf(options) };
  const where = (endpoint: string | undefined, setting: string) => {
    if (endpoint) return { baseUrl: endpoint };
    if (hw.region) return { region: hw.region };
    throw new ConfigError(`huaweicloud: no region: set ${SETTING_NAMES.huaweicloud.region} (or ${setting}).`);
  };
  attempt(setup, 'huaweicloud-cbr', () => {
    const cbr = build('huaweicloud-cbr', () =>
      createCbrClient({ ...common, ...where(hw.cbrEndpoint, SETTING_NAMES.huaweicloud.cbrEndpoint) }),
    );
    const source = { vendor: 'huaweicloud-cbr', client: cbr } as const;
    return { vendor: 'huaweicloud-cbr', endpoint: cbr.baseUrl, auth: credentials.name, source };
  });
  if (!hw.vbsPolicyIds?.length) {
    setup.missing.push({
      vendor: 'huaweicloud-vbs',
      hint: 'set HUAWEICLOUD_VBS_POLICY_ID (VBS lists jobs per policy)',
    });
    return;
  }
  const policyIds = hw.vbsPolicyIds;
  attempt(setup, 'huaweicloud-vbs', () => {
    const vbs = build('huaweicloud-vbs', () =>
      createVbsClient({ ...common, ...where(hw.vbsEndpoint, SETTING_NAMES.huaweicloud.vbsEndpoint) }),
    );
    const source = { vendor: 'huaweicloud-vbs', client: vbs, policyIds } as const;
    return { vendor: 'huaweicloud-vbs', endpoint: vbs.baseUrl, auth: credentials.name, source };
  });
}

/** Adds the vendor `configure` makes, or its configuration error. */
function attempt(setup: VendorSetup, vendor: TaskVendor, configure: () => ConfiguredVendor): void {
  try {
    setup.configured.push(configure());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    setup.invalid.push({ vendor, error });
  }
}

const retryOf = (options: ClientOptions) => ({
  attempts: 2,
  timeoutMs: Math.round((options.requestTimeoutS ?? DEFAULT_REQUEST_TIMEOUT_S) * 1000),
});

/**
 * Clients for every configured vendor; a vendor whose settings are incomplete or invalid is in
 * `invalid` with the error that says what to set, and the others are configured all the same.
 */
export function configuredVendors(settings: Settings, options: ClientOptions = {}): VendorSetup {
  const fetch = tracingFetch((request) => globalThis.fetch(request), options.log);
  const setup: VendorSetup = { configured: [], missing: [], invalid: [], mock: false };
  const { zstack, huaweicloud: hw } = settings;
  if (Object.keys(zstack).length > 0) attempt(setup, 'zstack', () => zstackVendor(zstack, options, fetch));
  else setup.missing.push({ vendor: 'zstack', hint: 'set ZSTACK_URL and a session or account' });
  if (Object.keys(hw).length > 0) huaweiVendors(hw, options, fetch, setup);
  else {
    setup.missing.push(
      { vendor: 'huaweicloud-cbr', hint: 'set HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_REGION and credentials' },
      {
        vendor: 'huaweicloud-vbs',
        hint: 'set HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_REGION, credentials and HUAWEICLOUD_VBS_POLICY_ID',
      },
    );
  }
  setup.configured.sort((a, b) => TASK_VENDORS.indexOf(a.vendor) - TASK_VENDORS.indexOf(b.vendor));
  return setup;
}
