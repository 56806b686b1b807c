// Where each vendor is and how to sign in: flags, then environment variables, then a profile of the
// config file, field by field. Secrets (passwords, session uuids, tokens, SK) come only from the
// environment or the file, never from flags, which other users can read in the process list.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ZStackSettings {
  url?: string | undefined;
  sessionUuid?: string | undefined;
  accountName?: string | undefined;
  password?: string | undefined;
  timeZone?: string | undefined;
}

export interface HuaweiSettings {
  region?: string | undefined;
  projectId?: string | undefined;
  ak?: string | undefined;
  sk?: string | undefined;
  securityToken?: string | undefined;
  token?: string | undefined;
  cbrEndpoint?: string | undefined;
  vbsEndpoint?: string | undefined;
  vbsPolicyIds?: string[] | undefined;
}

export interface Settings {
  zstack: ZStackSettings;
  huaweicloud: HuaweiSettings;
}

/** Where the settings came from, for `backup-tasks vendors` and messages. */
export interface ResolvedSettings extends Settings {
  /** The config file read, if any, and the profile used from it. */
  file?: string | undefined;
  profile?: string | undefined;
}

/** A problem with the configuration: printed as one line, exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * How a person sets each setting (the environment variable, and the flag where there is one): messages
 * name these, never the client options behind them. The profile key is the setting's own name.
 */
export const SETTING_NAMES = {
  zstack: {
    url: 'ZSTACK_URL (--zstack-url)',
    sessionUuid: 'ZSTACK_SESSION_UUID',
    accountName: 'ZSTACK_ACCOUNT_NAME',
    password: 'ZSTACK_PASSWORD',
    timeZone: 'ZSTACK_TIME_ZONE (--zstack-time-zone)',
  },
  huaweicloud: {
    region: 'HUAWEICLOUD_SDK_REGION (--region)',
    projectId: 'HUAWEICLOUD_SDK_PROJECT_ID (--project-id)',
    ak: 'HUAWEICLOUD_SDK_AK',
    sk: 'HUAWEICLOUD_SDK_SK',
    securityToken: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
    token: 'HUAWEICLOUD_TOKEN',
    cbrEndpoint: 'HUAWEICLOUD_CBR_ENDPOINT (--cbr-endpoint)',
    vbsEndpoint: 'HUAWEICLOUD_VBS_ENDPOINT (--vbs-endpoint)',
    vbsPolicyIds: 'HUAWEICLOUD_VBS_POLICY_ID (--vbs-policy)',
  },
} as const satisfies {
  zstack: Record<keyof ZStackSettings, string>;
  huaweicloud: Record<keyof HuaweiSettings, string>;
};

/** Flags that configure (no secrets). */
export interface ConfigFlags {
  config?: string | undefined;
  profile?: string | undefined;
  zstackUrl?: string | undefined;
  zstackTimeZone?: string | undefined;
  region?: string | undefined;
  projectId?: string | undefined;
  cbrEndpoint?: string | undefined;
  vbsEndpoint?: string | undefined;
  vbsPolicy?: string[] | undefined;
}

/** The config file's default place: $XDG_CONFIG_HOME/backup-tasks/config.json (Windows: %APPDATA%). */
function defaultConfigFile(env: NodeJS.ProcessEnv, platform = process.platform): string {
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'))
      : env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'backup-tasks', 'config.json');
}

const ZSTACK_KEYS = ['url', 'sessionUuid', 'accountName', 'password', 'timeZone'] as const;
const HUAWEI_KEYS = [
  'region',
  'projectId',
  'ak',
  'sk',
  'securityToken',
  'token',
  'cbrEndpoint',
  'vbsEndpoint',
  'vbsPolicyIds',
] as const;

