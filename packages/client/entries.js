// The client's entry points, read by tsup.config.ts (what to build) and .size-limit.js (what to measure):
// one per registered API with a dedicated client (redocly.yaml x-backup-specs.client), and each helper of
// such a client that has a folder of its own (`src/<entry>/<helper>/index.ts`, e.g.
// `@backup-specs/client/zstack/date`), so that a consumer of the client alone does not load it.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '@backup-specs/registry';

const src = (relative) => fileURLToPath(new URL(`./src/${relative}`, import.meta.url));

/** Entry names of the registered APIs' clients (`zstack`, `huaweicloud-cbr`, ...). */
export const clientEntries = readRegistry().flatMap((api) => (api.client ? [api.client.entry] : []));

/** Entry names of the clients' helpers (`zstack/date`). */
export const helperEntries = clientEntries.flatMap((entry) =>
  readdirSync(src(entry), { withFileTypes: true })
    .filter((item) => item.isDirectory() && existsSync(src(`${entry}/${item.name}/index.ts`)))
    .map((item) => `${entry}/${item.name}`),
);
