// @ts-check
// House rules that Redocly's built-in and configurable rules cannot express.
// Loaded by redocly.yaml; Redocly CLI v2 requires plugins to be ESM.

const ERROR_STATUS = /^(4|5)(\d\d|XX)$|^default$/;

/** Every operation declares at least one error response, every error response has a body schema,
 * and at least one error body is JSON (openapi-fetch types `error` only from declared bodies), unless the
 * operation says why its server answers errors in plain text only (`x-plain-text-errors-only: <reason>`). */
function ErrorResponsesHaveSchemas() {
  return {
    Operation: {
      /** @param {any} operation @param {any} ctx */
      enter(operation, ctx) {
        const responses = operation.responses ?? {};
        const codes = Object.keys(responses).filter((code) => ERROR_STATUS.test(code));
        if (codes.length === 0) {
          ctx.report({
            message: `Operation "${operation.operationId ?? '?'}" declares no error response (4XX, 5XX or default). Reference a shared error response from components/responses.`,
            location: ctx.location.child(['responses']).key(),
          });
          return;
        }
        let jsonErrors = 0;
        for (const code of codes) {
          const resolved = ctx.resolve(responses[code]);
          const response = resolved.node ?? {};
          const content = response.content ?? {};
          const mediaTypes = Object.keys(content);
          if (mediaTypes.length === 0) {
            ctx.report({
              message: `Error response ${code} of "${operation.operationId ?? '?'}" has no content: declare its body with a schema.`,
              location: ctx.location.child(['responses', code]),
            });
            continue;
          }
          for (const mediaType of mediaTypes) {
            if (!content[mediaType]?.schema) {
              ctx.report({
                message: `Error response ${code} (${mediaType}) of "${operation.operationId ?? '?'}" has no schema.`,
                location: ctx.location.child(['responses', code]),
              });
            }
            if (/json/.test(mediaType)) jsonErrors += 1;
          }
        }
        const waiver = operation['x-plain-text-errors-only'];
        if (jsonErrors === 0 && !(typeof waiver === 'string' && waiver.trim().length > 20)) {
          ctx.report({
            message: `Operation "${operation.operationId ?? '?'}" has no JSON error response: at least one error must have an application/json schema (or, when the server truly answers errors in plain text only, say why in x-plain-text-errors-only).`,
            location: ctx.location.child(['responses']).key(),
          });
        }
      },
    },
  };
}

/** Every property of every schema says what it is. */
function PropertiesHaveDescriptions() {
  return {
    Schema: {
      /** @param {any} schema @param {any} ctx */
      enter(schema, ctx) {
        const properties = schema?.properties;
        if (!properties || typeof properties !== 'object') return;
        for (const [name, property] of Object.entries(properties)) {
          if (
            property &&
            typeof property === 'object' &&
            typeof property.description === 'string' &&
            property.description.trim()
          )
            continue;
          // A bare $ref inherits the referenced schema's description.
          if (property && typeof property === 'object' && '$ref' in property) {
            const target = ctx.resolve(property).node;
            if (target && typeof target.description === 'string' && target.description.trim()) continue;
          }
          ctx.report({
            message: `Property "${name}" has no description.`,
            location: ctx.location.child(['properties', name]).key(),
          });
        }
      },
    },
  };
}

/** Every response body (success and error) carries named examples, so docs, mocks and tests show it. */
function ResponsesHaveNamedExamples() {
  return {
    Response: {
      MediaType: {
        /** @param {any} mediaType @param {any} ctx */
        enter(mediaType, ctx) {
          const examples = mediaType.examples;
          if (!examples || typeof examples !== 'object' || Object.keys(examples).length === 0) {
            ctx.report({
              message: 'Response body has no named examples: add `examples:` with at least one named example.',
              location: ctx.location.key(),
            });
          }
        },
      },
    },
  };
}

export default function backupSpecsPlugin() {
  return {
    id: 'backup-specs',
    rules: {
      oas3: {
        'error-responses-have-schemas': ErrorResponsesHaveSchemas,
        'properties-have-descriptions': PropertiesHaveDescriptions,
        'responses-have-named-examples': ResponsesHaveNamedExamples,
      },
    },
  };
}
