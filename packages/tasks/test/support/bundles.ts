// The bundled specs (build output of @backup-specs/specs): their enums and examples drive these tests, so
// a status or example added to a spec is covered without editing a list here.
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

interface Bundle {
  components: { schemas: Record<string, { enum?: string[] }>; examples: Record<string, { value: unknown }> };
}

const bundle = (api: string): Bundle => require(`@backup-specs/specs/${api}/openapi.json`) as Bundle;

export function enumOf(api: string, schemaName: string): string[] {
  const values = bundle(api).components.schemas[schemaName]?.enum;
  if (!values) throw new Error(`${api} has no enum schema ${schemaName}`);
  return values;
}

/** Every example value of the bundle whose value has `key` as a list. */
export function exampleItems(api: string, key: string): { name: string; items: unknown[] }[] {
  return Object.entries(bundle(api).components.examples)
    .map(([name, example]) => ({ name, value: example.value as Record<string, unknown> }))
    .filter(({ value }) => value && Array.isArray(value[key]))
    .map(({ name, value }) => ({ name, items: value[key] as unknown[] }));
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
(addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
// The schema file as published (`@backup-specs/tasks/backup-task.schema.json`, written by the build).
export const validateTask: ValidateFunction = ajv.compile(
  require('@backup-specs/tasks/backup-task.schema.json') as object,
);
