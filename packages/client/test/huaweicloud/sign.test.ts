import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalRequest, formatSdkDate } from '../../src/huaweicloud/canonical.js';
import { computeSignature, type HuaweiCloudCredentials, sha256Hex, signRequest } from '../../src/huaweicloud/sign.js';

const now = new Date('2024-05-06T07:08:09Z');
const SK = 'sk-SECRET-do-not-leak-0123456789';
const TOKEN = 'token-SECRET-do-not-leak-abcdef';
const creds = { ak: 'AKEXAMPLE', sk: SK };

const authParts = (request: Request) => {
  const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    request.headers.get('authorization') ?? '',
  );
  if (!m) throw new Error('no SDK-HMAC-SHA256 Authorization header');
  return { access: m[1], signedHeaders: m[2], signature: m[3] };
};

async function expectedSignature(request: Request, signed: Record<string, string>, body = '') {
  const canonical = canonicalRequest({
    method: request.method,
    url: request.url,
    headers: signed,
    payloadHash: await sha256Hex(body),
  });
  return computeSignature(SK, signed['x-sdk-date'] as string, canonical);
}

async function thrown(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('signRequest: credentials', () => {
  const request = new Request('https://cbr.cn-north-4.myhuaweicloud.com/v3/p/operation-logs');
  const cases: [string, unknown, string][] = [
    ['missing ak', { sk: SK }, 'credentials.ak'],
    ['empty ak', { ak: '', sk: SK }, 'credentials.ak'],
    ['ak with a space', { ak: 'A K', sk: SK }, 'credentials.ak'],
    ['missing sk', { ak: 'AK' }, 'credentials.sk'],
    ['empty sk', { ak: 'AK', sk: '' }, 'credentials.sk'],
    ['non-string sk', { ak: 'AK', sk: 12345 }, 'credentials.sk'],
    ['empty securityToken', { ak: 'AK', sk: SK, securityToken: '' }, 'credentials.securityToken'],
    ['securityToken with a newline', { ak: 'AK', sk: SK, securityToken: `${TOKEN}\nx` }, 'credentials.securityToken'],
    ['non-string securityToken', { ak: 'AK', sk: SK, securityToken: 42 }, 'credentials.securityToken'],
    ['no object', undefined, 'credentials.ak'],
  ];
  for (const [name, credentials, field] of cases) {
    it(`${name}: TypeError naming ${field}, without the secret`, async () => {
      const error = await thrown(() => signRequest(request, credentials as HuaweiCloudCredentials, now));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toContain(field);
      expect(error.message).not.toContain(SK);
      expect(error.message).not.toContain(TOKEN);
      expect(String(error.stack)).not.toContain(SK);
      expect(String(error.stack)).not.toContain(TOKEN);
    });
  }

  it('never puts the secret or Authorization into other errors', async () => {
    const used = new Request('https://h/x', { method: 'POST', body: 'x' });
    await used.text();
    const error = await thrown(() => signRequest(used, { ...creds, securityToken: TOKEN }, now));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/body has already been read/);
    expect(error.message).not.toContain(SK);
    expect(error.message).not.toContain(TOKEN);
    const badDate = await thrown(() => signRequest(new Request('https://h/x'), creds, new Date(Number.NaN)));
    expect(badDate).toBeInstanceOf(RangeError);
    expect(badDate.message).not.toContain(SK);
  });
});

