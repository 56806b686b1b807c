// JSON values of a bundled OpenAPI document, JSON pointers and local `$ref` resolution.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One JSON-pointer segment: `~1` is `/`, `~0` is `~`. */
export const decodePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');
export const encodePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows local `$ref`s from `node` (found at `pointer`); returns the target object and its JSON pointer. */
export function resolve(
  doc: JsonObject,
  node: Json | undefined,
  pointer: string,
): { node: JsonObject; pointer: string } {
  let current = node;
  let at = pointer;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops += 1) {
    if (hops > 20) throw new Error(`Reference loop at ${pointer}`);
    if (!current.$ref.startsWith('#/')) throw new Error(`Only local references are supported, got "${current.$ref}".`);
    at = current.$ref.slice(1);
    current = at
      .split('/')
      .slice(1)
      .reduce<Json | undefined>((value, key) => (isObject(value) ? value[decodePointer(key)] : undefined), doc);
  }
  if (!isObject(current)) throw new Error(`Cannot resolve ${pointer}`);
  return { node: current, pointer: at };
}
