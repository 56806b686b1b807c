// The OpenAPI 3.1 document as the docs build reads it. Bundles are linted before they get here
// (operationIds, summaries and tags are guaranteed by redocly.yaml).

import { type HttpMethod, type Json, type JsonObject, listBundleOperations } from '@backup-specs/bundle-tools';
import type { OpenAPIV3_1 } from 'openapi-types';

export type { HttpMethod, Json };

// The OpenAPI 3.1 document types of openapi-types, without `$ref` alternatives: the docs read the
// dereferenced bundle (only a schema that contains itself keeps a $ref, and the docs never walk into it).
type Dereferenced<T> = T extends OpenAPIV3_1.ReferenceObject
  ? never
  : T extends Json
    ? T
    : T extends readonly (infer E)[]
      ? Dereferenced<E>[]
      : T extends object
        ? { [K in keyof T]: Dereferenced<T[K]> }
        : T;

// JSON Schema 2020-12's `examples` (an array), which openapi-types does not list on the 3.1 schema object.
export type Schema = Dereferenced<OpenAPIV3_1.SchemaObject> & { examples?: Json[] };
export type Parameter = Dereferenced<OpenAPIV3_1.ParameterObject>;
export type MediaType = Dereferenced<OpenAPIV3_1.MediaTypeObject>;
export type Server = OpenAPIV3_1.ServerObject;

/** Redocly's code-sample extension (`x-codeSamples`), which the docs build writes into each operation. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** Redocly reads code samples from `x-codeSamples` (and the older `x-code-samples`). */
type CodeSamples = { 'x-codeSamples'?: CodeSample[]; 'x-code-samples'?: CodeSample[] };
export type Operation = Dereferenced<OpenAPIV3_1.OperationObject<CodeSamples>>;
export type OpenApiDocument = Dereferenced<OpenAPIV3_1.Document<CodeSamples>>;

export interface OperationRef {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** The operation object itself (from the document it was listed from). */
  operation: Operation;
  /** Path-level parameters merged with the operation's (the operation's win), as OpenAPI specifies. */
  parameters: Parameter[];
}

/** Every operation of a document, in document order (walked by bundle-tools, as in the mock and the specs' tests). */
export function listOperations(doc: OpenApiDocument, where: string): OperationRef[] {
  return listBundleOperations(doc as unknown as JsonObject).map(({ method, path, operation: { node }, parameters }) => {
    const operation = node as unknown as Operation;
    if (!operation.operationId) {
      throw new Error(
        `${where}: ${method.toUpperCase()} ${path} has no operationId; the docs link every operation by it.`,
      );
    }
    return {
      method,
      path,
      operationId: operation.operationId,
      summary: operation.summary ?? operation.operationId,
      tags: operation.tags ?? [],
      operation,
      parameters: parameters.map((parameter) => parameter.node as unknown as Parameter),
    };
  });
}
