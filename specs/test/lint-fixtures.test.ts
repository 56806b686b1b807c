// Each folder in test/fixtures/ (but `valid`) breaks the spec in one way. The line that must be
// reported carries a `# expect: <rule>[, <rule>]` comment. Lint must fail, and its message must name
// that file and line, so a contributor can jump straight to the mistake. Problems are Redocly's structured
// ones (@redocly/openapi-core's problem objects); nothing here reads human-readable output.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProblem, lintProblems } from '@backup-specs/scripts/redocly';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));

interface Expectation {
  file: string;
  line: number;
  rules: string[];
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return name.endsWith('.yaml') ? [full] : [];
  });
}

function expectationsOf(fixture: string): Expectation[] {
  return yamlFiles(path.join(fixturesDir, fixture)).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, index) => {
        const match = /# expect: (.+)$/.exec(text);
        if (!match?.[1]) return [];
        const rules = match[1].split(',').map((rule) => rule.trim());
        return [{ file: path.relative(repoRoot, file), line: index + 1, rules }];
      }),
  );
}

async function lint(fixtures: string[]) {
  const roots = fixtures.map((fixture) => path.relative(repoRoot, path.join(fixturesDir, fixture, 'openapi.yaml')));
  const problems = await lintProblems(roots, 'redocly.yaml', repoRoot);
  return { problems, output: problems.map(formatProblem).join('\n') };
}

const broken = readdirSync(fixturesDir).filter((name) => name !== 'valid');
const fixturePath = (fixture: string) => `${path.relative(repoRoot, path.join(fixturesDir, fixture))}/`;

describe('lint fixtures', () => {
  it('has the broken-spec cases the style guide promises', () => {
    expect(broken).toEqual(
      expect.arrayContaining([
        'unresolved-ref',
        'invalid-example',
        'missing-error-response',
        'duplicate-operationId',
        'undescribed-property',
        'error-response-without-schema',
        'unused-component',
        'operationId-casing',
        'response-without-examples',
      ]),
    );
    for (const fixture of broken) expect(expectationsOf(fixture), fixture).not.toHaveLength(0);
  });

  it('passes the valid fixture with no problem at all, so failures below are caused by the one defect', async () => {
    const { problems, output } = await lint(['valid']);
    expect(problems, output).toEqual([]);
  });

  // One Redocly run for all broken fixtures (each is validated on its own); problems are told apart by file.
  let all: Awaited<ReturnType<typeof lint>>;
  beforeAll(async () => {
    all = await lint(broken);
  });

  describe.each(broken)('%s', (fixture) => {
    const result = () => ({ ...all, problems: all.problems.filter((p) => p.file.startsWith(fixturePath(fixture))) });

    it('fails lint', () => {
      expect(
        result().problems.filter((problem) => problem.severity === 'error'),
        all.output,
      ).not.toHaveLength(0);
    });

    it('names the file and line of the mistake', () => {
      const { problems, output } = result();
      for (const expectation of expectationsOf(fixture)) {
        for (const rule of expectation.rules) {
          const hit = problems.find(
            (problem) =>
              problem.file === expectation.file && problem.line === expectation.line && problem.ruleId === rule,
          );
          expect(hit, `${rule} at ${expectation.file}:${expectation.line}\n${output}`).toBeDefined();
          expect(hit?.severity).toBe('error');
          // The line a person reads starts with the place: `<file>:<line>:<col>  error  <rule>  <message>`.
          expect(output).toContain(`${expectation.file}:${expectation.line}:${hit?.column}  error  ${rule}`);
          expect(hit?.message.length).toBeGreaterThan(10);
        }
      }
    });
  });
});
