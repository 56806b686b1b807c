// `pnpm build`, in one process: the JavaScript and declarations (transpile-only), then the published JSON
// Schema of a task (backup-task.schema.json at the package root, so node10 resolution finds it), from the
// model's constants in the code just emitted.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transpilePackage } from '@backup-specs/scripts/transpile';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
transpilePackage(packageRoot);
const { backupTaskSchema }: typeof import('../src/schema.js') = await import(
  new URL('../dist/schema.js', import.meta.url).href
);
await writeFile(path.join(packageRoot, 'backup-task.schema.json'), JSON.stringify(backupTaskSchema, null, 2));
