// Both Huawei error shapes become a HuaweiApiError with code, vendor message and request id; the result
// helpers decide success by response.ok.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/core/errors.js';
import { HuaweiApiError, parseHuaweiErrorBody } from '../../src/huaweicloud/errors.js';
import { orThrow, toHuaweiError, unwrap, withHuaweiError } from '../../src/huaweicloud/result.js';
import { createCbrClient } from '../../src/huaweicloud-cbr/index.js';
import { createVbsClient } from '../../src/huaweicloud-vbs/index.js';

const PROJECT = '0123456789abcdef0123456789abcdef';
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('parseHuaweiErrorBody', () => {
  it('reads the flat and the nested shape, and nothing else', () => {
    expect(
      parseHuaweiErrorBody({
        error_code: 'APIGW.0301',
        error_msg: 'Incorrect IAM authentication information',
        request_id: 'r1',
      }),
    ).toEqual({
      code: 'APIGW.0301',
      errorMessage: 'Incorrect IAM authentication information',
      requestId: 'r1',
    });
    expect(parseHuaweiErrorBody({ error: { code: 'AutoBackup.0205', message: 'The policy does not exist.' } })).toEqual(
      {
        code: 'AutoBackup.0205',
        errorMessage: 'The policy does not exist.',
        requestId: undefined,
      },
    );
    for (const other of [null, 'text', 42, [], { error: 'x' }, { code: 'X', message: 'y' }, { error_code: 5 }]) {
      expect(parseHuaweiErrorBody(other)).toEqual({ code: undefined, errorMessage: undefined, requestId: undefined });
    }
  });
});

describe('HuaweiApiError', () => {
  it('flat form: code, vendor message, request id from the body (over the header)', () => {
    const error = new HuaweiApiError({
      status: 401,
      body: {
        error_code: 'APIGW.0301',
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
        request_id: 'body-id',
      },
      requestIdHeader: 'header-id',
      request: { method: 'GET', url: `https://cbr.cn-north-4.myhuaweicloud.com/v3/${PROJECT}/operation-logs?limit=1` },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'HuaweiApiError',
      status: 401,
      vendor: 'huaweicloud',
      code: 'APIGW.0301',
      errorMessage: 'Incorrect IAM authentication information: verify aksk signature fail',
      requestId: 'body-id',
      endpoint: `GET https://cbr.cn-north-4.myhuaweicloud.com/v3/${PROJECT}/operation-logs`,
    });
    expect(error.message).toBe(
      `Huawei Cloud error APIGW.0301: Incorrect IAM authentication information: verify aksk signature fail [request body-id] (HTTP 401, GET https://cbr.cn-north-4.myhuaweicloud.com/v3/${PROJECT}/operation-logs)`,
    );
  });

  it('nested form: code and message, request id from the X-Request-Id header', () => {
    const error = new HuaweiApiError({
      status: 404,
      body: { error: { code: 'AutoBackup.0205', message: 'The policy does not exist.' } },
      requestIdHeader: 'hdr-123',
    });
    expect(error).toMatchObject({
      code: 'AutoBackup.0205',
      errorMessage: 'The policy does not exist.',
      requestId: 'hdr-123',
      endpoint: undefined,
    });
    expect(error.message).toBe(
      'Huawei Cloud error AutoBackup.0205: The policy does not exist. [request hdr-123] (HTTP 404)',
    );
  });

  it('a body in neither shape (gateway HTML, plain text, nothing) keeps the body and the status', () => {
    const error = new HuaweiApiError({ status: 502, body: '<html>Bad Gateway</html>', requestIdHeader: null });
    expect(error).toMatchObject({
      code: undefined,
      errorMessage: undefined,
      requestId: undefined,
      body: '<html>Bad Gateway</html>',
    });
    expect(error.message).toBe('Huawei Cloud request failed (HTTP 502)');
    expect(new HuaweiApiError({ status: 500 }).message).toBe('Huawei Cloud request failed (HTTP 500)');
  });

  it('serialises to its fields', () => {
    const error = new HuaweiApiError({
      status: 429,
      body: { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached' },
      requestIdHeader: 'r',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'HuaweiApiError',
      status: 429,
      vendor: 'huaweicloud',
      code: 'APIGW.0308',
      requestId: 'r',
      body: { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached' },
      errorMessage: 'The throttling threshold has been reached',
    });
  });
});

describe('result helpers', () => {
  const success = { data: { count: 0, operation_logs: [] }, response: json(200, {}) };
  const failure = {
    error: { error_code: 'BackupService.6500', error_msg: 'Operation log does not exist.' },
    response: json(404, {}, { 'X-Request-Id': 'req-9' }),
  };

  it('unwrap returns the data of a 2xx and throws HuaweiApiError otherwise; orThrow is the same function', () => {
    expect(unwrap(success)).toBe(success.data);
    expect(() => unwrap(failure)).toThrow(HuaweiApiError);
    expect(orThrow).toBe(unwrap);
    expect(() => orThrow(failure)).toThrow(
      expect.objectContaining({ status: 404, code: 'BackupService.6500', requestId: 'req-9' }),
    );
  });

  it('decides by response.ok, not by error: an error reply without a body still throws', () => {
    const bodiless = { response: new Response(null, { status: 503, headers: { 'X-Request-Id': 'r503' } }) };
    expect(() => unwrap(bodiless)).toThrow('Huawei Cloud request failed [request r503] (HTTP 503)');
    expect(unwrap({ response: new Response(null, { status: 204 }) })).toBeUndefined();
  });

  it('toHuaweiError and withHuaweiError keep the { data, error, response } shape', () => {
    expect(toHuaweiError(success)).toBeUndefined();
    expect(withHuaweiError(success)).toEqual({ data: success.data, response: success.response });
    const converted = withHuaweiError(failure);
    expect(converted.data).toBeUndefined();
    expect(converted.response).toBe(failure.response);
    expect(converted.error).toBeInstanceOf(HuaweiApiError);
    expect(converted.error?.code).toBe('BackupService.6500');
  });

  it('names the endpoint (without the query string) for replies that came through a client', async () => {
    const cbr = createCbrClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: 'tok' },
      fetch: async () => json(403, { error_code: 'CBR.0003', error_msg: 'Forbidden' }, { 'X-Request-Id': 'r403' }),
    });
    const error = toHuaweiError(await cbr.listOpLogs({ vault_name: 'secret-vault' }));
    expect(error?.endpoint).toBe(`GET https://cbr.cn-north-4.myhuaweicloud.com/v3/${PROJECT}/operation-logs`);
    expect(error?.message).not.toContain('secret-vault');

    const vbs = createVbsClient({
      region: 'cn-north-4',
      projectId: PROJECT,
      auth: { token: 'tok' },
      fetch: async () =>
        json(
          404,
          { error: { code: 'AutoBackup.0205', message: 'The policy does not exist.' } },
          { 'X-Request-Id': 'r404' },
        ),
    });
    const vbsError = toHuaweiError(await vbs.listBackupTasksByPolicy('af8a20b0-117d-4fc3-ae53-aa3968a4f870'));
    expect(vbsError).toMatchObject({
      status: 404,
      code: 'AutoBackup.0205',
      errorMessage: 'The policy does not exist.',
      requestId: 'r404',
      endpoint: `GET https://vbs.cn-north-4.myhuaweicloud.com/v2/${PROJECT}/backuppolicy/af8a20b0-117d-4fc3-ae53-aa3968a4f870/backuptasks`,
    });
  });
});
