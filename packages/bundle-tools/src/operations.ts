// The operations of a bundled OpenAPI document, walked one way for every package: path items and
// operations with `$ref`s followed, their JSON pointers, parameters merged as OpenAPI says (an operation's
// parameter replaces the path item's with the same name and location), and the effective security.
import { encodePointer, isObject, type JsonObject, resolve } from './json.js';

/** The HTTP methods an OpenAPI path item may hold, in the order operations are listed. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A node of the document with `$ref`s followed, and the JSON pointer where it really is. */
export interface Located {
  node: JsonObject;
  pointer: string;
}

export interface BundleOperation {
  method: HttpMethod;
  /** Path template as in the document, e.g. `/v1/cbt-task/{uuid}`. */
  path: string;
  /** The operation object and its pointer, e.g. `/paths/~1v1~1cbt-task/get`. */
  operation: Located;
  /** The path item the operation belongs to (its own `parameters` are in `parameters` below). */
  pathItem: Located;
  /** The path item's parameters not replaced by the operation's, then the operation's own, each resolved. */
  parameters: Located[];
  /** The operation's `security`, else the document's; `[]` means none. */
  security: JsonObject[];
}

function resolvedList(doc: JsonObject, raw: unknown, pointer: string): Located[] {
  return Array.isArray(raw) ? raw.map((entry, index) => resolve(doc, entry, `${pointer}/${index}`)) : [];
}

const sameParameter = (a: JsonObject, b: JsonObject) => a.name === b.name && a.in === b.in;

/** Every operation of the document, in path order and then {@link HTTP_METHODS} order. */
export function listBundleOperations(doc: JsonObject): BundleOperation[] {
  const operations: BundleOperation[] = [];
  const rootSecurity = Array.isArray(doc.security) ? doc.security.filter(isObject) : [];
  for (const [path, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const pathItem = resolve(doc, rawItem, `/paths/${encodePointer(path)}`);
    const shared = resolvedList(doc, pathItem.node.parameters, `${pathItem.pointer}/parameters`);
    for (const method of HTTP_METHODS) {
      if (!isObject(pathItem.node[method])) continue;
      const operation = resolve(doc, pathItem.node[method], `${pathItem.pointer}/${method}`);
      const own = resolvedList(doc, operation.node.parameters, `${operation.pointer}/parameters`);
      operations.push({
        method,
        path,
        operation,
        pathItem,
        parameters: [...shared.filter((p) => !own.some((o) => sameParameter(o.node, p.node))), ...own],
        security: Array.isArray(operation.node.security) ? operation.node.security.filter(isObject) : rootSecurity,
      });
    }
  }
  return operations;
}
