// Numeric and function options are validated when a client is created: NaN, Infinity, negatives, zero
// attempts, fractions and out-of-range values are a ConfigurationError naming the option and its range,
// the same in all three clients, before any request is sent.
import { describe, expect, it } from 'vitest';
import { ConfigurationError, isConfigurationError } from '../../src/core/errors.js';
import { createRetryFetch } from '../../src/core/retry.js';
import { createCbrClient } from '../../src/huaweicloud-cbr/index.js';
import { createVbsClient } from '../../src/huaweicloud-vbs/index.js';
import { createZStackClient } from '../../src/zstack/index.js';

const PROJECT = '04f1829c788037ac2fb8c01eb2b04b95';
const neverCalled = async (): Promise<Response> => {
  throw new Error('no request may be sent');
};
const create = {
  zstack: (extra: object) =>
    createZStackClient({
      baseUrl: 'http://127.0.0.1:1/zstack',
      auth: { sessionUuid: 'abc' },
      fetch: neverCalled,
      ...extra,
    }),
  cbr: (extra: object) =>
    createCbrClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: 't' }, fetch: neverCalled, ...extra }),
  vbs: (extra: object) =>
    createVbsClient({ region: 'cn-north-4', projectId: PROJECT, auth: { token: 't' }, fetch: neverCalled, ...extra }),
};

const bad: [string, object, RegExp][] = [
  ['attempts NaN', { retry: { attempts: Number.NaN } }, /^retry\.attempts must be an integer from 1 to 20 \(got NaN\)/],
  ['attempts 0', { retry: { attempts: 0 } }, /^retry\.attempts must be an integer from 1 to 20 \(got 0\)/],
  ['attempts 2.5', { retry: { attempts: 2.5 } }, /^retry\.attempts must be an integer/],
  ['attempts "3"', { retry: { attempts: '3' } }, /^retry\.attempts must be an integer from 1 to 20 \(got string\)/],
  ['timeoutMs -5', { retry: { timeoutMs: -5 } }, /^retry\.timeoutMs must be a number from 0 to 2147483647 \(got -5\)/],
  ['timeoutMs NaN', { retry: { timeoutMs: Number.NaN } }, /^retry\.timeoutMs must be a number/],
  ['timeoutMs Infinity', { retry: { timeoutMs: Number.POSITIVE_INFINITY } }, /^retry\.timeoutMs must be a number/],
  ['maxDelayMs NaN', { retry: { maxDelayMs: Number.NaN } }, /^retry\.maxDelayMs must be a number from 0 to 3600000/],
  ['baseDelayMs -1', { retry: { baseDelayMs: -1 } }, /^retry\.baseDelayMs must be a number from 0 to 600000/],
  ['onRetry not a function', { retry: { onRetry: 'log' } }, /^retry\.onRetry must be a function/],
  [
    'idempotentMethods not strings',
    { retry: { idempotentMethods: [1] } },
    /^retry\.idempotentMethods must be an array/,
  ],
  ['redirects.max NaN', { redirects: { max: Number.NaN } }, /^redirects\.max must be an integer from 0 to 20/],
  ['redirects.max 21', { redirects: { max: 21 } }, /^redirects\.max must be an integer from 0 to 20 \(got 21\)/],
  [
    'allowedOrigins with a path',
    { redirects: { allowedOrigins: ['https://x.example/api'] } },
    /^redirects\.allowedOrigins must hold origins only/,
  ],
  [
    'allowedOrigins not an array',
    { redirects: { allowedOrigins: 'https://x.example' } },
    /must be an array of origins/,
  ],
];

describe.each(Object.entries(create))('%s client options', (_vendor, make) => {
  it.each(bad)('refuses %s', (_label, extra, message) => {
    let error: unknown;
    try {
      make(extra);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts the documented bounds', () => {
    expect(() =>
      make({ retry: { attempts: 1, timeoutMs: 0, baseDelayMs: 0, maxDelayMs: 0 }, redirects: { max: 0 } }),
    ).not.toThrow();
    expect(() =>
      make({
        retry: { attempts: 20, timeoutMs: 2_147_483_647 },
        redirects: { max: 20, allowedOrigins: ['https://x.example'] },
      }),
    ).not.toThrow();
  });
});

describe('iterator options', () => {
  it('refuses a NaN page size or maxRestarts when the iterator is created', async () => {
    const zstack = create.zstack({});
    await expect(zstack.iterate('/v1/cbt-task', { pageSize: Number.NaN }).next()).rejects.toThrow(
      /^pageSize must be an integer from 1 to 10000 \(got NaN\)/,
    );
    const cbr = create.cbr({});
    expect(() => cbr.opLogPages({}, { maxRestarts: Number.NaN })).toThrow(
      /maxRestarts must be an integer from 0 to 100/,
    );
    const vbs = create.vbs({});
    expect(() => vbs.backupTaskPages('p', {}, { pageSize: Number.NaN })).toThrow(
      /pageSize must be an integer from 2 to 1000/,
    );
  });
});

describe('createRetryFetch', () => {
  it('validates when created, not at the first request', () => {
    expect(() => createRetryFetch({ attempts: Number.NaN })).toThrow(ConfigurationError);
  });
});
