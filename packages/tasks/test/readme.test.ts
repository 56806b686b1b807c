// Every ```ts block of this package's README compiles (strict, NodeNext) against the built package and the
// client, as a consumer's module would: written to .tmp/ inside the package, so the names resolve as
// installed (the package's own name by self-reference to dist/).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = path.join(packageDir, '.tmp', 'readme');
const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);

afterAll(() => rmSync(path.join(packageDir, '.tmp'), { recursive: true, force: true }));

it('has examples, and every one compiles', () => {
  expect(blocks.length).toBeGreaterThan(0);
  mkdirSync(scratch, { recursive: true });
  const files = blocks.map((code, index) => {
    const file = path.join(scratch, `block-${index + 1}.ts`);
    writeFileSync(file, code);
    return file;
  });
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    skipLibCheck: true,
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  expect(problems).toEqual([]);
});
