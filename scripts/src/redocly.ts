// Runs the pinned Redocly CLI as a child process. Lint results are read from its structured output
// (`--format json`: rule id, severity, file, line), never from the human-readable codeframe text.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const redoclyBin = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One lint problem, as Redocly reports it in `--format json`. */
export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  /** Path relative to the working directory Redocly ran in (as Redocly reports it). */
  file: string;
  line: number;
  column: number;
  pointer: string;
}

interface JsonReport {
  problems?: Array<{
    ruleId?: string;
    severity?: string;
    message?: string;
    location?: Array<{ source?: { ref?: string }; pointer?: string; start?: { line?: number; col?: number } }>;
  }>;
}

export function redocly(args: string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [redoclyBin, ...args], {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * `redocly lint a b --format json` writes one JSON report per API, back to back (`{...}{...}`).
 * Splits that sequence into its documents by tracking nesting outside strings.
 */
export function parseJsonSequence(text: string): unknown[] {
  const documents: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) documents.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return documents;
}

export class RedoclyError extends Error {}

/** Lints the given targets (API aliases or files) and returns every problem, warnings included. */
export async function lintProblems(targets: string[], configPath: string, cwd: string): Promise<LintProblem[]> {
  const result = await redocly(['lint', ...targets, '--config', configPath, '--format', 'json'], cwd);
  let reports: JsonReport[];
  try {
    reports = parseJsonSequence(result.stdout) as JsonReport[];
  } catch {
    reports = [];
  }
  // Exit 1 with reports = problems found; anything else without a report is Redocly failing to run.
  if (reports.length === 0) {
    throw new RedoclyError(
      `redocly lint ${targets.join(' ')} gave no report (exit ${result.code}):\n${stderrWithoutNotice(result.stderr)}`,
    );
  }
  return reports.flatMap((report) =>
    (report.problems ?? []).map((problem) => {
      const location = problem.location?.[0];
      return {
        ruleId: problem.ruleId ?? 'unknown-rule',
        severity: problem.severity === 'error' ? 'error' : 'warn',
        message: problem.message ?? '',
        file: location?.source?.ref ?? '(unknown file)',
        line: location?.start?.line ?? 1,
        column: location?.start?.col ?? 1,
        pointer: location?.pointer ?? '#',
      } satisfies LintProblem;
    }),
  );
}

/** `<file>:<line>:<col>  <severity>  <rule>  <message>`: the place first, so editors and terminals link it. */
export function formatProblem(problem: LintProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}  ${problem.severity}  ${problem.ruleId}  ${problem.message}  (at ${problem.pointer})`;
}

/**
 * Redocly 2.77 writes a "Node.js 20 support is ending" notice on stderr at every run: drop that box
 * (its lines are the only ones drawn with box characters) so real failures stay readable.
 */
export function stderrWithoutNotice(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*[║╔╚]/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
