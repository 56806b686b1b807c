// Bad configuration fails at construction with a ConfigurationError that says what to set, and never
// quotes a value (a secret put in the wrong field must not reach a log).

import { apiInfo as cbrInfo } from '@backup-specs/types/huaweicloud-cbr';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { checkProjectId, endpointForRegion, resolveHuaweiOptions } from '../../src/huaweicloud/config.js';
import { createCbrClient } from '../../src/huaweicloud-cbr/index.js';
import { createVbsClient } from '../../src/huaweicloud-vbs/index.js';

const PROJECT = '0123456789abcdef0123456789abcdef';
const SK = 'SK-secret-value-0123456789abcdefghij';
const TOKEN = 'TOKEN-secret-value-MIIEhwYJKoZIhvcNAQcCoIIEeDCC';
const SECURITY_TOKEN = 'STS-secret-value-gQpjbi1ub3J0aC00ixY8DPnzuQ';
const SECRETS = [SK, TOKEN, SECURITY_TOKEN, 'hunter2'];

function configError(options: unknown): ConfigurationError {
  try {
    createCbrClient(options as Parameters<typeof createCbrClient>[0]);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    const text = `${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`;
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

const L = 'Huawei Cloud CBR client: ';
const ok = { region: 'cn-north-4', projectId: PROJECT, auth: { token: TOKEN } };

describe('endpoint', () => {
  it('derives the regional endpoint, including the sovereign EU domain', () => {
    expect(createCbrClient(ok).baseUrl).toBe('https://cbr.cn-north-4.myhuaweicloud.com');
    expect(createVbsClient({ ...ok, region: 'ap-southeast-1' }).baseUrl).toBe(
      'https://vbs.ap-southeast-1.myhuaweicloud.com',
    );
    // From the spec's servers (apiInfo.servers): the one table the client and backup-tasks use.
    expect(createCbrClient({ ...ok, region: 'eu-west-101' }).baseUrl).toBe('https://cbr.eu-west-101.myhuaweicloud.eu');
    expect(endpointForRegion(cbrInfo.servers, 'eu-west-101')).toBe('https://cbr.eu-west-101.myhuaweicloud.eu');
    expect(endpointForRegion(cbrInfo.servers, 'cn-east-3')).toBe('https://cbr.cn-east-3.myhuaweicloud.com');
  });

  it('accepts an http(s) baseUrl with a path prefix and drops trailing slashes', () => {
    const client = createCbrClient({
      baseUrl: 'http://127.0.0.1:4010/mock/cbr//',
      projectId: PROJECT,
      auth: { token: TOKEN },
    });
    expect(client.baseUrl).toBe('http://127.0.0.1:4010/mock/cbr');
  });

  it.each([
    [
      { projectId: PROJECT, auth: { token: TOKEN } },
      `${L}no endpoint: set region (e.g. "cn-north-4") or baseUrl (e.g. "https://cbr.cn-north-4.myhuaweicloud.com").`,
    ],
    [{ ...ok, baseUrl: 'https://cbr.cn-north-4.myhuaweicloud.com' }, `${L}set either region or baseUrl, not both.`],
    [
      { ...ok, region: 'CN-NORTH-4' },
      `${L}region must be a region ID like "cn-north-4" (lowercase letters, digits, dashes).`,
    ],
    [{ ...ok, region: TOKEN }, `${L}region must be a region ID like "cn-north-4" (lowercase letters, digits, dashes).`],
    [
      { ...ok, region: 'cn-north-4.evil.example/x' },
      `${L}region must be a region ID like "cn-north-4" (lowercase letters, digits, dashes).`,
    ],
  ])('refuses a bad endpoint choice %#', (options, message) => {
    expect(configError(options).message).toBe(message);
  });

  const fix = 'set it to the endpoint, e.g. "https://cbr.cn-north-4.myhuaweicloud.com", or set region instead';
  it.each([
    ['', `${L}baseUrl is not an absolute URL: ${fix}.`],
    [42, `${L}baseUrl is not an absolute URL: ${fix}.`],
    ['cbr.cn-north-4.myhuaweicloud.com', `${L}baseUrl is not an absolute URL: ${fix}.`],
    ['ftp://cbr.example.com', `${L}baseUrl must use http or https: ${fix}.`],
    ['file:///etc/passwd', `${L}baseUrl must use http or https: ${fix}.`],
    [`${TOKEN}:x`, `${L}baseUrl must use http or https: ${fix}.`],
    [
      'https://admin:hunter2@cbr.example.com',
      `${L}baseUrl must not contain a user name or password (credentials go in auth): ${fix}.`,
    ],
    [`https://cbr.example.com/?token=${TOKEN}`, `${L}baseUrl must not have a query string or fragment: ${fix}.`],
    ['https://cbr.example.com/?', `${L}baseUrl must not have a query string or fragment: ${fix}.`],
    ['https://cbr.example.com/#x', `${L}baseUrl must not have a query string or fragment: ${fix}.`],
  ])('refuses baseUrl %j', (baseUrl, message) => {
    expect(configError({ baseUrl, projectId: PROJECT, auth: { token: TOKEN } }).message).toBe(message);
  });
});

describe('projectId', () => {
  const fix =
    'set it to the project ID of the region, 32 lowercase hexadecimal characters (console: My Credentials > API Credentials)';
  it.each([
    [undefined, `${L}projectId is missing: ${fix}.`],
    ['', `${L}projectId is missing: ${fix}.`],
    [12345, `${L}projectId is missing: ${fix}.`],
    [PROJECT.toUpperCase(), `${L}projectId has uppercase letters: ${fix}.`],
    [
      '01234567-89ab-cdef-0123-456789abcdef',
      `${L}projectId is a UUID with dashes (an enterprise project ID?): ${fix}.`,
    ],
    [` ${PROJECT}`, `${L}projectId is not 32 hexadecimal characters (got 33 characters): ${fix}.`],
    [PROJECT.slice(1), `${L}projectId is not 32 hexadecimal characters (got 31 characters): ${fix}.`],
    [`${PROJECT}0`, `${L}projectId is not 32 hexadecimal characters (got 33 characters): ${fix}.`],
    ['0123456789abcdef0123456789abcdeg', `${L}projectId is not 32 hexadecimal characters (got 32 characters): ${fix}.`],
    ['..', `${L}projectId is not 32 hexadecimal characters (got 2 characters): ${fix}.`],
    [SK, `${L}projectId is not 32 hexadecimal characters (got ${SK.length} characters): ${fix}.`],
  ])('refuses %j', (projectId, message) => {
    expect(configError({ ...ok, projectId }).message).toBe(message);
  });

  it('accepts exactly 32 lowercase hex characters', () => {
    expect(checkProjectId('x', PROJECT)).toBe(PROJECT);
    expect(createCbrClient(ok).projectId).toBe(PROJECT);
  });
});

describe('auth', () => {
  const none =
    'no credentials: set auth to { token } (an IAM token) or { ak, sk } (an access key, plus securityToken if temporary)';
  const both = 'auth has both a token and AK/SK fields: set only one of { token } or { ak, sk }';
  const badToken = 'auth.token must be the IAM token (printable ASCII without spaces)';
  const badAk = 'auth.ak must be the access key ID (printable ASCII without spaces)';
  const badSk = 'auth.sk must be the secret access key (a non-empty string)';
  const badSts =
    'auth.securityToken must be the security token of temporary credentials (printable ASCII, no spaces), or be left out';
  it.each([
    [undefined, none],
    [{}, none],
    [{ accessKey: 'AK', secretKey: SK }, none],
    [{ token: TOKEN, ak: 'AK', sk: SK }, both],
    [{ token: TOKEN, securityToken: SECURITY_TOKEN }, both],
    [{ token: '' }, badToken],
    [{ token: `${TOKEN}\r\nX-Injected: 1` }, badToken],
    [{ token: `Bearer ${TOKEN}` }, badToken],
    [{ token: 42 }, badToken],
    [{ sk: SK }, badAk],
    [{ ak: 'A K', sk: SK }, badAk],
    [{ ak: 'AK' }, badSk],
    [{ ak: 'AK', sk: '' }, badSk],
    [{ ak: 'AK', sk: SK, securityToken: `${SECURITY_TOKEN} x` }, badSts],
    [{ ak: 'AK', sk: SK, securityToken: '' }, badSts],
  ])('refuses %#', (auth, message) => {
    expect(configError({ ...ok, auth }).message).toBe(`${L}${message}.`);
  });

  it('names the service in the message', () => {
    expect(() => createVbsClient({ region: 'cn-north-4', projectId: PROJECT } as never)).toThrow(
      `Huawei Cloud VBS client: ${none}.`,
    );
  });

  it('refuses options that are not an object', () => {
    expect(configError(undefined).message).toMatch(/^Huawei Cloud CBR client: no endpoint: set region/);
  });

  it('keeps only the credential fields it uses', () => {
    const resolved = resolveHuaweiOptions(
      'cbr',
      { ...ok, auth: { ak: 'AK', sk: SK, securityToken: SECURITY_TOKEN } },
      cbrInfo.servers,
    );
    expect(resolved.auth).toEqual({ ak: 'AK', sk: SK, securityToken: SECURITY_TOKEN });
  });
});
