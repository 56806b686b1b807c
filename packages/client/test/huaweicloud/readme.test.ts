// Every `ts` example of the README's "Huawei Cloud CBR and VBS" section compiles (strict, against the
// sources, with the package's own import names), so the documentation cannot drift from the API.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
const start = readme.search(/^## Huawei Cloud CBR and VBS$/m);
const rest = readme.slice(start);
const next = rest.slice(3).search(/^## /m); // the next section of the same level
const section = start < 0 ? '' : next < 0 ? rest : rest.slice(0, next + 3);
const examples = [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);

function compile(sources: string[]): string[] {
  const base = ts.parseJsonConfigFileContent(
    ts.readConfigFile(path.join(packageDir, 'tsconfig.json'), ts.sys.readFile).config,
    ts.sys,
    packageDir,
  ).options;
  const options: ts.CompilerOptions = {
    ...base,
    noEmit: true,
    baseUrl: packageDir,
    // The published names, resolved to the sources (dist may not be built when tests run).
    paths: { '@backup-specs/client': ['src/index.ts'], '@backup-specs/client/*': ['src/*/index.ts'] },
  };
  const files = new Map(sources.map((text, i) => [path.join(packageDir, 'test', `readme-example-${i + 1}.ts`), text]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, version, ...args) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile.call(host, name, version, ...args)
      : ts.createSourceFile(name, text, version, true);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && files.has(d.file.fileName))
    .map((d) => {
      const { line } = d.file?.getLineAndCharacterOfPosition(d.start ?? 0) ?? { line: 0 };
      return `${path.basename(d.file?.fileName ?? '')}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
}

describe('README: Huawei Cloud CBR and VBS', () => {
  it('has the section and its examples', () => {
    expect(start).toBeGreaterThan(-1);
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it('every example compiles', () => {
    expect(compile(examples)).toEqual([]);
  }, 60_000);

  it('the check can fail: a wrong path is reported', () => {
    const broken = examples[0]?.replace("'/v3/{project_id}/operation-logs'", "'/v3/{project_id}/operation-log'") ?? '';
    expect(broken).not.toBe(examples[0]);
    expect(compile([broken]).join('\n')).toMatch(/readme-example-1\.ts:\d+: /);
  }, 60_000);
});
