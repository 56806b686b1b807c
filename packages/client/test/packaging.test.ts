// The built package (dist/, made by `tsup` before tests run): every subpath loads in ESM and CommonJS,
// and errors are one class across entry points in both, so `instanceof ApiError` holds everywhere.
import { createRequire } from 'node:module';
import { readRegistry } from '@backup-specs/registry';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// The core, the shared Huawei entry, and one entry per registered API with a client (redocly.yaml).
const subpaths = ['', '/huaweicloud', ...readRegistry().flatMap((api) => (api.client ? [`/${api.client.entry}`] : []))];

describe.each(['import', 'require'] as const)('built package via %s', (mode) => {
  const load = async (subpath: string) =>
    mode === 'import' ? await import(`@backup-specs/client${subpath}`) : require(`@backup-specs/client${subpath}`);

  it.each(subpaths)('loads @backup-specs/client%s', async (subpath) => {
    const entry = await load(subpath);
    expect(Object.keys(entry).length).toBeGreaterThan(0);
  });

  it('shares one ApiError class between the core and the vendor entries', async () => {
    const core = await load('');
    const huawei = await load('/huaweicloud');
    const zstack = await load('/zstack');
    expect(new huawei.HuaweiApiError({ status: 500 })).toBeInstanceOf(core.ApiError);
    expect(zstack.ZStackApiError.prototype).toBeInstanceOf(core.ApiError);
    expect(typeof zstack.createZStackClient).toBe('function');
    expect(typeof (await load('/huaweicloud-cbr')).createCbrClient).toBe('function');
    expect(typeof (await load('/huaweicloud-vbs')).createVbsClient).toBe('function');
  });
});

describe('errors across the CommonJS and ESM builds', () => {
  const errorExports = [
    'ApiError',
    'ConfigurationError',
    'NetworkError',
    'PagingError',
    'RedirectError',
    'UnexpectedResponseError',
    'isApiError',
    'isConfigurationError',
    'isNetworkError',
    'isPagingError',
    'isRedirectError',
    'isUnexpectedResponseError',
  ];

  it.each(subpaths)('@backup-specs/client%s exports every error class and guard', async (subpath) => {
    const entry = await import(`@backup-specs/client${subpath}`);
    for (const name of errorExports) expect(typeof entry[name], `${name} from "${subpath || '.'}"`).toBe('function');
  });

  it('isApiError (and the other guards) recognise errors made by the other build, where instanceof cannot', async () => {
    // (A computed specifier: the type check runs before the build and must not resolve dist/.)
    const zstackEntry = '@backup-specs/client/zstack';
    const esm = await import(zstackEntry);
    const cjs = require('@backup-specs/client/huaweicloud-cbr');
    const fromCjs = new cjs.HuaweiApiError({ status: 503 });
    expect(fromCjs).not.toBeInstanceOf(esm.ApiError);
    expect(esm.isApiError(fromCjs)).toBe(true);
    expect(esm.isApiError(new esm.ZStackApiError(503, undefined))).toBe(true);
    expect(cjs.isApiError(new esm.ZStackApiError(503, undefined))).toBe(true);
    expect(esm.isZStackApiError(fromCjs)).toBe(false);
    expect(esm.isNetworkError(new cjs.NetworkError({ method: 'GET', url: 'http://x/' }, 1, 'x'))).toBe(true);
    expect(esm.isApiError(new Error('plain'))).toBe(false);
    expect(esm.isApiError({ status: 503 })).toBe(false);
  });
});
