// The bundles hold every operation users need, in three consistent forms.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type JsonObject, listBundleOperations } from '@backup-specs/bundle-tools';
import { readVendorApis } from '@backup-specs/scripts/vendors';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const apis = await readVendorApis(repoRoot);

type Doc = {
  info: { version: string };
  servers: Array<{ url: string; variables?: Record<string, { default: string }> }>;
  paths: Record<string, Record<string, { operationId?: string; security?: unknown[]; 'x-since'?: string }>>;
  components: { securitySchemes: Record<string, { type: string; name?: string; in?: string }> };
  security?: Array<Record<string, unknown>>;
};

function load(vendor: string) {
  const api = apis.find((candidate) => candidate.vendor === vendor);
  if (!api) throw new Error(`No API for ${vendor} in redocly.yaml`);
  const file = (name: string) => path.join(api.dist, name);
  if (!existsSync(file('openapi.json')))
    throw new Error(`${file('openapi.json')} is missing: run \`pnpm build\` first.`);
  return {
    json: JSON.parse(readFileSync(file('openapi.json'), 'utf8')) as Doc,
    yaml: parse(readFileSync(file('openapi.yaml'), 'utf8')) as Doc,
    derefText: readFileSync(file('openapi.deref.json'), 'utf8'),
  };
}

type Operation = { operationId?: string; security?: unknown[]; 'x-since'?: string };
const operations = (doc: Doc) =>
  listBundleOperations(doc as unknown as JsonObject).map(({ path: route, method, operation }) => ({
    route,
    method,
    ...(operation.node as Operation),
  }));

const expected: Record<string, Record<string, string>> = {
  zstack: {
    QueryCbtTask: 'get /v1/cbt-task',
    QueryCbtTaskByUuid: 'get /v1/cbt-task/{uuid}',
    QueryCdpTask: 'get /v1/cdp-task',
    QueryCdpTaskByUuid: 'get /v1/cdp-task/{uuid}',
    QueryDatabaseBackup: 'get /v1/database-backups',
    QueryDatabaseBackupByUuid: 'get /v1/database-backups/{uuid}',
    LogInByAccount: 'put /v1/accounts/login',
    LogOut: 'delete /v1/accounts/sessions/{sessionUuid}',
    ValidateSession: 'get /v1/accounts/sessions/{sessionUuid}/valid',
    RenewSession: 'put /v1/accounts/sessions/{sessionUuid}/renew',
    GetApiJobResult: 'get /v1/api-jobs/{uuid}',
  },
  'huaweicloud-cbr': {
    ListOpLogs: 'get /v3/{project_id}/operation-logs',
    ShowOpLog: 'get /v3/{project_id}/operation-logs/{operation_log_id}',
  },
  'huaweicloud-vbs': {
    ListBackupTasksByPolicy: 'get /v2/{project_id}/backuppolicy/{policy_id}/backuptasks',
  },
};

describe.each(apis)('bundle of $alias', (api) => {
  const { json, yaml, derefText } = load(api.vendor);

  const pinned = expected[api.vendor];
  if (pinned) {
    it('has exactly the expected operations at their vendor paths', () => {
      const found = Object.fromEntries(operations(json).map((op) => [op.operationId, `${op.method} ${op.route}`]));
      expect(found).toEqual(pinned);
    });
  } else {
    // A newly scaffolded API (pnpm new:api) has no pinned table until its author adds one above.
    it('has operations, each with its own operationId', () => {
      const ids = operations(json).map((op) => op.operationId);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    });
  }

  it('writes the same document as YAML and JSON', () => {
    expect(yaml).toEqual(json);
  });

  it('dereferences everything but recursion', () => {
    const refs = new Set([...derefText.matchAll(/"\$ref":\s*"([^"]+)"/g)].map((match) => match[1] ?? ''));
    const deref = JSON.parse(derefText) as { components?: { schemas?: Record<string, unknown> } };
    // A reference may stay only where it points at a schema that contains itself.
    for (const ref of refs) {
      const name = /^#\/components\/schemas\/([^/]+)$/.exec(ref)?.[1] ?? '';
      expect(JSON.stringify(deref.components?.schemas?.[name] ?? null), ref).toContain(`"$ref":"${ref}"`);
    }
    if (api.vendor === 'zstack') expect(refs).toEqual(new Set(['#/components/schemas/ErrorCode']));
  });

  it('declares servers with variables so the real URLs are shown', () => {
    expect(json.servers.length).toBeGreaterThan(0);
    for (const server of json.servers) {
      for (const name of server.url.match(/\{(\w+)\}/g) ?? []) {
        expect(server.variables?.[name.slice(1, -1)]?.default, `${server.url} ${name}`).toBeTruthy();
      }
    }
  });
});

describe('vendor specifics', () => {
  it('ZStack: session auth by Authorization header, the vendor base path and x-since on the queries', () => {
    const { json } = load('zstack');
    expect(json.servers[0]?.url).toMatch(/^http:\/\/\{host\}:\{port\}\/(zstack|\{context\})$/);
    const schemes = Object.values(json.components.securitySchemes);
    expect(schemes).toContainEqual(expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization' }));
    const since = Object.fromEntries(operations(json).map((op) => [op.operationId, op['x-since']]));
    expect(since).toMatchObject({ QueryCbtTask: '5.3.28', QueryCdpTask: '4.5.0', QueryDatabaseBackup: '3.0.0' });
    const login = operations(json).find((op) => op.operationId === 'LogInByAccount');
    expect(login?.security).toEqual([]);
  });

  it.each(['huaweicloud-cbr', 'huaweicloud-vbs'])(
    '%s: token or AK/SK, as alternatives, and a region variable',
    (vendor) => {
      const { json } = load(vendor);
      expect(json.servers[0]?.url).toMatch(/^https:\/\/(cbr|vbs)\.\{region\}\.myhuaweicloud\.com$/);
      expect(json.security).toEqual([{ token: [] }, { aksk: [] }]);
      expect(json.components.securitySchemes.token).toMatchObject({
        type: 'apiKey',
        in: 'header',
        name: 'X-Auth-Token',
      });
      expect(json.components.securitySchemes.aksk).toMatchObject({
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
      });
    },
  );
});

describe('Huawei error replies', () => {
  it.each(['huaweicloud-cbr', 'huaweicloud-vbs'])(
    '%s: every example body names the same request id as the X-Request-Id header example (one reply, one id)',
    (vendor) => {
      const deref = JSON.parse(load(vendor).derefText) as {
        paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
      };
      const mismatches: string[] = [];
      for (const [route, item] of Object.entries(deref.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          for (const [status, raw] of Object.entries(operation.responses ?? {})) {
            const response = raw as {
              headers?: Record<string, { example?: string; schema?: { example?: string } }>;
              content?: Record<string, { examples?: Record<string, { value?: { request_id?: string } }> }>;
            };
            const header = response.headers?.['X-Request-Id'];
            const id = header?.example ?? header?.schema?.example;
            if (!id) continue;
            for (const media of Object.values(response.content ?? {})) {
              for (const [name, example] of Object.entries(media.examples ?? {})) {
                const body = example.value?.request_id;
                if (body !== undefined && body !== id) mismatches.push(`${method} ${route} ${status} ${name}: ${body}`);
              }
            }
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
  );
});
