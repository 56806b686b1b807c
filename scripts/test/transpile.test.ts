// The transpile-only build (scripts/src/transpile.ts) emits exactly what `tsc --noCheck` emits, and refuses
// a declaration it could only write by reading other files' types.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TranspileError, transpilePackage } from '../src/transpile.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'backup-specs-transpile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = readFileSync(file, 'utf8');
  }
  return out;
}

describe('transpilePackage', () => {
  it.each(['registry', 'tasks', 'mock', 'client'])('emits what tsc --noCheck emits for packages/%s', (name) => {
    const cwd = path.join(repoRoot, 'packages', name);
    const [byTsc, byTranspile] = [path.join(scratch, `${name}-tsc`), path.join(scratch, `${name}-transpile`)];
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck', '--outDir', byTsc], { cwd });
    const written = transpilePackage(cwd, 'tsconfig.build.json', byTranspile);
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(filesOf(byTranspile)).toEqual(filesOf(byTsc));
  });

  it("refuses a declaration that needs another file's types, naming the file and line", () => {
    const copy = path.join(scratch, 'inferred');
    cpSync(path.join(repoRoot, 'packages', 'registry', 'tsconfig.build.json'), path.join(copy, 'tsconfig.build.json'));
    const config = readFileSync(path.join(copy, 'tsconfig.build.json'), 'utf8').replace('../../', `${repoRoot}/`);
    writeFileSync(path.join(copy, 'tsconfig.build.json'), config);
    cpSync(path.join(repoRoot, 'packages', 'registry', 'src', 'index.ts'), path.join(copy, 'src', 'other.ts'));
    writeFileSync(
      path.join(copy, 'src', 'index.ts'),
      "import { readRegistry } from './other.js';\n\nexport const apis = readRegistry();\n",
    );
    expect(() => transpilePackage(copy)).toThrow(TranspileError);
    expect(() => transpilePackage(copy)).toThrow(
      /src\/index\.ts:3:14 {2}TS9010 {2}Variable must have an explicit type annotation/,
    );
  });
});
