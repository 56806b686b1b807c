// What an operator is told for each kind of failure: the cause, and what to check.
import { HuaweiApiError } from '@backup-specs/client/huaweicloud-cbr';
import { ZStackApiError } from '@backup-specs/client/zstack';
import { TASK_VENDORS } from '@backup-specs/tasks';
import { expect, it, describe as suite } from 'vitest';
import { describe } from '../src/errors.js';
import { run } from './support/run.js';

const request = { method: 'GET', url: 'https://cbr.cn-north-4.myhuaweicloud.com/v3/p/operation-logs' };

suite('describe', () => {
  it('suggests the clock for a refused signature time, the credentials for other 401s', () => {
    const skew = new HuaweiApiError({
      status: 401,
      body: { error_code: 'APIGW.0303', error_msg: 'Bad time' },
      request,
    });
    expect(describe(skew)).toMatch(/check this machine's clock/);
    expect(describe(skew)).not.toMatch(/credentials rejected/);
    const expired = new HuaweiApiError({
      status: 401,
      body: { error_code: 'APIGW.0301', error_msg: 'Signature expired' },
      request,
    });
    expect(describe(expired)).toMatch(/check this machine's clock/);
    const token = new HuaweiApiError({
      status: 401,
      body: { error_code: 'APIGW.0301', error_msg: 'Bad token' },
      request,
    });
    expect(describe(token)).toMatch(/credentials rejected: check them/);
  });

  it("asks for ZStack's context path on a 404", () => {
    const error = new ZStackApiError(404, 'Not Found', { method: 'GET', url: 'http://zstack:8080/v1/cbt-task' });
    expect(describe(error)).toMatch(/is the context path in ZSTACK_URL\? e\.g\. http:\/\/host:8080\/zstack/);
  });
});

suite('vendors with one vendor misconfigured', () => {
  it('reports every vendor, the misconfigured one with what to change, and exits 2', async () => {
    const result = await run(['vendors', '--json'], {
      ZSTACK_URL: 'zstack.example:8080',
      ZSTACK_SESSION_UUID: 'c0ffee00c0ffee00c0ffee00c0ffee00',
      HUAWEICLOUD_TOKEN: 'a-token-value',
      HUAWEICLOUD_SDK_PROJECT_ID: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      HUAWEICLOUD_CBR_ENDPOINT: 'http://127.0.0.1:1',
    });
    expect(result.code).toBe(2);
    const rows = JSON.parse(result.stdout) as { vendor: string; configured: boolean; error: string | null }[];
    expect(rows.map((row) => row.vendor)).toEqual(TASK_VENDORS);
    expect(rows[0]).toMatchObject({
      configured: true,
      error: expect.stringContaining('ZSTACK_URL (--zstack-url) must be'),
    });
    expect(rows[1]).toMatchObject({ configured: true, answers: false }); // probed all the same
    expect(rows[2]).toMatchObject({ configured: false });
  });
});
