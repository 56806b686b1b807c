// Which parameters a code sample shows, and with which values. Values come only from the spec's own
// examples (validated against the schemas by lint and by specs/test/examples.test.ts), so a sample never
// shows a value the API would reject; an operation's samples stay short by leaving out optional
// parameters that have no example.
import type { Json, MediaType, OperationRef, Parameter, Schema } from '../openapi.ts';

export interface SampleParameter {
  name: string;
  in: Parameter['in'];
  value: Json;
  /** form + explode (OpenAPI's default for query): an array is sent as the same key repeated. */
  explode: boolean;
}

/** The example a parameter documents; for arrays the richest one, so repeated keys (ZStack's `q`) show. */
function parameterExample(p: Parameter): Json | undefined {
  const candidates: Json[] = [];
  if (p.example !== undefined) candidates.push(p.example);
  for (const e of Object.values(p.examples ?? {})) if (e.value !== undefined) candidates.push(e.value);
  const s: Schema | undefined = p.schema;
  if (s?.example !== undefined) candidates.push(s.example);
  if (Array.isArray(s?.examples)) candidates.push(...s.examples);
  if (candidates.length === 0) return undefined;
  const arrays = candidates.filter((c): c is Json[] => Array.isArray(c));
  if (arrays.length > 0) return arrays.reduce((best, c) => (c.length > best.length ? c : best));
  return candidates[0];
}

/** A value for a required parameter without any example: its default or first enum value, else a placeholder. */
function fallbackValue(p: Parameter): Json {
  const s = p.schema;
  if (s?.default !== undefined) return s.default;
  if (s?.enum && s.enum.length > 0) return s.enum[0] as Json;
  const type = Array.isArray(s?.type) ? s.type.find((t) => t !== 'null') : s?.type;
  if (type === 'integer' || type === 'number') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [`<${p.name}>`];
  return `<${p.name}>`;
}

/** A hand-picked sample value must still be one the spec allows (its enum and pattern). */
function checkOverride(op: OperationRef, p: Parameter, value: Json): void {
  const s = p.schema;
  const bad = (why: string) =>
    new Error(`${op.operationId}: the sample value ${JSON.stringify(value)} for "${p.name}" ${why}; fix profiles.ts.`);
  if (s?.enum && !s.enum.includes(value)) throw bad(`is not in its enum ${JSON.stringify(s.enum)}`);
  if (typeof s?.pattern === 'string' && typeof value === 'string' && !new RegExp(s.pattern, 'u').test(value)) {
    throw bad(`does not match its pattern ${s.pattern}`);
  }
}

/** Headers the samples' auth code sets itself (and the client's middleware sets): never copied from the spec. */
const AUTH_HEADERS = new Set(['authorization', 'x-auth-token', 'x-sdk-date', 'x-project-id', 'x-security-token']);

export interface SampleSelection {
  /** Optional query parameters to show, when an operation has them; default: every one with an example. */
  query?: readonly string[];
  /** Values to show instead of the spec's example (by parameter name). */
  values?: Readonly<Record<string, Json>>;
}

/**
 * The parameters a sample sends: every path parameter, required query and header parameters, and the optional
 * query parameters picked by `selection`. Optional headers are left out: the ones the specs declare are the auth
 * headers (X-Sdk-Date, X-Project-Id, X-Security-Token), which each sample sets for its own auth style.
 */
export function sampleParameters(op: OperationRef, selection: SampleSelection = {}): SampleParameter[] {
  const out: SampleParameter[] = [];
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue;
    if (p.in === 'header' && AUTH_HEADERS.has(p.name.toLowerCase())) continue;
    const required = p.required === true || p.in === 'path';
    const override = selection.values?.[p.name];
    if (override !== undefined) checkOverride(op, p, override);
    const example = override ?? parameterExample(p);
    if (!required) {
      if (p.in !== 'query') continue;
      if (selection.query ? !selection.query.includes(p.name) : example === undefined) continue;
      if (example === undefined) continue;
    }
    out.push({
      name: p.name,
      in: p.in,
      value: example ?? fallbackValue(p),
      explode: p.explode ?? (p.style === undefined || p.style === 'form'),
    });
  }
  return out;
}

export interface SampleBody {
  contentType: string;
  value: Json;
}

/** The request body of the sample: the first JSON example of the operation's request body, if it has one. */
export function sampleBody(op: OperationRef): SampleBody | undefined {
  const content = op.operation.requestBody?.content ?? {};
  for (const [contentType, media] of Object.entries(content) as Array<[string, MediaType]>) {
    if (!/json/i.test(contentType)) continue;
    const value =
      media.example ??
      Object.values(media.examples ?? {}).find((e) => e.value !== undefined)?.value ??
      media.schema?.example ??
      media.schema?.examples?.[0];
    if (value !== undefined) return { contentType, value };
    if (op.operation.requestBody?.required) {
      throw new Error(
        `${op.operationId}: its required request body (${contentType}) has no example; add one to the spec so the docs can show a working call.`,
      );
    }
  }
  return undefined;
}
