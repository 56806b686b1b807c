// The transpile-only build (scripts/src/transpile.ts, oxc-transform) emits what `tsc --noCheck` emits (the
// same files, the same syntax trees: only layout, comments and redundant parentheses may differ), and
// refuses a declaration it could only write by reading other files' types.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
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

/**
 * A file's syntax tree, one node per line (kind, and the text of names and literals), without what only
 * changes the layout: parentheses the grammar does not need, `{ a: a }` written `{ a }`, and `override` in
 * a declaration file (allowed there; tsc leaves it out).
 */
function syntaxTree(file: string, text: string): string {
  const kind = file.endsWith('.d.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const lines: string[] = [];
  const visit = (node: ts.Node, depth: number): void => {
    if (ts.isParenthesizedExpression(node) || ts.isParenthesizedTypeNode(node)) {
      visit(ts.isParenthesizedExpression(node) ? node.expression : node.type, depth);
      return;
    }
    if (node.kind === ts.SyntaxKind.OverrideKeyword) return;
    const indent = ' '.repeat(depth);
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      ts.isIdentifier(node.initializer) &&
      node.initializer.text === node.name.text
    ) {
      lines.push(`${indent}ShorthandPropertyAssignment`);
      visit(node.name, depth + 1);
      return;
    }
    let label = ts.SyntaxKind[node.kind] ?? String(node.kind);
    if (
      ts.isIdentifier(node) ||
      ts.isPrivateIdentifier(node) ||
      ts.isLiteralExpression(node) ||
      ts.isTemplateLiteralToken(node)
    ) {
      label += ` ${JSON.stringify(node.text)}`;
    }
    if (ts.isVariableDeclarationList(node))
      label += ` flags ${node.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let | ts.NodeFlags.Using)}`;
    lines.push(indent + label);
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(source, 0);
  return lines.join('\n');
}

describe('transpilePackage', () => {
  it('compares syntax trees, so a change of meaning shows', () => {
    expect(syntaxTree('a.js', 'x = (a + b) * c;')).not.toEqual(syntaxTree('a.js', 'x = a + b * c;'));
    expect(syntaxTree('a.js', 'const o = { a: a, b: (1) };')).toEqual(
      syntaxTree('a.js', 'const o = {\n  a,\n  b: 1,\n};'),
    );
    expect(syntaxTree('a.js', 'let a = 1;')).not.toEqual(syntaxTree('a.js', 'const a = 1;'));
    expect(syntaxTree('a.js', "f('x');")).not.toEqual(syntaxTree('a.js', "f('y');"));
  });

  it.each(['registry', 'bundle-tools', 'cli', 'tasks', 'mock', 'client'])(
    'emits what tsc --noCheck emits for packages/%s',
    (name) => {
      const cwd = path.join(repoRoot, 'packages', name);
      const [byTsc, byTranspile] = [path.join(scratch, `${name}-tsc`), path.join(scratch, `${name}-transpile`)];
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck', '--outDir', byTsc], { cwd });
      const written = transpilePackage(cwd, 'tsconfig.build.json', byTranspile);
      expect(written.length).toBeGreaterThanOrEqual(2);
      const [expected, actual] = [filesOf(byTsc), filesOf(byTranspile)];
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const [file, text] of Object.entries(expected)) {
        expect(syntaxTree(file, actual[file] as string), `${name}: ${file}`).toEqual(syntaxTree(file, text));
      }
    },
  );

  it('says what to change when tsconfig.build.json has no include, or a pattern in it', () => {
    const copy = path.join(scratch, 'config');
    cpSync(path.join(repoRoot, 'packages', 'registry', 'src'), path.join(copy, 'src'), { recursive: true });
    const base = path.join(repoRoot, 'tsconfig.base.json');
    const write = (include: unknown) =>
      writeFileSync(
        path.join(copy, 'tsconfig.build.json'),
        JSON.stringify({
          extends: base,
          compilerOptions: { outDir: 'dist', rootDir: 'src', isolatedDeclarations: true },
          include,
        }),
      );
    write(undefined);
    expect(() => transpilePackage(copy)).toThrow(/tsconfig\.build\.json: set include \(the source folders/);
    write(['src/**/*.ts']);
    expect(() => transpilePackage(copy)).toThrow(
      /include "src\/\*\*\/\*\.ts" is a pattern; name folders or files instead/,
    );
    write(['src']);
    expect(
      transpilePackage(copy)
        .map((file) => path.relative(copy, file))
        .sort(),
    ).toEqual(['dist/index.d.ts', 'dist/index.js']);
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
