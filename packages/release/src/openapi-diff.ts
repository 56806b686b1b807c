// Classifies the changes between two dereferenced bundles of one API: what breaks a client written against
// the base (a removed operation, parameter, response or response property; a parameter or request property
// that became required; a type change; a narrowed enum or range) and what does not (additions). Works on
// openapi.deref.json, where every $ref but recursion is inlined, so schemas compare by value.
// No maintained library fits here: oasdiff is a Go program, @pb33f/openapi-changes downloads a binary when
// installed, @useoptic/optic pulls telemetry packages along. This classification is the part written here.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface Change {
  breaking: boolean;
  /** e.g. `removed-operation`, `parameter-became-required`, `enum-narrowed`. */
  kind: string;
  /** Where: `GET /v1/cbt-task query.limit`, `GET /v1/cbt-task 200 inventories[].status`. */
  where: string;
  message: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asObject = (value: Json | undefined): JsonObject => (isObject(value) ? value : {});

type Direction = 'request' | 'response';

function types(schema: JsonObject): Set<string> {
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type.map(String));
  return new Set();
}

const subset = (a: Set<string>, b: Set<string>) => [...a].every((value) => b.has(value));

/** Compares two schemas in the direction data flows: requests must keep accepting, replies keep promising. */
function compareSchemas(
  base: JsonObject,
  head: JsonObject,
  direction: Direction,
  location: string,
  out: Change[],
  seen = new Set<JsonObject>(),
  property = '',
  /** Inside an open enum (`anyOf: [{enum}, {type: string}]`): clients already accept any value. */
  open = false,
): void {
  if (seen.has(base)) return; // recursion left as a $ref cycle
  seen.add(base);
  const where = property ? `${location} ${property}` : location;
  const child = (name: string) => (property ? `${property}.${name}` : name);
  const push = (breaking: boolean, kind: string, message: string) => out.push({ breaking, kind, where, message });
  if (typeof base.$ref === 'string' || typeof head.$ref === 'string') {
    if (base.$ref !== head.$ref) push(true, 'schema-changed', `reference ${String(base.$ref)} -> ${String(head.$ref)}`);
    return;
  }
  const [baseTypes, headTypes] = [types(base), types(head)];
  if (baseTypes.size > 0 && headTypes.size > 0 && !(subset(baseTypes, headTypes) && subset(headTypes, baseTypes))) {
    // A request may widen (accept more), a reply may narrow (promise less varied data): the rest breaks.
    const breaking = direction === 'request' ? !subset(baseTypes, headTypes) : !subset(headTypes, baseTypes);
    push(breaking, 'type-changed', `type ${[...baseTypes].join('|')} -> ${[...headTypes].join('|')}`);
  }
  if (Array.isArray(base.enum) || Array.isArray(head.enum)) {
    const before = new Set((Array.isArray(base.enum) ? base.enum : []).map((v) => JSON.stringify(v)));
    const after = new Set((Array.isArray(head.enum) ? head.enum : []).map((v) => JSON.stringify(v)));
    const removed = Array.isArray(head.enum) ? [...before].filter((v) => !after.has(v)) : [];
    const added = Array.isArray(base.enum) ? [...after].filter((v) => !before.has(v)) : [];
    if (!Array.isArray(base.enum))
      push(direction === 'request', 'enum-narrowed', `now limited to ${[...after].join(', ')}`);
    if (removed.length > 0) push(direction === 'request', 'enum-narrowed', `values removed: ${removed.join(', ')}`);
    if (added.length > 0) {
      // A reply with a value the base never listed surprises a client that switched over the old list,
      // unless the enum is open (the spec already says other values may come).
      push(direction === 'response' && !open, 'enum-widened', `values added: ${added.join(', ')}`);
    }
  }
  if (direction === 'request') {
    const narrowed = (key: string, tighter: (b: number, h: number) => boolean) => {
      const [b, h] = [base[key], head[key]];
      if (typeof h === 'number' && (typeof b !== 'number' || tighter(b, h))) {
        push(true, 'range-narrowed', `${key} ${typeof b === 'number' ? b : 'none'} -> ${h}`);
      }
    };
    narrowed('minimum', (b, h) => h > b);
    narrowed('exclusiveMinimum', (b, h) => h > b);
    narrowed('minLength', (b, h) => h > b);
    narrowed('minItems', (b, h) => h > b);
    narrowed('maximum', (b, h) => h < b);
    narrowed('exclusiveMaximum', (b, h) => h < b);
    narrowed('maxLength', (b, h) => h < b);
    narrowed('maxItems', (b, h) => h < b);
    if (typeof head.pattern === 'string' && head.pattern !== base.pattern) {
      push(true, 'range-narrowed', `pattern ${String(base.pattern ?? 'none')} -> ${head.pattern}`);
    }
  }
  const baseProps = asObject(base.properties);
  const headProps = asObject(head.properties);
  const baseRequired = new Set(Array.isArray(base.required) ? base.required.map(String) : []);
  const headRequired = new Set(Array.isArray(head.required) ? head.required.map(String) : []);
  for (const [name, schema] of Object.entries(baseProps)) {
    const at = `${location} ${child(name)}`;
    if (!(name in headProps)) {
      out.push({ breaking: true, kind: `removed-${direction}-property`, where: at, message: 'property removed' });
      continue;
    }
    compareSchemas(asObject(schema), asObject(headProps[name]), direction, location, out, seen, child(name));
  }
  for (const name of Object.keys(headProps)) {
    if (name in baseProps) continue;
    const at = `${location} ${child(name)}`;
    const required = headRequired.has(name);
    out.push({
      breaking: direction === 'request' && required,
      kind: required && direction === 'request' ? 'new-required-request-property' : `added-${direction}-property`,
      where: at,
      message: required ? 'new required property' : 'property added',
    });
  }
  for (const name of headRequired) {
    if (baseRequired.has(name) || !(name in baseProps)) continue;
    const at = `${location} ${child(name)}`;
    if (direction === 'request') {
      out.push({ breaking: true, kind: 'property-became-required', where: at, message: 'became required' });
    }
  }
  for (const name of baseRequired) {
    if (headRequired.has(name) || !(name in headProps)) continue;
    const at = `${location} ${child(name)}`;
    // A reply that may now leave out a field the client relied on.
    if (direction === 'response') {
      out.push({ breaking: true, kind: 'property-became-optional', where: at, message: 'no longer always sent' });
    }
  }
  if (isObject(base.items) || isObject(head.items)) {
    compareSchemas(asObject(base.items), asObject(head.items), direction, location, out, seen, `${property}[]`);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const [b, h] = [base[key], head[key]];
    if (!Array.isArray(b) && !Array.isArray(h)) continue;
    const [bl, hl] = [Array.isArray(b) ? b : [], Array.isArray(h) ? h : []];
    const openEnum = (list: Json[]) =>
      key === 'anyOf' && list.some((alt) => isObject(alt) && alt.type === 'string' && alt.enum === undefined);
    for (let i = 0; i < Math.max(bl.length, hl.length); i += 1) {
      if (bl[i] === undefined || hl[i] === undefined) {
        // An alternative added to a request widens it; removed (or any change to a reply's) may break.
        const added = bl[i] === undefined;
        push(!(added && direction === 'request'), 'schema-changed', `${key}[${i}] ${added ? 'added' : 'removed'}`);
        continue;
      }
      const isOpen = open || (openEnum(bl) && openEnum(hl));
      compareSchemas(
        asObject(bl[i]),
        asObject(hl[i]),
        direction,
        location,
        out,
        seen,
        `${property}(${key}[${i}])`,
        isOpen,
      );
    }
  }
}

