// Printed at the end of `pnpm build`: where every build artifact is, so nobody has to search for it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readVendorApis } from './vendors.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const rel = (file: string) => path.relative(process.cwd(), file) || '.';

const lines: string[] = ['', 'Build artifacts:'];
for (const api of await readVendorApis(repoRoot)) {
  if (!existsSync(api.dist)) continue;
  const files = readdirSync(api.dist).map((name) => `${name} (${kb(statSync(path.join(api.dist, name)).size)})`);
  lines.push(`  ${api.alias.padEnd(20)} ${rel(api.dist)}/  ${files.join(', ')}`);
}
// Package outputs, once the packages that make them exist.
const outputs: Array<[string, string]> = [
  // What the package exports (declarations compiled from the generated sources in packages/types/generated).
  ['types', 'packages/types/dist'],
  ['client', 'packages/client/dist'],
  ['mock', 'packages/mock/dist'],
  ['tasks', 'packages/tasks/dist'],
  ['backup-tasks CLI', 'packages/cli/dist'],
  ['docs site', 'packages/docs/dist'],
];
for (const [label, dir] of outputs) {
  const full = path.join(repoRoot, dir);
  if (existsSync(full)) lines.push(`  ${label.padEnd(20)} ${rel(full)}/`);
}
console.log(lines.join('\n'));
