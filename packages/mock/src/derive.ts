// Derives the document Prism serves from a vendor bundle. The bundle itself is never edited: this is a
// build output (packages/mock/dist/prism/<vendor>.json). Two changes, both so that the vendor's real
// URLs and behaviour survive Prism's simplifications:
//
// 1. Prism ignores the path part of `servers` (ZStack's `http://{host}:{port}/{context}` would be served
//    at `/v1/cbt-task`, not `/zstack/v1/cbt-task`). Every path gets the server's base path as a prefix
//    and `servers` becomes `/`, so `http://127.0.0.1:4010/zstack/v1/cbt-task` answers and a client
//    configured with `http://127.0.0.1:4010/zstack` works unchanged.
// 2. Optionally (ZStack), an apiKey header security requirement becomes a required header parameter
//    with a pattern, so a missing or malformed credential is a 400 (the spec's declared plain-text
//    400) instead of Prism's 401. See VendorInfo.credentialHeader.

import { isObject, type Json, type JsonObject, listBundleOperations, resolve } from '@backup-specs/bundle-tools';
import { type CredentialHeaderRule, MockError, type VendorInfo } from './vendors.js';

export type { Json, JsonObject };

/** `{host}`-style variables replaced by their defaults. */
function expandServerUrl(server: JsonObject): string {
  const url = typeof server.url === 'string' ? server.url : '';
  const variables = isObject(server.variables) ? server.variables : {};
  return url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = variables[name];
    const value = isObject(variable) ? variable.default : undefined;
    if (typeof value !== 'string') throw new MockError(`servers: variable {${name}} in "${url}" has no default.`);
    return value;
  });
}

/** The path part of the first server (`/zstack`), or '' when the server has none. */
export function serverBasePath(doc: JsonObject): string {
  const servers = Array.isArray(doc.servers) ? doc.servers.filter(isObject) : [];
  const paths = servers.map((server) => {
    const expanded = expandServerUrl(server);
    // A relative server URL is a path on the document's host.
    const pathname = /^[a-z][a-z0-9+.-]*:\/\//i.test(expanded) ? new URL(expanded).pathname : expanded;
    return pathname.replace(/\/+$/, '');
  });
  const distinct = [...new Set(paths)];
  if (distinct.length > 1) {
    // One mock serves one layout; two base paths would need two mocks (or a choice we would hide).
    throw new MockError(`servers: the servers have different base paths (${distinct.join(', ')}); the mock needs one.`);
  }
  return distinct[0] ?? '';
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Rewrites `$ref`s into `#/paths/...` after the path keys changed. */
function rewritePathRefs(node: Json, renamed: Map<string, string>): Json {
  if (Array.isArray(node)) return node.map((item) => rewritePathRefs(item, renamed));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/paths/')) {
      const [, , encoded = '', ...rest] = value.split('/');
      const target = renamed.get(encoded);
      out[key] = target === undefined ? value : ['#', 'paths', target, ...rest].join('/');
    } else {
      out[key] = rewritePathRefs(value, renamed);
    }
  }
  return out;
}

/** Names of the apiKey-in-header security schemes whose header is `header` (case-insensitive). */
function matchingSchemes(doc: JsonObject, header: string): Set<string> {
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const names = new Set<string>();
  for (const [name, raw] of Object.entries(schemes)) {
    const scheme = resolve(doc, raw, `/components/securitySchemes/${name}`).node;
    if (
      scheme.type === 'apiKey' &&
      scheme.in === 'header' &&
      typeof scheme.name === 'string' &&
      scheme.name.toLowerCase() === header.toLowerCase()
    ) {
      names.add(name);
    }
  }
  return names;
}

