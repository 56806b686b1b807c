// Redocly's library (@redocly/openapi-core, the core the Redocly CLI is built on), in this process: one
// start-up lints and bundles every API. Problems are read as structured data (rule id, severity, file,
// line), never from human-readable text.
import path from 'node:path';
import {
  bundle,
  type Config,
  getLineColLocation,
  lint,
  lintConfig,
  loadConfig,
  type NormalizedProblem,
  YamlParseError,
} from '@redocly/openapi-core';

/** One lint problem: Redocly's own, with its first location as file and line. */
export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  /** Path relative to the working directory the lint ran for. */
  file: string;
  line: number;
  column: number;
  pointer: string;
}

export class RedoclyError extends Error {}

/** redocly.yaml, loaded with its plugins (a few tens of milliseconds: loaded per call, so an edit is always seen). */
async function redoclyConfig(configPath: string): Promise<Config> {
  const file = path.resolve(configPath);
  try {
    return await loadConfig({ configPath: file });
  } catch (error) {
    throw new RedoclyError(`${path.relative(process.cwd(), file)}: Redocly cannot load it: ${messageOf(error)}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toLintProblem(problem: NormalizedProblem, cwd: string): LintProblem {
  const location = problem.location[0];
  const start = location ? getLineColLocation(location).start : undefined;
  return {
    ruleId: problem.ruleId,
    severity: problem.severity === 'error' ? 'error' : 'warn',
    message: problem.message,
    file: location ? path.relative(cwd, location.source.absoluteRef) : '(unknown file)',
    line: start?.line ?? 1,
    column: start?.col ?? 1,
    pointer: location?.pointer ?? '#',
  };
}

/** Redocly reports problems a lint-ignore file silences as `ignored`; this repository keeps none. */
const reported = (problems: NormalizedProblem[], cwd: string) =>
  problems.filter((problem) => !problem.ignored).map((problem) => toLintProblem(problem, cwd));

/** An API alias of redocly.yaml (linted with that API's rules) or a file (linted with the root rules). */
function target(config: Config, name: string, cwd: string): { ref: string; config: Config } {
  const api = config.resolvedConfig.apis?.[name];
  if (api) return { ref: path.resolve(path.dirname(config.configPath ?? ''), api.root), config: config.forAlias(name) };
  return { ref: path.resolve(cwd, name), config };
}

/**
 * Lints the targets (API aliases or files) and returns every problem, warnings included, with the
 * configuration's own problems first. A target Redocly cannot read at all (a YAML syntax error, a missing
 * file) is a problem of that file, not an exception.
 */
export async function lintProblems(targets: string[], configPath: string, cwd: string): Promise<LintProblem[]> {
  const config = await redoclyConfig(path.resolve(cwd, configPath));
  const own = reported(await lintConfig({ config }), cwd);
  const perTarget = await Promise.all(
    targets.map(async (name) => {
      const { ref, config: apiConfig } = target(config, name, cwd);
      try {
        return reported(await lint({ ref, config: apiConfig }), cwd);
      } catch (error) {
        return [unreadable(ref, error, cwd)];
      }
    }),
  );
  return [...own, ...perTarget.flat()];
}

function unreadable(ref: string, error: unknown, cwd: string): LintProblem {
  // A YAML syntax error knows its place; a missing or unreadable file has none.
  const place = error instanceof YamlParseError ? error : undefined;
  return {
    ruleId: 'unreadable-file',
    severity: 'error',
    message: `Redocly cannot read this file: ${messageOf(error)}`,
    file: path.relative(cwd, place ? place.source.absoluteRef : ref),
    line: Number.isInteger(place?.line) ? (place?.line as number) : 1,
    column: Number.isInteger(place?.col) ? (place?.col as number) : 1,
    pointer: '#',
  };
}

// The Redocly CLI writes a bundle's top-level keys in this order (then any others as they come); the
// library leaves them as in the source. Kept so the published bundles read the same as the CLI's.
const TOP_LEVEL_ORDER = [
  'openapi',
  'info',
  'jsonSchemaDialect',
  'servers',
  'security',
  'tags',
  'externalDocs',
  'paths',
  'webhooks',
  'x-webhooks',
  'components',
];

/**
 * Bundles one API of redocly.yaml (component renaming conflicts are errors). Throws a RedoclyError with
 * every error Redocly reports, one per line, place first; returns the bundled document otherwise.
 */
export async function bundleApi(alias: string, configPath: string, cwd: string): Promise<Record<string, unknown>> {
  const config = await redoclyConfig(path.resolve(cwd, configPath));
  const { ref, config: apiConfig } = target(config, alias, cwd);
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result = await bundle({ ref, config: apiConfig, componentRenamingConflicts: 'error' });
  } catch (error) {
    throw new RedoclyError(formatProblem(unreadable(ref, error, cwd)));
  }
  const errors = reported(result.problems, cwd).filter((problem) => problem.severity === 'error');
  if (errors.length > 0) throw new RedoclyError(errors.map(formatProblem).join('\n'));
  const parsed = result.bundle.parsed as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) if (Object.hasOwn(parsed, key)) ordered[key] = parsed[key];
  return Object.assign(ordered, parsed);
}

/** `<file>:<line>:<col>  <severity>  <rule>  <message>`: the place first, so editors and terminals link it. */
export function formatProblem(problem: LintProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}  ${problem.severity}  ${problem.ruleId}  ${problem.message}  (at ${problem.pointer})`;
}