interface Operation {
  key: string;
  operationId: string;
  node: JsonObject;
  parameters: Map<string, JsonObject>;
}

function operations(doc: JsonObject): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [route, rawItem] of Object.entries(asObject(doc.paths))) {
    const item = asObject(rawItem);
    const shared = Array.isArray(item.parameters) ? item.parameters.filter(isObject) : [];
    for (const method of METHODS) {
      const node = item[method];
      if (!isObject(node)) continue;
      const parameters = new Map<string, JsonObject>();
      const own = Array.isArray(node.parameters) ? node.parameters.filter(isObject) : [];
      for (const parameter of [...shared, ...own]) {
        // Header names are case-insensitive; the rest are not.
        const name = parameter.in === 'header' ? String(parameter.name).toLowerCase() : String(parameter.name);
        parameters.set(`${String(parameter.in)}.${name}`, parameter);
      }
      const key = `${method.toUpperCase()} ${route}`;
      out.set(key, { key, operationId: String(node.operationId ?? key), node, parameters });
    }
  }
  return out;
}

function mediaSchemas(node: JsonObject): Map<string, JsonObject> {
  return new Map(
    Object.entries(asObject(node.content)).map(([type, media]) => [type, asObject(asObject(media).schema)]),
  );
}

/** Every change from `base` to `head` (two dereferenced bundles of one API), breaking ones first. */
export function diffDocuments(base: JsonObject, head: JsonObject): Change[] {
  const out: Change[] = [];
  const [before, after] = [operations(base), operations(head)];
  for (const [key, op] of before) {
    const next = after.get(key);
    if (!next) {
      out.push({ breaking: true, kind: 'removed-operation', where: key, message: `${op.operationId} removed` });
      continue;
    }
    for (const [name, parameter] of op.parameters) {
      const where = `${key} ${name}`;
      const now = next.parameters.get(name);
      if (!now) {
        out.push({ breaking: true, kind: 'removed-parameter', where, message: 'parameter removed' });
        continue;
      }
      if (now.required === true && parameter.required !== true) {
        out.push({ breaking: true, kind: 'parameter-became-required', where, message: 'became required' });
      }
      compareSchemas(asObject(parameter.schema), asObject(now.schema), 'request', where, out);
    }
    for (const [name, parameter] of next.parameters) {
      if (op.parameters.has(name)) continue;
      const required = parameter.required === true;
      out.push({
        breaking: required,
        kind: required ? 'new-required-parameter' : 'added-parameter',
        where: `${key} ${name}`,
        message: required ? 'new required parameter' : 'parameter added',
      });
    }
    const [baseBody, headBody] = [asObject(op.node.requestBody), asObject(next.node.requestBody)];
    if (headBody.required === true && baseBody.required !== true && Object.keys(baseBody).length > 0) {
      out.push({
        breaking: true,
        kind: 'request-body-became-required',
        where: `${key} body`,
        message: 'became required',
      });
    }
    for (const [type, schema] of mediaSchemas(baseBody)) {
      const now = mediaSchemas(headBody).get(type);
      if (!now) {
        out.push({
          breaking: true,
          kind: 'removed-request-media-type',
          where: `${key} body`,
          message: `${type} no longer accepted`,
        });
        continue;
      }
      compareSchemas(schema, now, 'request', `${key} body`, out);
    }
    const [baseResponses, headResponses] = [asObject(op.node.responses), asObject(next.node.responses)];
    for (const [status, response] of Object.entries(baseResponses)) {
      const where = `${key} ${status}`;
      const now = headResponses[status];
      if (!isObject(now)) {
        out.push({ breaking: true, kind: 'removed-response', where, message: `response ${status} removed` });
        continue;
      }
      for (const [type, schema] of mediaSchemas(asObject(response))) {
        const headSchema = mediaSchemas(now).get(type);
        if (!headSchema) {
          out.push({ breaking: true, kind: 'removed-response-media-type', where, message: `${type} no longer sent` });
          continue;
        }
        compareSchemas(schema, headSchema, 'response', where, out);
      }
    }
    for (const status of Object.keys(headResponses)) {
      if (!(status in baseResponses)) {
        out.push({
          breaking: false,
          kind: 'added-response',
          where: `${key} ${status}`,
          message: `response ${status} added`,
        });
      }
    }
  }
  for (const [key, op] of after) {
    if (!before.has(key)) {
      out.push({ breaking: false, kind: 'added-operation', where: key, message: `${op.operationId} added` });
    }
  }
  return out.sort((a, b) => Number(b.breaking) - Number(a.breaking));
}
