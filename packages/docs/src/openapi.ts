// The small part of an OpenAPI 3.1 document the docs build reads. Bundles are linted before they get here
// (operationIds, summaries and tags are guaranteed by redocly.yaml), so these types stay loose on purpose.

import { type HttpMethod, type Json, type JsonObject, listBundleOperations } from '@backup-specs/bundle-tools';

export type { HttpMethod, Json };

export interface Schema {
  type?: string | string[];
  enum?: Json[];
  default?: Json;
  example?: Json;
  examples?: Json[];
  items?: Schema;
  [key: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  style?: string;
  explode?: boolean;
  schema?: Schema;
  example?: Json;
  examples?: Record<string, { value?: Json; summary?: string }>;
}

export interface MediaType {
  schema?: Schema;
  example?: Json;
  examples?: Record<string, { value?: Json; summary?: string }>;
}

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  security?: Array<Record<string, string[]>>;
  'x-codeSamples'?: CodeSample[];
  [key: string]: unknown;
}

export type PathItem = { parameters?: Parameter[] } & { [method in HttpMethod]?: Operation };

export interface ServerVariable {
  default: string;
  enum?: string[];
  description?: string;
}

export interface Server {
  url: string;
  description?: string;
  variables?: Record<string, ServerVariable>;
}

export interface SecurityScheme {
  type: string;
  in?: string;
  name?: string;
  scheme?: string;
  description?: string;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; summary?: string };
  servers?: Server[];
  security?: Array<Record<string, string[]>>;
  tags?: Array<{ name: string; description?: string }>;
  paths?: Record<string, PathItem>;
  components?: { securitySchemes?: Record<string, SecurityScheme>; [key: string]: unknown };
  [key: string]: unknown;
}

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
