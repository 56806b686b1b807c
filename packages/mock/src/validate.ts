// Validates a response against what the bundle declares for it (status, media type, body schema) with
// ajv and JSON Schema 2020-12, the dialect of OpenAPI 3.1. Independent of Prism's own validator: the
// mock's tests check its replies with it, and the contract package checks every exchange.
import { bundleSchemas, type JsonObject } from '@backup-specs/bundle-tools';
import { listOperations, type OperationInfo } from './spec.js';

export interface ResponseValidatorOptions {
  /**
   * Reject fields the schema does not document (closes every plain object schema). Right for the
   * mocks, which only answer with examples; wrong for real servers, which add fields between releases.
   */
  rejectUndocumented?: boolean;
}

export interface ResponseToCheck {
  method: string;
  /** Path template as in the bundle (`/v1/cbt-task/{uuid}`) or a concrete path (matched against the templates). */
  path: string;
  status: number;
  contentType: string | null;
  /** The raw body text. */
  body: string;
}

export interface ResponseValidator {
  /** Readable problems; empty when the response matches the spec. */
  check(response: ResponseToCheck): string[];
  /** The operation a concrete method and path belong to. */
  findOperation(method: string, path: string): OperationInfo | undefined;
}

function templateRegex(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

export function createResponseValidator(doc: JsonObject, options: ResponseValidatorOptions = {}): ResponseValidator {
  const schemas = bundleSchemas(doc, { rejectUndocumented: options.rejectUndocumented ?? false });
  const operations = listOperations(doc).map((operation) => ({ operation, regex: templateRegex(operation.path) }));

  const findOperation = (method: string, path: string) => {
    const lower = method.toLowerCase();
    const candidates = operations.filter((entry) => entry.operation.method === lower);
    // Exact template first (`/v1/cbt-task/{uuid}` given as is), then the most literal match.
    return (
      candidates.find((entry) => entry.operation.path === path)?.operation ??
      candidates
        .filter((entry) => entry.regex.test(path))
        .sort((a, b) => (a.operation.path.match(/\{/g)?.length ?? 0) - (b.operation.path.match(/\{/g)?.length ?? 0))[0]
        ?.operation
    );
  };

  return {
    findOperation,
    check({ method, path, status, contentType, body }) {
      const operation = findOperation(method, path);
      const where = `${method.toUpperCase()} ${path}`;
      if (!operation) return [`${where}: no such operation in the spec`];
      const response =
        operation.responses.find((r) => r.status === String(status)) ??
        operation.responses.find((r) => r.status.toUpperCase() === `${String(status)[0]}XX`) ??
        operation.responses.find((r) => r.status === 'default');
      if (!response) {
        return [
          `${where}: HTTP ${status} is not a declared response (declared: ${operation.responses.map((r) => r.status).join(', ')})`,
        ];
      }
      if (response.media.length === 0)
        return body === '' ? [] : [`${where} ${status}: a body was sent but none is declared`];
      const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const media =
        response.media.find((m) => m.mediaType.toLowerCase() === mediaType) ??
        response.media.find((m) => m.mediaType.endsWith('/*') && mediaType.startsWith(m.mediaType.slice(0, -1)));
      if (!media) {
        return [
          `${where} ${status}: content-type "${contentType ?? ''}" is not declared (declared: ${response.media.map((m) => m.mediaType).join(', ')})`,
        ];
      }
      if (!media.schemaPointer) return [];
      let value: unknown = body;
      if (/json/.test(mediaType)) {
        try {
          value = JSON.parse(body);
        } catch {
          return [`${where} ${status}: the body is not valid JSON`];
        }
      }
      let validate: ReturnType<typeof schemas.at>;
      try {
        validate = schemas.at(media.schemaPointer);
      } catch {
        return [`${where} ${status}: no schema at ${media.schemaPointer}`];
      }
      if (validate(value)) return [];
      return (validate.errors ?? []).map(
        (error) =>
          `${where} ${status}: body${error.instancePath || ''} ${error.message ?? 'is invalid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
      );
    },
  };
}