function asObject(file: string, where: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${file}: ${where} must be an object.`);
  }
  return value as Record<string, unknown>;
}

function checkSection(file: string, where: string, value: unknown, keys: readonly string[]): Record<string, unknown> {
  for (const [key, field] of Object.entries(asObject(file, where, value))) {
    if (!keys.includes(key))
      throw new ConfigError(`${file}: ${where}.${key} is not a setting (known: ${keys.join(', ')}).`);
    const isList = key === 'vbsPolicyIds';
    const ok = isList
      ? Array.isArray(field) && field.every((id) => typeof id === 'string' && id !== '')
      : typeof field === 'string' && field !== '';
    if (!ok)
      throw new ConfigError(`${file}: ${where}.${key} must be ${isList ? 'a list of ids' : 'a non-empty string'}.`);
  }
  return value as Record<string, unknown>;
}

interface FileProfile {
  name: string;
  settings: Partial<Settings>;
}

function readProfile(file: string, explicitFile: boolean, wanted: string | undefined): FileProfile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicitFile && wanted === undefined) return undefined;
    throw new ConfigError(`Cannot read the config file ${file} (${code ?? (error as Error).message}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}.`);
  }
  const root = asObject(file, 'the file', data);
  for (const key of Object.keys(root)) {
    if (key !== 'profiles' && key !== 'defaultProfile') {
      throw new ConfigError(`${file}: "${key}" is not a setting (known: profiles, defaultProfile).`);
    }
  }
  const profiles = asObject(file, 'profiles', root.profiles ?? {});
  if (root.defaultProfile !== undefined && typeof root.defaultProfile !== 'string') {
    throw new ConfigError(`${file}: defaultProfile must be a profile name.`);
  }
  const fallback = (root.defaultProfile as string | undefined) ?? 'default';
  const name = wanted ?? fallback;
  if (!Object.hasOwn(profiles, name)) {
    if (wanted === undefined && root.defaultProfile === undefined) return undefined;
    const known = Object.keys(profiles);
    throw new ConfigError(
      `${file} has no profile "${name}" (${known.length ? `profiles: ${known.join(', ')}` : 'no profiles'}).`,
    );
  }
  const profile = asObject(file, `profiles.${name}`, profiles[name]);
  for (const key of Object.keys(profile)) {
    if (key !== 'zstack' && key !== 'huaweicloud') {
      throw new ConfigError(`${file}: profiles.${name}.${key} is not a vendor section (known: zstack, huaweicloud).`);
    }
  }
  return {
    name,
    settings: {
      zstack: profile.zstack ? checkSection(file, `profiles.${name}.zstack`, profile.zstack, ZSTACK_KEYS) : {},
      huaweicloud: profile.huaweicloud
        ? checkSection(file, `profiles.${name}.huaweicloud`, profile.huaweicloud, HUAWEI_KEYS)
        : {},
    },
  };
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Flags over environment over the profile, field by field. */
export function resolveSettings(flags: ConfigFlags, env: NodeJS.ProcessEnv): ResolvedSettings {
  const explicitFile = flags.config ?? nonEmpty(env.BACKUP_TASKS_CONFIG);
  const file = explicitFile ?? defaultConfigFile(env);
  const profile = readProfile(file, explicitFile !== undefined, flags.profile ?? nonEmpty(env.BACKUP_TASKS_PROFILE));
  const fromFile = profile?.settings ?? {};
  const zstack: ZStackSettings = {
    ...fromFile.zstack,
    ...defined({
      url: nonEmpty(env.ZSTACK_URL),
      sessionUuid: nonEmpty(env.ZSTACK_SESSION_UUID),
      accountName: nonEmpty(env.ZSTACK_ACCOUNT_NAME),
      password: nonEmpty(env.ZSTACK_PASSWORD),
      timeZone: nonEmpty(env.ZSTACK_TIME_ZONE),
    }),
    ...defined({ url: flags.zstackUrl, timeZone: flags.zstackTimeZone }),
  };
  const huaweicloud: HuaweiSettings = {
    ...fromFile.huaweicloud,
    ...defined({
      region: nonEmpty(env.HUAWEICLOUD_SDK_REGION),
      projectId: nonEmpty(env.HUAWEICLOUD_SDK_PROJECT_ID),
      ak: nonEmpty(env.HUAWEICLOUD_SDK_AK),
      sk: nonEmpty(env.HUAWEICLOUD_SDK_SK),
      securityToken: nonEmpty(env.HUAWEICLOUD_SDK_SECURITY_TOKEN),
      token: nonEmpty(env.HUAWEICLOUD_TOKEN),
      cbrEndpoint: nonEmpty(env.HUAWEICLOUD_CBR_ENDPOINT),
      vbsEndpoint: nonEmpty(env.HUAWEICLOUD_VBS_ENDPOINT),
      vbsPolicyIds: list(env.HUAWEICLOUD_VBS_POLICY_ID),
    }),
    ...defined({
      region: flags.region,
      projectId: flags.projectId,
      cbrEndpoint: flags.cbrEndpoint,
      vbsEndpoint: flags.vbsEndpoint,
      vbsPolicyIds: flags.vbsPolicy?.length ? flags.vbsPolicy : undefined,
    }),
  };
  return { zstack, huaweicloud, file: profile ? file : undefined, profile: profile?.name };
}

function defined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Every secret of the settings, to be scrubbed from all output. */
export function secretsOf(settings: Settings): string[] {
  const { zstack, huaweicloud } = settings;
  return [zstack.password, zstack.sessionUuid, huaweicloud.sk, huaweicloud.securityToken, huaweicloud.token].filter(
    (secret): secret is string => typeof secret === 'string' && secret.length > 0,
  );
}

/** True when nothing at all names a vendor: the CLI then runs against the built-in mocks. */
export function isUnconfigured(settings: Settings): boolean {
  return Object.keys(settings.zstack).length === 0 && Object.keys(settings.huaweicloud).length === 0;
}
