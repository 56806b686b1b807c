// Reads operations, parameters and named examples out of a bundle, so tests and the contract suite
// enumerate what the spec declares instead of hard-coding it (a new example or error is covered as
// soon as it is bundled).
import {
  encodePointer,
  type HttpMethod,
  isObject,
  type Json,
  type JsonObject,
  type Located,
  listBundleOperations,
  resolve,
} from '@backup-specs/bundle-tools';

export type { HttpMethod };

export interface NamedExample {
  name: string;
  value: Json;
}

export interface MediaInfo {
  mediaType: string;
  /** JSON pointer of the schema in the bundle. */
  schemaPointer: string | undefined;
  examples: NamedExample[];
}

export interface ResponseInfo {
  /** `200`, `503`, `default` */
  status: string;
  media: MediaInfo[];
}

export interface ParameterInfo {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required: boolean;
  schema: JsonObject;
  /** The parameter's `example`, else its first named example, else undefined. */
  example: Json | undefined;
  style?: string;
  explode?: boolean;
}

export interface OperationInfo {
  method: HttpMethod;
  /** Path template as in the bundle, e.g. `/v1/cbt-task/{uuid}`. */
  path: string;
  operationId: string;
  parameters: ParameterInfo[];
  /** Effective security requirements (operation, else root); `[]` means none. */
  security: JsonObject[];
  requestBody: { mediaType: string; example: Json | undefined; required: boolean } | undefined;
  responses: ResponseInfo[];
}

function namedExamples(doc: JsonObject, holder: JsonObject, pointer: string): NamedExample[] {
  const out: NamedExample[] = [];
  if (isObject(holder.examples)) {
    for (const [name, raw] of Object.entries(holder.examples)) {
      const { node } = resolve(doc, raw, `${pointer}/examples/${encodePointer(name)}`);
      if ('value' in node) out.push({ name, value: node.value as Json });
    }
  }
  return out;
}

function parameterInfo(doc: JsonObject, { node: parameter, pointer: at }: Located): ParameterInfo {
  const examples = namedExamples(doc, parameter, at);
  const schema = isObject(parameter.schema) ? resolve(doc, parameter.schema, `${at}/schema`).node : {};
  return {
    name: String(parameter.name),
    in: parameter.in as ParameterInfo['in'],
    required: parameter.required === true,
    schema,
    example: 'example' in parameter ? (parameter.example as Json) : examples[0]?.value,
    ...(typeof parameter.style === 'string' ? { style: parameter.style } : {}),
    ...(typeof parameter.explode === 'boolean' ? { explode: parameter.explode } : {}),
  };
}

export function listOperations(doc: JsonObject): OperationInfo[] {
  return listBundleOperations(doc).map(
    ({ method, path: route, operation: { node: operation, pointer: at }, parameters, security }) => {
      let requestBody: OperationInfo['requestBody'];
      if (operation.requestBody) {
        const { node: body, pointer } = resolve(doc, operation.requestBody, `${at}/requestBody`);
        const [mediaType, rawMedia] = Object.entries(isObject(body.content) ? body.content : {})[0] ?? [];
        if (mediaType) {
          const media = resolve(doc, rawMedia, `${pointer}/content/${encodePointer(mediaType)}`).node;
          const example = 'example' in media ? (media.example as Json) : namedExamples(doc, media, pointer)[0]?.value;
          requestBody = { mediaType, example, required: body.required === true };
        }
      }
      const responses: ResponseInfo[] = Object.entries(isObject(operation.responses) ? operation.responses : {}).map(
        ([status, raw]) => {
          const { node: response, pointer } = resolve(doc, raw, `${at}/responses/${status}`);
          const media = Object.entries(isObject(response.content) ? response.content : {}).map(
            ([mediaType, rawMedia]) => {
              const { node: content, pointer: mediaPointer } = resolve(
                doc,
                rawMedia,
                `${pointer}/content/${encodePointer(mediaType)}`,
              );
              return {
                mediaType,
                schemaPointer: content.schema === undefined ? undefined : `${mediaPointer}/schema`,
                examples: namedExamples(doc, content, mediaPointer),
              };
            },
          );
          return { status, media };
        },
      );
      return {
        method,
        path: route,
        operationId: typeof operation.operationId === 'string' ? operation.operationId : `${method} ${route}`,
        parameters: parameters.map((parameter) => parameterInfo(doc, parameter)),
        security,
        requestBody,
        responses,
      };
    },
  );
}

/** A value that satisfies the parameter: its example, else its schema's default, first enum value or a type-based guess. */
export function sampleValue(parameter: ParameterInfo): Json {
  if (parameter.example !== undefined) return parameter.example;
  const { schema } = parameter;
  if ('default' in schema) return schema.default as Json;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
  if (schema.type === 'integer' || schema.type === 'number')
    return typeof schema.minimum === 'number' ? schema.minimum : 1;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'array') return ['x'];
  return 'x';
}

/** The path with every `{param}` replaced by its sample value. */
export function fillPath(operation: OperationInfo, overrides: Record<string, string> = {}): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
    const value = overrides[name] ?? (parameter ? String(sampleValue(parameter)) : 'x');
    return encodeURIComponent(value);
  });
}

/** Appends a query parameter the way the spec serializes it (form style; arrays exploded unless told otherwise). */
export function appendQuery(search: URLSearchParams, parameter: ParameterInfo, value: Json): void {
  if (Array.isArray(value)) {
    if (parameter.explode === false) search.append(parameter.name, value.map(String).join(','));
    else for (const item of value) search.append(parameter.name, String(item));
  } else {
    search.append(parameter.name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
}

/** The status `Prefer: code=` must name to reach a response: itself, or for `default` one the operation does not declare. */
function concreteStatus(operation: OperationInfo, status: string): string {
  if (status !== 'default') return status;
  const declared = new Set(operation.responses.map((r) => r.status));
  const free = ['503', '502', '504', '500', '599'].find((code) => !declared.has(code));
  if (!free) throw new Error(`${operation.operationId}: no undeclared status left to reach "default"`);
  return free;
}

/** One selectable example: its operation, the declared and a concrete status, the media type. */
export interface SelectableExample {
  operation: OperationInfo;
  declared: string;
  status: string;
  mediaType: string;
  example: NamedExample;
}

/** Every (operation, status, media type, named example) of a spec: what `Prefer` must be able to select. */
export function allExamples(spec: { operations: OperationInfo[] }): SelectableExample[] {
  return spec.operations.flatMap((operation) =>
    operation.responses.flatMap((response) =>
      response.media.flatMap((media) =>
        media.examples.map((example) => ({
          operation,
          declared: response.status,
          status: concreteStatus(operation, response.status),
          mediaType: media.mediaType,
          example,
        })),
      ),
    ),
  );
}
