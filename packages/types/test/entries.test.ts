// Every registered API has a package entry, @backup-specs/types/<vendor>: its hand-written aliases (src/)
// when it has some, else the generated types alone (so a newly registered API has an entry at once).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '@backup-specs/registry';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('package entries', () => {
  it.each(readRegistry().map((api) => api.vendor))('%s has an entry, built into dist/', (vendor) => {
    const entry = readFileSync(path.join(packageDir, 'generated', 'entries', `${vendor}.ts`), 'utf8');
    const aliases = existsSync(path.join(packageDir, 'src', `${vendor}.ts`));
    expect(entry).toContain(
      aliases
        ? `export * from '../../src/${vendor}.js';`
        : `export type { components, operations, paths } from '../${vendor}.js';`,
    );
    for (const file of [`${vendor}.js`, `${vendor}.d.ts`]) {
      expect(existsSync(path.join(packageDir, 'dist', 'generated', 'entries', file)), file).toBe(true);
    }
  });
});
