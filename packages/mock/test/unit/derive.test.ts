// The Prism document is derived, never hand-edited: these pin what the derivation changes and what it
// must leave alone.
import { describe, expect, it } from 'vitest';
import { deriveMockDocument, type JsonObject, serverBasePath } from '../../src/derive.js';
import { MockError, vendorInfo } from '../../src/vendors.js';

const ok = { '200': { description: 'ok' } };

function zstackLike(): JsonObject {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    servers: [
      {
        url: 'http://{host}:{port}/{context}',
        variables: { host: { default: 'localhost' }, port: { default: '8080' }, context: { default: 'zstack' } },
      },
    ],
    security: [{ session: [] }],
    components: { securitySchemes: { session: { type: 'apiKey', in: 'header', name: 'Authorization' } } },
    paths: {
      '/v1/cbt-task': { get: { operationId: 'QueryCbtTask', responses: ok } },
      '/v1/cbt-task/{uuid}': {
        parameters: [{ name: 'uuid', in: 'path', required: true, schema: { type: 'string' } }],
        get: { operationId: 'GetCbtTask', responses: ok },
      },
      '/v1/accounts/login': { put: { operationId: 'LogInByAccount', security: [], responses: ok } },
      '/v1/other': { get: { operationId: 'Other', security: [{ session: [] }, {}], responses: ok } },
      '/v1/alias': { $ref: '#/paths/~1v1~1cbt-task' },
    },
  };
}

describe('serverBasePath', () => {
  it('expands server variables with their defaults and keeps only the path', () => {
    expect(serverBasePath(zstackLike())).toBe('/zstack');
    expect(
      serverBasePath({
        servers: [{ url: 'https://cbr.{region}.myhuaweicloud.com', variables: { region: { default: 'cn-north-4' } } }],
      }),
    ).toBe('');
    expect(serverBasePath({ servers: [{ url: '/api/v2/' }] })).toBe('/api/v2');
    expect(serverBasePath({})).toBe('');
  });

  it('refuses servers with different base paths or a variable without default, naming them', () => {
    expect(() => serverBasePath({ servers: [{ url: 'http://a/x' }, { url: 'http://b/y' }] })).toThrow(
      /different base paths \(\/x, \/y\)/,
    );
    expect(() => serverBasePath({ servers: [{ url: 'http://h/{ctx}', variables: { ctx: {} } }] })).toThrow(
      /\{ctx\}.*no default/,
    );
  });
});

describe('deriveMockDocument', () => {
  it('prefixes every path with the server base path and serves from /', () => {
    const bundle = zstackLike();
    const before = JSON.stringify(bundle);
    const { document, basePath } = deriveMockDocument(bundle, vendorInfo('zstack'));
    expect(basePath).toBe('/zstack');
    expect(Object.keys(document.paths as JsonObject)).toEqual([
      '/zstack/v1/cbt-task',
      '/zstack/v1/cbt-task/{uuid}',
      '/zstack/v1/accounts/login',
      '/zstack/v1/other',
      '/zstack/v1/alias',
    ]);
    expect((document.paths as JsonObject)['/zstack/v1/alias']).toEqual({ $ref: '#/paths/~1zstack~1v1~1cbt-task' });
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(JSON.stringify(bundle)).toBe(before); // the bundle is never modified
  });

  it('turns ZStack session security into a required, patterned Authorization header parameter', () => {
    const { document } = deriveMockDocument(zstackLike(), vendorInfo('zstack'));
    const paths = document.paths as Record<string, Record<string, JsonObject>>;
    const query = paths['/zstack/v1/cbt-task']?.get as JsonObject;
    expect(query.security).toEqual([]);
    expect(query.parameters).toEqual([
      expect.objectContaining({
        name: 'Authorization',
        in: 'header',
        required: true,
        schema: { type: 'string', pattern: '^OAuth \\S+$' },
      }),
    ]);
    // Operations without credentials, or with optional ones, keep Prism's own security handling.
    expect(paths['/zstack/v1/accounts/login']?.put?.parameters).toBeUndefined();
    expect(paths['/zstack/v1/other']?.get?.security).toEqual([{ session: [] }, {}]);
    expect((document.info as JsonObject)['x-backup-specs-mock']).toMatchObject({
      basePath: '/zstack',
      credentialHeaderAsParameter: 2,
    });
  });

  it('leaves Huawei security schemes to Prism (the real gateway answers 401 too)', () => {
    const bundle: JsonObject = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      servers: [{ url: 'https://cbr.example.com' }],
      security: [{ token: [] }, { aksk: [] }],
      components: {
        securitySchemes: {
          token: { type: 'apiKey', in: 'header', name: 'X-Auth-Token' },
          aksk: { type: 'apiKey', in: 'header', name: 'Authorization' },
        },
      },
      paths: { '/v3/{project_id}/operation-logs': { get: { responses: ok } } },
    };
    const { document, basePath } = deriveMockDocument(bundle, vendorInfo('huaweicloud-cbr'));
    expect(basePath).toBe('');
    expect(document.security).toEqual([{ token: [] }, { aksk: [] }]);
    expect(
      (document.paths as Record<string, Record<string, JsonObject>>)['/v3/{project_id}/operation-logs']?.get
        ?.parameters,
    ).toBeUndefined();
  });

  it('keeps dynamic mode from inventing properties', () => {
    const { document } = deriveMockDocument(zstackLike(), vendorInfo('zstack'));
    expect(document['x-json-schema-faker']).toEqual({ fillProperties: false });
  });

  it('rejects what is not an OpenAPI 3 bundle with a specific message', () => {
    expect(() => deriveMockDocument({ swagger: '2.0', paths: {} }, vendorInfo('zstack'))).toThrow(MockError);
    expect(() => deriveMockDocument({ swagger: '2.0', paths: {} }, vendorInfo('zstack'))).toThrow(
      /zstack: the bundle is not an OpenAPI 3 document/,
    );
    expect(() => deriveMockDocument({ openapi: '3.1.0', paths: {} }, vendorInfo('zstack'))).toThrow(/no paths/);
  });

  it('drops properties marked x-never-sent, so dynamic replies never carry them', () => {
    const doc = zstackLike();
    doc.components = {
      ...(doc.components as JsonObject),
      schemas: {
        Reply: {
          type: 'object',
          properties: {
            inventories: { type: 'array', items: { type: 'object' } },
            success: { type: 'boolean', 'x-never-sent': true },
            error: { type: 'object', 'x-never-sent': true },
          },
        },
      },
    };
    const { document } = deriveMockDocument(doc, vendorInfo('zstack'));
    const reply = ((document.components as JsonObject).schemas as JsonObject).Reply as JsonObject;
    expect(Object.keys(reply.properties as JsonObject)).toEqual(['inventories']);
  });
});
