// The JSON Schema (2020-12) of a BackupTask's JSON form (toJson, `backup-tasks list --json`). Built from
// the model's own constants, so the enums cannot drift from the code; `pnpm build` writes it to
// dist/backup-task.schema.json (the package's `./backup-task.schema.json` export).
import { TASK_KINDS, TASK_STATUSES, TASK_VENDORS } from './model.js';

const time = (description: string) => ({ type: ['string', 'null'], format: 'date-time', description });
const text = (description: string) => ({ type: ['string', 'null'], description });

/** A JSON Schema document (JSON values only). */
export type JsonSchema = { readonly [key: string]: unknown };

export const backupTaskSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://backup-specs.github.io/backup-specs/schemas/backup-task.schema.json',
  title: 'BackupTask',
  description:
    'One backup task of any vendor, as `backup-tasks list --json` and `show --json` print it (@backup-specs/tasks `toJson`). Every key is present; null where the vendor gives nothing.',
  type: 'object',
  additionalProperties: false,
  required: [
    'vendor',
    'kind',
    'id',
    'name',
    'operation',
    'status',
    'vendorStatus',
    'created',
    'started',
    'ended',
    'updated',
    'progress',
    'resource',
    'error',
    'raw',
  ],
  properties: {
    vendor: { description: 'The vendor API (its name in the registry, redocly.yaml).', enum: [...TASK_VENDORS] },
    kind: {
      description: 'ZStack: cbt-task, cdp-task, database-backup; CBR: operation-log; VBS: backup-job.',
      enum: [...TASK_KINDS],
    },
    id: {
      description: "The vendor's id (ZStack uuid, CBR operation log id, VBS job_id).",
      type: 'string',
      minLength: 1,
    },
    name: text("The task's name, or the backup's or resource's name (CBR)."),
    operation: text('CBR operation_type (backup, restore, ...); VBS: backup; ZStack: null.'),
    status: { description: 'The status in one closed set (README: Status mapping).', enum: [...TASK_STATUSES] },
    vendorStatus: { description: "The vendor's own status string, unchanged.", type: 'string' },
    created: time('When the task was created.'),
    started: time('When it started (CBR only).'),
    ended: time('When it ended (CBR ended_at, VBS finished_at, ZStack lastOpDate of a final status).'),
    updated: time('The last change the vendor reports (ZStack lastOpDate, CBR updated_at).'),
    progress: {
      description: '0-100 where the vendor reports it (CBR).',
      type: ['integer', 'null'],
      minimum: 0,
      maximum: 100,
    },
    resource: {
      description: 'The resource the task concerns.',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'type', 'name'],
          properties: {
            id: { type: 'string', minLength: 1 },
            type: { type: ['string', 'null'] },
            name: { type: ['string', 'null'] },
          },
        },
      ],
    },
    error: {
      description: 'Why the task failed, when the vendor says.',
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'message'],
          properties: { code: { type: ['string', 'null'] }, message: { type: 'string' } },
        },
      ],
    },
    raw: { description: "The vendor's object as received.", type: 'object' },
  },
};
