import { describe, expect, it } from 'vitest';
import { canonicalRequest, formatSdkDate } from '../../src/huaweicloud/canonical.js';
import { computeSignature, signRequest } from '../../src/huaweicloud/sign.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// Vector 1: the vendor's API signing guide. Signs content-type, host and x-sdk-date.
const v1 = {
  url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  date: '20191115T033655Z',
  sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
  signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
};
// Vector 2: the vendor's Python SDK tests. Signs only host and x-sdk-date.
const v2 = {
  url: 'https://service.endpoint.myhuaweicloud.com/resources?size=1',
  date: '20200608T023900Z',
  ak: 'AccessKey',
  sk: 'SecretKey',
  signature: 'cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842',
};

describe('published SDK-HMAC-SHA256 test vectors', () => {
  it('vector 1: canonical request and signature from the helpers', async () => {
    const canonical = canonicalRequest({
      method: 'GET',
      url: v1.url,
      headers: { 'content-type': 'application/json', host: 'service.region.example.com', 'x-sdk-date': v1.date },
      payloadHash: EMPTY_SHA256,
    });
    expect(canonical).toBe(
      [
        'GET',
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
        'content-type:application/json',
        'host:service.region.example.com',
        'x-sdk-date:20191115T033655Z',
        '',
        'content-type;host;x-sdk-date',
        EMPTY_SHA256,
      ].join('\n'),
    );
    expect(await computeSignature(v1.sk, v1.date, canonical)).toBe(v1.signature);
  });

  it('vector 1: signRequest reproduces it (content-type signed because the request has one)', async () => {
    const request = new Request(v1.url, { headers: { 'Content-Type': 'application/json' } });
    const signed = await signRequest(request, { ak: 'AK', sk: v1.sk }, new Date('2019-11-15T03:36:55Z'));
    expect(signed.headers.get('x-sdk-date')).toBe(v1.date);
    expect(signed.headers.get('authorization')).toBe(
      `SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-sdk-date, Signature=${v1.signature}`,
    );
  });

  it('vector 2: helpers with only host;x-sdk-date signed', async () => {
    const canonical = canonicalRequest({
      method: 'GET',
      url: v2.url,
      headers: { host: 'service.endpoint.myhuaweicloud.com', 'x-sdk-date': v2.date },
      payloadHash: EMPTY_SHA256,
    });
    expect(await computeSignature(v2.sk, v2.date, canonical)).toBe(v2.signature);
  });

  it('vector 2: signRequest reproduces it (no content-type, so only host;x-sdk-date)', async () => {
    const signed = await signRequest(new Request(v2.url), { ak: v2.ak, sk: v2.sk }, new Date('2020-06-08T02:39:00Z'));
    expect(signed.headers.get('authorization')).toBe(
      `SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=${v2.signature}`,
    );
  });

  it('formats X-Sdk-Date as UTC YYYYMMDDTHHMMSSZ', () => {
    expect(formatSdkDate(new Date('2019-11-15T03:36:55.999Z'))).toBe('20191115T033655Z');
    expect(formatSdkDate(new Date('2020-06-08T10:39:00+08:00'))).toBe('20200608T023900Z');
    expect(() => formatSdkDate(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatSdkDate(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});
