// Finds every example in a bundled OpenAPI document and validates it against its schema with ajv
// (JSON Schema 2020-12, the dialect of OpenAPI 3.1), independently of Redocly's own example check.
import {
  bundleSchemas,
  encodePointer as escapePointer,
  isObject,
  type Json,
  type JsonObject,
  listBundleOperations,
  resolve,
} from '@backup-specs/bundle-tools';
import type { ErrorObject } from 'ajv';

export interface ExampleCase {
  /** Where the example is, for people: e.g. `GET /v1/cbt-task 200 application/json QueryCbtTaskFromVendorPage`. */
  name: string;
  /** JSON pointer of the schema the example must satisfy. */
  schemaPointer: string;
  value: Json;
}

function mediaExamples(doc: JsonObject, content: Json | undefined, pointer: string, label: string): ExampleCase[] {
  if (!isObject(content)) return [];
  return Object.entries(content).flatMap(([mediaType, raw]) => {
    const { node: media, pointer: mediaPointer } = resolve(doc, raw, `${pointer}/${escapePointer(mediaType)}`);
    if (!media.schema) return [];
    const schemaPointer = `${mediaPointer}/schema`;
    const cases: ExampleCase[] = [];
    if ('example' in media)
      cases.push({ name: `${label} ${mediaType} (example)`, schemaPointer, value: media.example as Json });
    if (isObject(media.examples)) {
      for (const [exampleName, ref] of Object.entries(media.examples)) {
        const { node: example } = resolve(doc, ref, `${mediaPointer}/examples/${escapePointer(exampleName)}`);
        if ('value' in example)
          cases.push({ name: `${label} ${mediaType} ${exampleName}`, schemaPointer, value: example.value as Json });
      }
    }
    return cases;
  });
}

function parameterExamples(
  doc: JsonObject,
  parameters: Json | undefined,
  pointer: string,
  label: string,
): ExampleCase[] {
  if (!Array.isArray(parameters)) return [];
  return parameters.flatMap((raw, index) => {
    const { node: parameter, pointer: at } = resolve(doc, raw, `${pointer}/${index}`);
    if (!parameter.schema) return [];
    const name = `${label} parameter ${String(parameter.in)}.${String(parameter.name)}`;
    const cases: ExampleCase[] = [];
    if ('example' in parameter) cases.push({ name, schemaPointer: `${at}/schema`, value: parameter.example as Json });
    if (isObject(parameter.examples)) {
      for (const [exampleName, ref] of Object.entries(parameter.examples)) {
        const { node: example } = resolve(doc, ref, `${at}/examples/${escapePointer(exampleName)}`);
        if ('value' in example)
          cases.push({ name: `${name} ${exampleName}`, schemaPointer: `${at}/schema`, value: example.value as Json });
      }
    }
    return cases;
  });
}

/** Every example of every parameter, request body and response of every operation, and every schema's `examples`. */
export function collectExamples(doc: JsonObject): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const pathItems = new Set<string>();
  for (const { method, path: route, operation, pathItem } of listBundleOperations(doc)) {
    // A path item's own parameters once, not once per operation.
    if (!pathItems.has(pathItem.pointer)) {
      pathItems.add(pathItem.pointer);
      cases.push(...parameterExamples(doc, pathItem.node.parameters, `${pathItem.pointer}/parameters`, route));
    }
    const at = operation.pointer;
    const label = `${method.toUpperCase()} ${route}`;
    cases.push(...parameterExamples(doc, operation.node.parameters, `${at}/parameters`, label));
    if (operation.node.requestBody) {
      const { node: body, pointer } = resolve(doc, operation.node.requestBody, `${at}/requestBody`);
      cases.push(...mediaExamples(doc, body.content, `${pointer}/content`, `${label} request`));
    }
    for (const [status, rawResponse] of Object.entries(
      isObject(operation.node.responses) ? operation.node.responses : {},
    )) {
      const { node: response, pointer } = resolve(doc, rawResponse, `${at}/responses/${status}`);
      cases.push(...mediaExamples(doc, response.content, `${pointer}/content`, `${label} ${status}`));
    }
  }
  const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (isObject(schema) && Array.isArray(schema.examples)) {
      schema.examples.forEach((value, index) => {
        cases.push({
          name: `schema ${name} examples[${index}]`,
          schemaPointer: `/components/schemas/${escapePointer(name)}`,
          value,
        });
      });
    }
  }
  return cases;
}

export interface ExampleValidator {
  validate(example: ExampleCase): ErrorObject[];
}

/** Examples may only use documented fields, though the specs keep objects open (see closeObjects). */
export function exampleValidator(doc: JsonObject): ExampleValidator {
  const schemas = bundleSchemas(doc, { rejectUndocumented: true });
  return {
    validate(example) {
      const validate = schemas.at(example.schemaPointer);
      return validate(example.value) ? [] : (validate.errors ?? []);
    },
  };
}
