// ZStack's query language: one condition per `q` parameter (`status=Running`, `uuid?=a,b`, `name~=db%`,
// `description is null`), `sort` as `+field`/`-field`, `fields` as one comma-separated value.
// The server (RestServer.handleQueryApi) picks the FIRST operator of a fixed list that occurs ANYWHERE
// in the condition and splits there, so a value holding another operator would be misread. The builder
// replays that rule and refuses such values instead of sending a different query.
import { ConfigurationError } from '../core/errors.js';

export type Scalar = string | number | boolean;

type Key<T> = Extract<keyof T, string>;
type Elem<V> = V extends readonly (infer E)[] ? E : V;
type Leaf = Scalar | null | undefined;

/** Field names of an inventory, plus `ref.field` for nested objects and arrays of objects (one level). */
export type FieldPath<T> = {
  [K in Key<T>]-?: NonNullable<Elem<T[K]>> extends Leaf
    ? K
    : NonNullable<Elem<T[K]>> extends object
      ? `${K}.${FieldPath1<NonNullable<Elem<T[K]>>>}`
      : K;
}[Key<T>];
type FieldPath1<T> = { [K in Key<T>]-?: NonNullable<Elem<T[K]>> extends Leaf ? K : never }[Key<T>];

// Exclude, not NonNullable: `T & {}` would collapse an open enum (`'Running' | (string & {})`) to string.
type Present<V> = Exclude<V, null | undefined>;
type FieldType<T, F extends string> = F extends `${infer A}.${infer B}`
  ? A extends Key<T>
    ? FieldType<Present<Elem<T[A]>>, B>
    : never
  : F extends Key<T>
    ? Present<Elem<T[F]>>
    : never;

/** What a condition on field F accepts: its own type (string fields also take other strings: enums grow). */
export type FieldValue<T, F extends string> = string extends keyof T
  ? Scalar // untyped builder
  : [FieldType<T, F>] extends [number]
    ? number
    : [FieldType<T, F>] extends [boolean]
      ? boolean
      : [FieldType<T, F>] extends [string]
        ? FieldType<T, F> | (string & {})
        : Scalar;

/** Condition and sort builders, typed by the inventory T (`q.of<CbtTask>()`), or untyped (`q`). */
export interface Conditions<T> {
  /** `field=value` */
  equals<F extends FieldPath<T>>(field: F, value: FieldValue<T, F>): string;
  /** `field!=value` */
  notEquals<F extends FieldPath<T>>(field: F, value: FieldValue<T, F>): string;
  /** `field?=a,b` (none of the values may contain a comma) */
  in<F extends FieldPath<T>>(field: F, values: readonly FieldValue<T, F>[]): string;
  /** `field!?=a,b` */
  notIn<F extends FieldPath<T>>(field: F, values: readonly FieldValue<T, F>[]): string;
  /** `field~=pattern`, SQL LIKE: `%` any run of characters, `_` one character. */
  like<F extends FieldPath<T>>(field: F, pattern: string): string;
  /** `field!~=pattern` */
  notLike<F extends FieldPath<T>>(field: F, pattern: string): string;
  /** `field>value` */
  gt<F extends FieldPath<T>>(field: F, value: FieldValue<T, F>): string;
  /** `field>=value` */
  gte<F extends FieldPath<T>>(field: F, value: FieldValue<T, F>): string;
  /** `field<value` */
  lt<F extends FieldPath<T>>(field: F, value: FieldValue<T, F>): string;
  /** `field<=value` */
  lte<F extends FieldPath<T>>(field: F, value: FieldValue<T, F>): string;
  /** `field is null` */
  isNull(field: FieldPath<T>): string;
  /** `field not null` */
  notNull(field: FieldPath<T>): string;
  /** `+field`: a value for `sort` (a field of the inventory itself: ZStack refuses a dotted path) */
  asc(field: FieldPath<T>): string;
  /** `-field`: a value for `sort` (a field of the inventory itself) */
  desc(field: FieldPath<T>): string;
  /** `uuid,name`: a value for `fields` */
  fields(...fields: FieldPath<T>[]): string;
}

// The server's operator list, in the order it tries them (do not reorder).
const SERVER_OPS = ['!=', '>=', '<=', '!?=', '!~=', '~=', '?=', '=', '>', '<', 'is null', 'not null'];
const FIELD = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

// The server sorts only by a field of the queried inventory itself: a dotted path is "illegal sortBy".
function sortField(field: unknown): string {
  if (checkField(field).includes('.')) {
    throw new ConfigurationError(`ZStack sorts only by a field of the inventory itself, not ${JSON.stringify(field)}.`);
  }
  return field as string;
}

function checkField(field: unknown): string {
  if (typeof field !== 'string' || !FIELD.test(field)) {
    throw new ConfigurationError(
      `ZStack query field ${JSON.stringify(field)} is not a field name (letters, digits, "_"; "." for a nested one).`,
    );
  }
  return field;
}

