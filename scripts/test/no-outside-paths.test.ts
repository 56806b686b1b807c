// Facts and sources are cited inside the repository (docs/vendor-sources.md, the vendors' public URLs),
// never as a path outside it that a reader of a clone does not have.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

it('no tracked file points outside the repository', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => /\.(md|ts|js|json|ya?ml)$/.test(file) && !file.endsWith('no-outside-paths.test.ts'));
  const found = files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(path.join(repoRoot, file), 'utf8');
    } catch {
      return []; // deleted in the working tree
    }
    return [...text.matchAll(/(\.\.\/shared\/|\/work\/(shared|main)\b)/g)].map((m) => `${file}: ${m[0]}`);
  });
  expect(found).toEqual([]);
});
