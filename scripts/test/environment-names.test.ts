// Every vendor environment variable named anywhere in the repository is one of docs/environment-variables.md,
// so a reader never meets HUAWEICLOUD_AK in one README and HUAWEICLOUD_SDK_AK in another.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const table = readFileSync(path.join(repoRoot, 'docs/environment-variables.md'), 'utf8');
const documented = new Set([...table.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]));

/** Names used as environment variables: `process.env.X`, `env.X`, `env['X']`, `$X`, `${X}`, `X=` at a word start. */
export function environmentNames(text: string): string[] {
  const name = '((?:HUAWEICLOUD|ZSTACK)_[A-Z0-9_]+)';
  const patterns = [
    new RegExp(`env\\.${name}`, 'g'),
    new RegExp(`env\\[['"]${name}['"]\\]`, 'g'),
    new RegExp(`\\$\\{?${name}`, 'g'),
    new RegExp(`(?:^|[\\s\`'"(])${name}=`, 'gm'),
    new RegExp(`set\\(['"]${name}['"]\\)`, 'g'),
    new RegExp(`\`${name}\``, 'g'),
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] as string));
}

describe('environment variable names', () => {
  it('reads the table and finds names in code and prose', () => {
    expect(documented.has('HUAWEICLOUD_SDK_AK')).toBe(true);
    // Built from parts so that this file does not itself use the undocumented names it tests with.
    const [hw, zs] = ['HUAWEICLOUD', 'ZSTACK'];
    const sample = `process.env.${hw}_AK ?? ''\n${zs}_SESSION=1 pnpm x \`${zs}_X\``;
    expect(environmentNames(sample).sort()).toEqual([`${hw}_AK`, `${zs}_SESSION`, `${zs}_X`]);
  });

  it('every name used in a tracked file is documented', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\0')
      .filter((file) => /\.(ts|js|cjs|mjs|md|json|yaml|yml|sh)$|^\.ci\/run$/.test(file) && file !== 'pnpm-lock.yaml');
    const unknown = files.flatMap((file) =>
      environmentNames(readFileSync(path.join(repoRoot, file), 'utf8'))
        .filter((name) => !documented.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect([...new Set(unknown)]).toEqual([]);
  });
});
