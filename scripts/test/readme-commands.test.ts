// Every `pnpm <name>` a README names in code must run a script. pnpm 10 hands a few names to npm instead
// (`pnpm docs` opens a browser and exits 3), so this asks pnpm itself: each named script is run in a
// throwaway project whose scripts only print their own name.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** pnpm's own commands a README may name; everything else must be a script. */
const PNPM_COMMANDS = new Set(['install', 'add', 'exec', 'dlx', 'run', 'pack', 'publish']);

interface Mention {
  readme: string;
  name: string;
}

/** `pnpm <name>` inside inline code or fenced blocks (prose and error messages such as `pnpm mock: ...` excluded). */
export function pnpmMentions(markdown: string): string[] {
  const code = [
    ...[...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((match) => match[1] ?? ''),
    ...[...markdown.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? ''),
  ];
  return code.flatMap((text) =>
    [...text.matchAll(/(?:^|[\s;&|(])pnpm ((?:run )?[a-z][\w:.-]*[\w])(?=$|[\s`'")])/gm)].map((match) =>
      (match[1] ?? '').replace(/^run /, ''),
    ),
  );
}

const readmes = execFileSync('git', ['ls-files', '*README.md', 'CONTRIBUTING.md', 'docs/*.md'], {
  cwd: repoRoot,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean);

async function scriptsOf(dir: string): Promise<Record<string, string>> {
  try {
    const manifest = JSON.parse(await readFile(path.join(repoRoot, dir, 'package.json'), 'utf8'));
    return manifest.scripts ?? {};
  } catch {
    return {};
  }
}

let mentions: Mention[] = [];
let scratch: string;
const rootScripts = () => scriptsOf('.');

beforeAll(async () => {
  for (const readme of readmes) {
    const text = await readFile(path.join(repoRoot, readme), 'utf8');
    for (const name of pnpmMentions(text)) mentions.push({ readme, name });
  }
  mentions = mentions.filter((mention) => !PNPM_COMMANDS.has(mention.name));
  scratch = await mkdtemp(path.join(tmpdir(), 'backup-specs-pnpm-names-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('pnpm commands named in the READMEs', () => {
  it('finds the commands (the extraction works)', () => {
    expect(pnpmMentions('Run `pnpm build`, then:\n```sh\npnpm test\n```\n`pnpm mock: busy` and pnpm prose')).toEqual([
      'test',
      'build',
    ]);
    expect(mentions.map((mention) => mention.name)).toEqual(expect.arrayContaining(['build', 'test', 'mock']));
  });

  it('each is a script of the root package or of the README’s own package', async () => {
    const root = await rootScripts();
    const missing: string[] = [];
    for (const { readme, name } of mentions) {
      const own = await scriptsOf(path.dirname(readme));
      if (!(name in root) && !(name in own)) missing.push(`${readme}: pnpm ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('pnpm runs each as a script, not as one of the commands it hands to npm', async () => {
    const names = [...new Set(mentions.map((mention) => mention.name))];
    const scripts = Object.fromEntries(names.map((name) => [name, `node -e "console.log('script ran: ${name}')"`]));
    // The repository's packageManager field too: whether pnpm hands a name to npm depends on it.
    const { packageManager } = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8'));
    await writeFile(
      path.join(scratch, 'package.json'),
      JSON.stringify({ name: 'names', private: true, packageManager, scripts }),
    );
    const wrong: string[] = [];
    for (const name of names) {
      // Exactly as a reader types it: pnpm picks npm pass-through by the first argument.
      const run = spawnSync('pnpm', [name], {
        cwd: scratch,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, BROWSER: 'false', npm_config_browser: 'false' },
      });
      if (!run.stdout.includes(`script ran: ${name}`))
        wrong.push(`pnpm ${name}: exit ${run.status}, ${run.stderr.trim()}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
