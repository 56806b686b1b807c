// ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) over a whole bundle: any schema in it is
// addressed by its JSON pointer, and `$ref`s inside resolve against the same document.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isObject, type Json, type JsonObject } from './json.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * Specs keep objects open to fields a newer server adds, but an example (or a mock's reply) may only use
 * documented fields: this closes every plain object schema (`additionalProperties: false`) of a copy.
 * Composed schemas are left open, since a closed branch would reject its siblings' properties.
 */
export function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    // Example values and defaults are data, not schemas.
    out[key] =
      key === 'example' || key === 'examples' || key === 'value' || key === 'default' ? value : closeObjects(value);
  }
  const composed = 'allOf' in node || 'anyOf' in node || 'oneOf' in node || '$ref' in node;
  if (isObject(node.properties) && !('additionalProperties' in node) && !composed) out.additionalProperties = false;
  return out;
}

export interface BundleSchemas {
  /** The compiled schema at a JSON pointer of the bundle, e.g. `/components/schemas/OperationLog`. */
  at(pointer: string): ValidateFunction;
}

export function bundleSchemas(doc: JsonObject, options: { rejectUndocumented?: boolean } = {}): BundleSchemas {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const id = 'urn:backup-specs:bundle';
  ajv.addSchema({ ...((options.rejectUndocumented ? closeObjects(doc) : doc) as JsonObject), $id: id });
  return {
    at(pointer) {
      const validate = ajv.getSchema(`${id}#${pointer}`);
      if (!validate) throw new Error(`No schema at ${pointer}`);
      return validate;
    },
  };
}
