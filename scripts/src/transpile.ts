// The build of a package that only needs its sources turned into JavaScript (and declarations): each file
// on its own, as `tsc --noCheck` would emit it but without building a program, by oxc-transform (the Oxc
// project's TypeScript transformer and isolated-declarations emitter, native): a package in tens of
// milliseconds, where loading TypeScript alone takes a quarter of a second. The package's
// tsconfig.build.json decides the files and options; `isolatedModules` makes the JavaScript per file,
// `isolatedDeclarations` the declarations (a declaration that would need another file's types is an error
// here, naming the file and line). Checking stays with the `typecheck` task (tsc).
//   node --import tsx ../../scripts/src/transpile.ts            (in the package folder)
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFilesMatcher, parseTsconfig } from 'get-tsconfig';
import { type OxcError, transformSync } from 'oxc-transform';

export class TranspileError extends Error {}

/** The .ts sources (not .d.ts) a tsconfig's `include` folders and files hold, less what it excludes. */
function sourcesOf(configPath: string, include: string[], matches: (file: string) => unknown): string[] {
  const base = path.dirname(configPath);
  return include.flatMap((entry) => {
    if (/[*?{}[\]]/.test(entry)) {
      throw new TranspileError(`${configPath}: include "${entry}" is a pattern; name folders or files instead.`);
    }
    const full = path.resolve(base, entry);
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { recursive: true, encoding: 'utf8' }).map((name) => path.join(full, name))
      : [full];
    return files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && matches(file)).sort();
  });
}

function describe(error: OxcError, fileName: string, text: string): string {
  const start = error.labels[0]?.start;
  const [, code, message] = /^(TS\d+): (.*)$/s.exec(error.message) ?? [undefined, 'oxc', error.message];
  const file = path.relative(process.cwd(), fileName);
  if (start === undefined) return `${file}  ${code}  ${message}`;
  const before = text.slice(0, start).split('\n');
  return `${file}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}  ${code}  ${message}`;
}

/** Emits every source file of `tsconfig` (relative to `cwd`) into its outDir (or `outDirOverride`); returns the files written. */
export function transpilePackage(cwd: string, tsconfig = 'tsconfig.build.json', outDirOverride?: string): string[] {
  const configPath = path.resolve(cwd, tsconfig);
  let config: ReturnType<typeof parseTsconfig>;
  try {
    config = parseTsconfig(configPath);
  } catch (error) {
    throw new TranspileError(`${configPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const options = config.compilerOptions ?? {};
  const base = path.dirname(configPath);
  const rootDir = options.rootDir && path.resolve(base, options.rootDir);
  const outDir = outDirOverride ?? (options.outDir && path.resolve(base, options.outDir));
  if (!outDir || !rootDir) throw new TranspileError(`${configPath}: set compilerOptions.outDir and rootDir.`);
  const javascript = options.emitDeclarationOnly !== true;
  const declarations = options.declaration === true;
  if (declarations && options.isolatedDeclarations !== true) {
    throw new TranspileError(`${configPath}: declarations are emitted file by file; set isolatedDeclarations.`);
  }
  const matches = createFilesMatcher({ config, path: configPath });
  const problems: string[] = [];
  const written: string[] = [];
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(file);
  };
  if (!config.include || config.include.length === 0) {
    throw new TranspileError(`${configPath}: set include (the source folders, e.g. ["src"]).`);
  }
  for (const fileName of sourcesOf(configPath, config.include, matches)) {
    const text = readFileSync(fileName, 'utf8');
    const out = path.join(outDir, path.relative(rootDir, fileName)).replace(/\.ts$/, '');
    const result = transformSync(fileName, text, {
      lang: 'ts',
      sourceType: 'module',
      target: (options.target ?? 'es2022').toLowerCase(),
      sourcemap: false,
      // verbatimModuleSyntax: an import stays unless it says `import type`, as tsc emits it.
      typescript: {
        onlyRemoveTypeImports: options.verbatimModuleSyntax === true,
        ...(declarations ? { declaration: { stripInternal: options.stripInternal === true } } : {}),
      },
    });
    const errors = result.errors.filter((error) => String(error.severity) === 'Error');
    if (errors.length > 0) {
      problems.push(...errors.map((error) => describe(error, fileName, text)));
      continue;
    }
    if (javascript) write(`${out}.js`, result.code);
    if (declarations) write(`${out}.d.ts`, result.declaration ?? '');
  }
  if (problems.length > 0) throw new TranspileError(problems.join('\n'));
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    transpilePackage(process.cwd(), process.argv[2]);
  } catch (error) {
    console.error(error instanceof TranspileError ? error.message : error);
    process.exit(1);
  }
}