function applyCredentialRule(doc: JsonObject, rule: CredentialHeaderRule): number {
  const schemes = matchingSchemes(doc, rule.header);
  if (schemes.size === 0) return 0;
  let converted = 0;
  // A path item may be a $ref to another path's item: change each operation object once.
  const changed = new Set<JsonObject>();
  for (const { operation: located, parameters: merged, security } of listBundleOperations(doc)) {
    const operation = located.node;
    if (changed.has(operation)) continue;
    changed.add(operation);
    // Only when every alternative is exactly this one scheme: anything richer stays Prism's to check.
    const onlyThisScheme =
      security.length > 0 &&
      security.every((requirement) => {
        const keys = Object.keys(requirement);
        return keys.length === 1 && schemes.has(keys[0] as string);
      });
    if (!onlyThisScheme) continue;
    const parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
    // A header parameter of that name already declared (on the operation or its path item) wins.
    const clash = merged.some(
      ({ node }) => node.in === 'header' && String(node.name).toLowerCase() === rule.header.toLowerCase(),
    );
    if (!clash) {
      operation.parameters = [
        ...parameters,
        {
          name: rule.header,
          in: 'header',
          required: true,
          description: rule.reason,
          schema: { type: 'string', pattern: rule.pattern },
        },
      ];
    }
    operation.security = [];
    converted += 1;
  }
  return converted;
}

export interface DerivedDocument {
  document: JsonObject;
  /** Path prefix every operation now carries (`/zstack`), '' for none. */
  basePath: string;
}

/**
 * Removes properties marked `x-never-sent` (listed by a vendor page, never written by the server, e.g.
 * ZStack's `success` and `error` in a 200), so dynamic mode does not invent them.
 */
function dropNeverSent(node: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) dropNeverSent(item);
    return;
  }
  if (!isObject(node)) return;
  if (isObject(node.properties)) {
    for (const [name, schema] of Object.entries(node.properties)) {
      if (isObject(schema) && schema['x-never-sent'] === true) delete node.properties[name];
    }
  }
  for (const value of Object.values(node)) dropNeverSent(value);
}

/** The Prism document for a vendor bundle (a deep copy; the bundle is not modified). */
export function deriveMockDocument(bundle: JsonObject, info: VendorInfo): DerivedDocument {
  if (typeof bundle.openapi !== 'string' || !bundle.openapi.startsWith('3.')) {
    throw new MockError(`${info.vendor}: the bundle is not an OpenAPI 3 document (no "openapi: 3.x").`);
  }
  if (!isObject(bundle.paths) || Object.keys(bundle.paths).length === 0) {
    throw new MockError(`${info.vendor}: the bundle has no paths; nothing to mock.`);
  }
  const basePath = serverBasePath(bundle);
  const doc = structuredClone(bundle) as JsonObject;

  const renamed = new Map<string, string>();
  const paths: JsonObject = {};
  for (const [route, item] of Object.entries(bundle.paths)) {
    const prefixed = `${basePath}${route}`;
    renamed.set(escapePointer(route), escapePointer(prefixed));
    paths[prefixed] = structuredClone(item);
  }
  doc.paths = paths;
  const rewritten = rewritePathRefs(doc, renamed) as JsonObject;

  const converted = info.credentialHeader ? applyCredentialRule(rewritten, info.credentialHeader) : 0;
  dropNeverSent(rewritten);

  rewritten.servers = [
    {
      url: '/',
      description: `Prism mock of ${info.vendor}: the vendor's base path${basePath ? ` (${basePath})` : ''} is part of every path.`,
    },
  ];
  // Prism's dynamic mode fills open object schemas with invented properties unless told not to.
  rewritten['x-json-schema-faker'] = {
    ...(isObject(rewritten['x-json-schema-faker']) ? rewritten['x-json-schema-faker'] : {}),
    fillProperties: false,
  };
  const infoObject = isObject(rewritten.info) ? rewritten.info : {};
  infoObject['x-backup-specs-mock'] = {
    derivedFrom: `specs/${info.vendor}/dist/openapi.json`,
    basePath,
    credentialHeaderAsParameter: converted,
  };
  rewritten.info = infoObject;
  return { document: rewritten, basePath };
}

/**
 * The document for Prism's validating proxy (live contract mode): the bundle's own paths, unprefixed,
 * because the proxy forwards to `<target><path>` and the target already holds the base path
 * (`http://host:8080/zstack`). Security stays as declared: the real server checks the credentials.
 */
export function deriveProxyDocument(bundle: JsonObject, info: VendorInfo): JsonObject {
  if (!isObject(bundle.paths) || Object.keys(bundle.paths).length === 0) {
    throw new MockError(`${info.vendor}: the bundle has no paths; nothing to check.`);
  }
  const doc = structuredClone(bundle) as JsonObject;
  doc.servers = [
    { url: '/', description: `Prism validating proxy of ${info.vendor}: the target URL holds the base path.` },
  ];
  return doc;
}