function text(field: string, value: unknown): string {
  if (typeof value === 'number' ? !Number.isFinite(value) : typeof value !== 'string' && typeof value !== 'boolean') {
    throw new ConfigurationError(`ZStack query value for "${field}" must be a string, a finite number or a boolean.`);
  }
  return String(value);
}

/** Builds `field<op>value` and proves the server will split it back into exactly that. */
function condition(op: string, field: unknown, value?: string): string {
  const name = checkField(field);
  if (value === undefined) return `${name} ${op}`;
  const cond = name + op + value;
  const chosen = SERVER_OPS.find((candidate) => cond.includes(candidate));
  // The server takes the first listed operator found anywhere, splits at its first occurrence and drops
  // separators repeated at the start of the value (an empty value is read as the empty string).
  if (chosen !== op || cond.indexOf(op) !== name.length || value.startsWith(op)) {
    throw new ConfigurationError(
      `ZStack would misread the condition on "${name}": its value holds "${chosen === op ? op : chosen}", an operator of the q grammar. Use another operator (like with "_" for that character).`,
    );
  }
  return cond;
}

function list(op: string, field: unknown, values: unknown): string {
  const name = checkField(field);
  if (!Array.isArray(values) || values.length === 0) {
    throw new ConfigurationError(`ZStack "${op}" on "${name}" needs a non-empty array of values.`);
  }
  const items = values.map((v) => text(name, v));
  if (items.some((item) => item === '' || item.includes(','))) {
    throw new ConfigurationError(
      `ZStack "${op}" values for "${name}" are comma-separated on the wire: a value may be neither empty nor contain ",".`,
    );
  }
  return condition(op, name, items.join(','));
}

const builder: Conditions<Record<string, Scalar>> = {
  equals: (f, v) => condition('=', f, text(f, v)),
  notEquals: (f, v) => condition('!=', f, text(f, v)),
  in: (f, vs) => list('?=', f, vs),
  notIn: (f, vs) => list('!?=', f, vs),
  like: (f, p) => condition('~=', f, text(f, p)),
  notLike: (f, p) => condition('!~=', f, text(f, p)),
  gt: (f, v) => condition('>', f, text(f, v)),
  gte: (f, v) => condition('>=', f, text(f, v)),
  lt: (f, v) => condition('<', f, text(f, v)),
  lte: (f, v) => condition('<=', f, text(f, v)),
  isNull: (f) => condition('is null', f),
  notNull: (f) => condition('not null', f),
  asc: (f) => `+${sortField(f)}`,
  desc: (f) => `-${sortField(f)}`,
  fields: (...fs) => fs.map(checkField).join(','),
};

/**
 * The query-condition builder. `q.equals('status', 'Running')` -> `status=Running`;
 * `q.of<CbtTask>()` returns the same builder typed by the inventory's field names.
 */
export const q: Conditions<Record<string, Scalar>> & { of<T>(): Conditions<T> } = {
  ...builder,
  of: <T>() => builder as unknown as Conditions<T>,
};

/** `asc('createDate')` -> `+createDate` (a `sort` value). */
export const asc: (field: string) => string = builder.asc;
/** `desc('createDate')` -> `-createDate` (a `sort` value). */
export const desc: (field: string) => string = builder.desc;

function wireValue(key: string, value: unknown): string {
  if (typeof value === 'object') {
    throw new ConfigurationError(`ZStack query parameter "${key}" must be a string, number or boolean, not an object.`);
  }
  try {
    return encodeURIComponent(String(value));
  } catch {
    // encodeURIComponent throws URIError on a lone surrogate
    throw new ConfigurationError(`ZStack query parameter "${key}" is not well-formed Unicode (lone surrogate).`);
  }
}

/**
 * openapi-fetch `querySerializer` for ZStack: arrays repeat the key (`q=a&q=b`), `fields` is ONE
 * comma-joined value, `+` travels as `%2B` (a raw `+` decodes to a space on the server).
 */
export function serializeZStackQuery(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    const name = encodeURIComponent(key);
    if (key === 'fields') {
      // Commas stay readable; each name is encoded on its own.
      const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
      if (names.length) parts.push(`${name}=${names.map((field) => wireValue(key, field)).join(',')}`);
    } else if (!Array.isArray(value)) {
      parts.push(`${name}=${wireValue(key, value)}`);
    } else {
      // The server reads only the first `sort`; a second one would be silently ignored.
      if (key === 'sort' && value.length > 1)
        throw new ConfigurationError('ZStack sorts by one field: pass one sort value.');
      for (const item of value) if (item !== undefined && item !== null) parts.push(`${name}=${wireValue(key, item)}`);
    }
  }
  return parts.join('&');
}
