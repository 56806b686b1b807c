// The GitHub workflows are valid (action-validator, against the workflow schema) and CI runs the README's
// own commands, so the README and CI cannot drift apart.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dir = path.join(repoRoot, '.github', 'workflows');
const files = readdirSync(dir).filter((file) => file.endsWith('.yml'));
const steps = (file: string) =>
  Object.values(
    (
      parse(readFileSync(path.join(dir, file), 'utf8')) as {
        jobs: Record<string, { steps?: { run?: string; uses?: string }[] }>;
      }
    ).jobs,
  ).flatMap((job) => job.steps ?? []);

/** The Quick start's second command: the one that runs all tests. */
function readmeTestCommand(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const quickStart = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const lines = quickStart.trim().split('\n');
  expect(lines, 'the Quick start is exactly two commands').toHaveLength(2);
  return lines[1] as string;
}

describe('GitHub workflows', () => {
  it('has the CI, docs and release workflows', () => {
    expect(files.sort()).toEqual(['ci.yml', 'docs.yml', 'release.yml']);
  });

  it.each(files)('%s is a valid workflow', (file) => {
    const state = validateWorkflow(readFileSync(path.join(dir, file), 'utf8'));
    expect(state.errors).toEqual([]);
  });

  it("CI runs the README's test command on Node 20", () => {
    const ci = steps('ci.yml');
    expect(ci.map((step) => step.run)).toContain(readmeTestCommand());
    const node = ci.find((step) => step.uses?.startsWith('actions/setup-node')) as {
      with?: { 'node-version'?: number };
    };
    expect(node?.with?.['node-version']).toBe(20);
  });

  it('the docs workflow uploads the built site and deploys it to GitHub Pages', () => {
    const uses = steps('docs.yml').map((step) => step.uses ?? '');
    expect(uses.some((u) => u.startsWith('actions/upload-pages-artifact@'))).toBe(true);
    expect(uses.some((u) => u.startsWith('actions/deploy-pages@'))).toBe(true);
  });

  it('the release workflow publishes through changesets with npm provenance', () => {
    const release = parse(readFileSync(path.join(dir, 'release.yml'), 'utf8')) as {
      permissions: Record<string, string>;
      jobs: { release: { steps: { uses?: string; env?: Record<string, unknown> }[] } };
    };
    expect(release.permissions['id-token']).toBe('write');
    const changesets = release.jobs.release.steps.find((step) => step.uses?.startsWith('changesets/action@'));
    expect(changesets?.env?.NPM_CONFIG_PROVENANCE).toBe(true);
  });
});
