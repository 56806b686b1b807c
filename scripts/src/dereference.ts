// Inline every local $ref of a bundled OpenAPI document, except a $ref that would recurse
// (a schema that contains itself, like ZStack's ErrorCode.cause): that one stays a $ref into
// `components`, which is kept, so the result is finite, valid JSON and still resolvable.
// Redocly's own `--dereferenced` refuses circular specs when writing JSON, and
// json-schema-ref-parser's `circular: "ignore"` leaves every $ref that touches a cycle in place.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function resolvePointer(doc: Json, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`Only local references can be dereferenced, got "${ref}".`);
  let node: Json = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) {
      throw new Error(`Unresolvable reference "${ref}".`);
    }
    node = (node as Record<string, Json>)[key] as Json;
  }
  return node;
}

export function dereference<T>(doc: T): T {
  const root = doc as Json;
  const walk = (node: Json, expanding: readonly string[]): Json => {
    if (Array.isArray(node)) return node.map((item) => walk(item, expanding));
    if (node === null || typeof node !== 'object') return node;
    const ref = node.$ref;
    if (typeof ref === 'string') {
      if (expanding.includes(ref)) return node; // recursion: keep the reference
      const target = walk(resolvePointer(root, ref), [...expanding, ref]);
      // OpenAPI 3.1 allows siblings of $ref (e.g. a description): they win over the target's.
      const { $ref: _ignored, ...siblings } = node;
      if (
        Object.keys(siblings).length === 0 ||
        target === null ||
        typeof target !== 'object' ||
        Array.isArray(target)
      ) {
        return target;
      }
      return { ...target, ...(walk(siblings, expanding) as Record<string, Json>) };
    }
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value, expanding);
    return out;
  };
  return walk(root, []) as T;
}
