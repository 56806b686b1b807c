// "Every usage example in the README compiles": each ```ts block of the repository README and of this
// package's README is type-checked (strict, the package's tsconfig) as its own module, with the published
// import names resolved to the sources. A block fenced as ```ts no-check <reason> is skipped, and only
// with a reason.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmes = {
  'README.md': path.resolve(packageDir, '../../README.md'),
  'packages/client/README.md': path.join(packageDir, 'README.md'),
};

interface Block {
  readme: string;
  line: number; // 1-based line of the first code line
  info: string;
  code: string;
}

function blocks(readme: string, text: string): Block[] {
  const found: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const end = lines.findIndex(
      (line, j) => j > i && line.trim().startsWith(fence) && line.trim() === fence.padEnd(line.trim().length, fence[0]),
    );
    const close = end < 0 ? lines.length : end;
    if (/^(ts|typescript)\b/.test(info)) {
      const code = lines
        .slice(i + 1, close)
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
      found.push({ readme, line: i + 2, info: info.trim(), code: code.join('\n') });
    }
    i = close;
  }
  return found;
}

const all = Object.entries(readmes).flatMap(([name, file]) => blocks(name, readFileSync(file, 'utf8')));
const skipped = all.filter((block) => /\bno-check\b/.test(block.info));
const checked = all.filter((block) => !skipped.includes(block));

function compile(sources: Block[]): string[] {
  const base = ts.parseJsonConfigFileContent(
    ts.readConfigFile(path.join(packageDir, 'tsconfig.json'), ts.sys.readFile).config,
    ts.sys,
    packageDir,
  ).options;
  const options: ts.CompilerOptions = {
    ...base,
    noEmit: true,
    baseUrl: packageDir,
    // The published names, resolved to the sources (what tsup builds the .d.ts from).
    paths: { '@backup-specs/client': ['src/index.ts'], '@backup-specs/client/*': ['src/*/index.ts'] },
  };
  // Virtual files inside the package (type: module, so each block is an ES module with top-level await).
  const files = new Map(sources.map((block, i) => [path.join(packageDir, 'test', `readme-block-${i}.ts`), block]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name)?.code ?? readFile.call(host, name);
  host.getSourceFile = (name, version, ...rest) => {
    const block = files.get(name);
    return block
      ? ts.createSourceFile(name, block.code, version, true)
      : getSourceFile.call(host, name, version, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).flatMap((diagnostic) => {
    const block = diagnostic.file && files.get(diagnostic.file.fileName);
    if (!block || !diagnostic.file) return [];
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return [`${block.readme}:${block.line + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`];
  });
}

describe('README examples', () => {
  it('finds the examples: the ZStack and Huawei Cloud sections of the client README both have some', () => {
    const client = readFileSync(readmes['packages/client/README.md'], 'utf8');
    const section = (heading: string) => {
      const start = client.indexOf(`\n## ${heading}\n`);
      const next = client.indexOf('\n## ', start + 1);
      return start < 0 ? '' : client.slice(start, next < 0 ? undefined : next);
    };
    expect(blocks('zstack', section('ZStack Cloud')).length).toBeGreaterThanOrEqual(3);
    expect(blocks('huawei', section('Huawei Cloud CBR and VBS')).length).toBeGreaterThanOrEqual(1);
  });

  it('skips a block only with a reason after no-check', () => {
    for (const block of skipped) {
      expect(block.info, `${block.readme}:${block.line - 1}: "no-check" needs a reason`).toMatch(
        /\bno-check\s+\S.{3,}/,
      );
    }
  });

  it('every other ts block compiles', () => {
    expect(checked.length).toBeGreaterThan(0);
    console.log(
      `${checked.length} ts blocks checked (${checked.map((b) => `${b.readme}:${b.line}`).join(', ')}), ${skipped.length} skipped`,
    );
    expect(compile(checked)).toEqual([]);
  }, 120_000);

  it('the check can fail: a wrong path, parameter or import is reported at its README line', () => {
    const [first] = checked.filter((block) => block.code.includes("'/v1/cbt-task'"));
    expect(first).toBeDefined();
    const broken = { ...(first as Block), code: (first as Block).code.replace("'/v1/cbt-task'", "'/v1/cbt-tasks'") };
    const wrongImport = { ...(first as Block), code: `import { nope } from '@backup-specs/client/zstack';\nnope();` };
    const report = compile([broken, wrongImport]).join('\n');
    expect(report).toMatch(new RegExp(`${(first as Block).readme.replace(/[./]/g, '\\$&')}:\\d+: .*cbt-tasks`));
    expect(report).toMatch(/has no exported member 'nope'/);
  }, 120_000);
});