describe('signRequest: the returned request', () => {
  it('keeps method, URL, body and other headers, and leaves the input unread', async () => {
    const body = JSON.stringify({ name: 'vault', note: 'é 😀 +%' });
    const input = new Request('https://cbr.cn-north-4.myhuaweicloud.com/v3/p/vaults?b=2&a=1', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'X-Project-Id': 'p', Accept: 'application/json', 'X-Custom': 'c' },
    });
    const signed = await signRequest(input, creds, now);
    expect(signed).not.toBe(input);
    expect(signed.method).toBe('POST');
    expect(signed.url).toBe(input.url);
    expect(signed.headers.get('accept')).toBe('application/json');
    expect(signed.headers.get('x-custom')).toBe('c');
    expect(signed.headers.get('x-project-id')).toBe('p');
    expect(signed.headers.get('x-sdk-date')).toBe('20240506T070809Z');
    expect(input.headers.has('authorization')).toBe(false);
    expect(input.bodyUsed).toBe(false);
    expect(await signed.text()).toBe(body);
    expect(await input.text()).toBe(body);

    const { access, signedHeaders, signature } = authParts(signed);
    expect(access).toBe('AKEXAMPLE');
    expect(signedHeaders).toBe('content-type;host;x-project-id;x-sdk-date');
    expect(signature).toBe(
      await expectedSignature(
        input,
        {
          'content-type': 'application/json',
          host: 'cbr.cn-north-4.myhuaweicloud.com',
          'x-project-id': 'p',
          'x-sdk-date': '20240506T070809Z',
        },
        body,
      ),
    );
  });

  it('signs binary bodies byte for byte', async () => {
    const bytes = new Uint8Array([0, 255, 1, 128, 10, 13]);
    const input = new Request('https://h/upload', {
      method: 'PUT',
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
    const signed = await signRequest(input, creds, now);
    expect(new Uint8Array(await signed.arrayBuffer())).toEqual(bytes);
    const canonical = canonicalRequest({
      method: 'PUT',
      url: 'https://h/upload',
      headers: { 'content-type': 'application/octet-stream', host: 'h', 'x-sdk-date': formatSdkDate(now) },
      payloadHash: await sha256Hex(bytes),
    });
    expect(authParts(signed).signature).toBe(await computeSignature(SK, formatSdkDate(now), canonical));
  });

  it('replaces an existing Authorization, X-Sdk-Date and X-Security-Token instead of adding a second one', async () => {
    const input = new Request('https://h/x', {
      headers: {
        Authorization: 'SDK-HMAC-SHA256 Access=old',
        'X-Sdk-Date': '20000101T000000Z',
        'X-Security-Token': 'old',
      },
    });
    const signed = await signRequest(input, { ...creds, securityToken: TOKEN }, now);
    expect(signed.headers.get('x-sdk-date')).toBe('20240506T070809Z');
    expect(signed.headers.get('x-security-token')).toBe(TOKEN);
    expect(signed.headers.get('authorization')?.match(/SDK-HMAC-SHA256/g)).toHaveLength(1);
    const { signedHeaders, signature } = authParts(signed);
    expect(signedHeaders).toBe('host;x-sdk-date;x-security-token');
    expect(signature).toBe(
      await expectedSignature(input, { host: 'h', 'x-sdk-date': '20240506T070809Z', 'x-security-token': TOKEN }),
    );
  });

  it('signs only the allowlisted headers, never hop-by-hop or runtime-managed ones', async () => {
    const input = new Request('https://h/x', {
      method: 'POST',
      body: '{}',
      headers: {
        'content-type': 'application/json',
        'content-length': '2',
        connection: 'keep-alive',
        'user-agent': 'test',
        'accept-encoding': 'gzip',
        'x-forwarded-for': '10.0.0.1',
        'x-domain-id': 'd',
        'x-auth-token': 'not-with-aksk',
      },
    });
    expect(authParts(await signRequest(input, creds, now)).signedHeaders).toBe(
      'content-type;host;x-domain-id;x-sdk-date',
    );
  });

  it('signs host from the URL: host:port for a non-default port, no port for the default one; drops a Host header', async () => {
    const withPort = await signRequest(new Request('https://h:8443/x', { headers: { host: 'other' } }), creds, now);
    expect(withPort.headers.has('host')).toBe(false);
    expect(authParts(withPort).signature).toBe(
      await expectedSignature(withPort, { host: 'h:8443', 'x-sdk-date': formatSdkDate(now) }),
    );
    const defaultPort = await signRequest(new Request('https://h:443/x'), creds, now);
    expect(authParts(defaultPort).signature).toBe(
      await expectedSignature(defaultPort, { host: 'h', 'x-sdk-date': formatSdkDate(now) }),
    );
  });

  it('uses the current time by default', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const signed = await signRequest(new Request('https://h/x'), creds);
    const after = Date.now();
    const d = signed.headers.get('x-sdk-date') ?? '';
    const t = Date.parse(
      `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`,
    );
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(after);
  });

  it('is deterministic for a fixed time and depends on the secret', async () => {
    const make = () => new Request('https://h/x?a=1');
    const a = await signRequest(make(), creds, now);
    const b = await signRequest(make(), creds, now);
    const c = await signRequest(make(), { ...creds, sk: `${SK}x` }, now);
    expect(a.headers.get('authorization')).toBe(b.headers.get('authorization'));
    expect(c.headers.get('authorization')).not.toBe(a.headers.get('authorization'));
    expect(a.headers.get('authorization')).not.toContain(SK);
  });
});

describe('portability', () => {
  it('uses no Node-only modules (Web Crypto and standard APIs only)', () => {
    for (const file of ['sign.ts', 'canonical.ts']) {
      const source = readFileSync(new URL(`../../src/huaweicloud/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      expect(imports.every((s) => s?.startsWith('./'))).toBe(true);
      expect(source).not.toMatch(/\brequire\(|\bBuffer\b|node:/);
    }
  });
});
