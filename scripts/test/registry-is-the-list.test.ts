// redocly.yaml's `apis:` (read by packages/registry) is the one list of vendor APIs. No package may keep a
// list of its own: no array that names every API, no per-API key in a package's exports or typesVersions.
// (A test's fixture of two APIs, or a map from an API to its own behaviour such as the ZStack-specific
// contract checks, is not the list.)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistry } from '@backup-specs/registry';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const names = new Set(readRegistry(repoRoot).map((api) => api.vendor));
// Tracked and not-yet-committed files alike (a new file must not bring a list back either).
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.js', '*.cjs', '*.mjs', '*.json'],
  {
    cwd: repoRoot,
    encoding: 'utf8',
  },
)
  .split('\n')
  // Spec sources name their own API; specs/package.json is checked like every other manifest.
  .filter(
    (file) =>
      file && (!file.startsWith('specs/') || file === 'specs/package.json') && existsSync(path.join(repoRoot, file)),
  );

// A flat array literal of strings: ['a', 'b'] or ["a", "b"], over several lines too.
const STRING_ARRAY = /\[\s*(?:'[^'\n]*'|"[^"\n]*")(?:\s*,\s*(?:'[^'\n]*'|"[^"\n]*"))+\s*,?\s*\]/g;

describe('the registry is the one list of APIs', () => {
  it('finds the registered APIs', () => {
    expect(names.size).toBeGreaterThanOrEqual(2);
  });

  it('no source file holds an array naming every API', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      for (const match of text.matchAll(STRING_ARRAY)) {
        const strings = [...match[0].matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)].map((m) => m[1] ?? m[2]);
        // 'zstack', '/zstack', './zstack', 'dist/zstack.js', 'zstack@v1' all name the API.
        const listed = new Set(
          strings.flatMap((value) => (value ?? '').split(/[/.@:]+/)).filter((token) => names.has(token)),
        );
        if (listed.size === names.size) {
          const line = text.slice(0, match.index).split('\n').length;
          found.push(`${file}:${line}: ${[...listed].join(', ')}`);
        }
      }
    }
    expect(found, 'derive these from @backup-specs/registry instead').toEqual([]);
  });

  it('no package lists an API in its exports or typesVersions (subpath patterns derive them)', () => {
    const found: string[] = [];
    for (const file of files.filter((f) => f.endsWith('package.json'))) {
      const manifest = JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as {
        exports?: Record<string, unknown>;
        typesVersions?: Record<string, Record<string, unknown>>;
      };
      const keys = [
        ...Object.keys(manifest.exports ?? {}),
        ...Object.values(manifest.typesVersions ?? {}).flatMap((map) => Object.keys(map)),
      ];
      // './zstack', './zstack/openapi.json', 'zstack/*': any key segment that is an API's name.
      for (const key of keys) if (key.split('/').some((segment) => names.has(segment))) found.push(`${file}: ${key}`);
    }
    expect(found).toEqual([]);
  });
});
