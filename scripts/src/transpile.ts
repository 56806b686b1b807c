// The build of a package that only needs its sources turned into JavaScript (and declarations): each file
// on its own, with TypeScript's transpileModule and transpileDeclaration, as `tsc --noCheck` would emit it
// but without building a program (no lib files, no other package's types): about 0.5 s where tsc takes 2.
// The package's tsconfig.build.json decides the files and options; `isolatedModules` makes the JavaScript
// per file, `isolatedDeclarations` the declarations (a declaration that would need another file's types is
// an error here, naming the file and line). Checking stays with the `typecheck` task.
//   tsx ../../scripts/src/transpile.ts            (in the package folder)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type TypeScript from 'typescript';

// require, not import: Node 20 scans a CommonJS module that ESM imports for its export names, and for
// TypeScript's 9 MB that scan costs ~0.4 s in every package build (require: ~0.15 s in all).
const ts: typeof TypeScript = createRequire(import.meta.url)('typescript');

export class TranspileError extends Error {}

/** Emits every source file of `tsconfig` (relative to `cwd`) into its outDir (or `outDirOverride`); returns the files written. */
export function transpilePackage(cwd: string, tsconfig = 'tsconfig.build.json', outDirOverride?: string): string[] {
  const configPath = path.resolve(cwd, tsconfig);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new TranspileError(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath));
  if (parsed.errors.length > 0) {
    throw new TranspileError(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  }
  // Every package here is "type": "module": NodeNext emits ES modules for it, which transpileModule (no
  // package.json lookup) only knows when told.
  const options = {
    ...parsed.options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const { rootDir } = options;
  const outDir = outDirOverride ?? options.outDir;
  if (!outDir || !rootDir) throw new TranspileError(`${configPath}: set compilerOptions.outDir and rootDir.`);
  const javascript = options.emitDeclarationOnly !== true;
  const declarations = options.declaration === true;
  const problems: string[] = [];
  const written: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  };
  for (const fileName of parsed.fileNames) {
    if (fileName.endsWith('.d.ts')) continue;
    const text = readFileSync(fileName, 'utf8');
    const out = path.join(outDir, path.relative(rootDir, fileName)).replace(/\.ts$/, '');
    if (javascript) {
      const js = ts.transpileModule(text, {
        compilerOptions: { ...options, sourceMap: false, isolatedDeclarations: false },
        fileName,
        reportDiagnostics: true,
      });
      for (const d of js.diagnostics ?? []) problems.push(describe(d));
      write(`${out}.js`, js.outputText);
    }
    if (declarations) {
      const dts = ts.transpileDeclaration(text, {
        compilerOptions: { ...options, declarationMap: false },
        fileName,
        reportDiagnostics: true,
      });
      for (const d of dts.diagnostics ?? []) problems.push(describe(d));
      write(`${out}.d.ts`, dts.outputText);
    }
  }
  if (problems.length > 0) throw new TranspileError(problems.join('\n'));
  return written;
}

function describe(diagnostic: TypeScript.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${path.relative(process.cwd(), diagnostic.file.fileName)}:${line + 1}:${character + 1}  TS${diagnostic.code}  ${message}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    transpilePackage(process.cwd(), process.argv[2]);
  } catch (error) {
    console.error(error instanceof TranspileError ? error.message : error);
    process.exit(1);
  }
}
