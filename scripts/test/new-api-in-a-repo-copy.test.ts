// Issue 8's promise, run literally: in a copy of this repository (its committed and not-yet-committed files,
// a git repository of its own), `pnpm new:api acme-backup` then `pnpm build` gives the API its bundles,
// `@backup-specs/types/acme-backup`, a mock and a docs page, the suites that iterate the registry pass with
// the new API among the others, and `git status` shows only the new folder and the registry entry: nothing
// else had to be touched. (Only those suites: the rest of `pnpm test` does not see a new API, and running
// it all again in the copy doubled the suite.)
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// Set for the copy's own `pnpm test`: there this suite would copy the copy, and so on without end.
const INSIDE_A_COPY = process.env.BACKUP_SPECS_SCAFFOLD_COPY === '1';
const NAME = 'acme-backup';
const MINUTE = 60_000;

let copy: string;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cwd = copy): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    // Every failure line of the copy's run, then its last lines; the copy's vitest summaries renamed so
    // .ci/run's count of this run does not add them up again.
    const lines = `${e.stdout ?? ''}\n${e.stderr ?? ''}`.trim().split('\n');
    const failures = lines.filter((line) => /\bFAIL\b|Error:|AssertionError/.test(line)).slice(0, 40);
    const output = [...failures, '...', ...lines.slice(-30)].join('\n').replace(/\bTests(\s)/g, 'Tests_in_the_copy:$1');
    throw new Error(`\`${command} ${args.join(' ')}\` exited ${e.status} in ${copy}:\n${output}`);
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe.skipIf(INSIDE_A_COPY)(`pnpm new:api ${NAME} in a copy of the repository`, () => {
  beforeAll(async () => {
    copy = await mkdtemp(path.join(tmpdir(), 'backup-specs-scaffold-'));
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((file) => file && existsSync(path.join(repoRoot, file)));
    for (const file of files) await cp(path.join(repoRoot, file), path.join(copy, file));
    const git = ['-c', 'user.name=scaffold test', '-c', 'user.email=scaffold@test.invalid'];
    run('git', ['init', '-q', '-b', 'main']);
    run('git', ['add', '-A']);
    run('git', [...git, 'commit', '-q', '-m', 'the repository as it is']);
    // The store already holds every package (the repository itself was installed from this lockfile).
    run('pnpm', ['install', '--frozen-lockfile', '--offline']);
    run('pnpm', ['--silent', 'new:api', NAME]);
    run('pnpm', ['build']);
  }, 10 * MINUTE);

  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('bundles it into specs/<name>/dist', async () => {
    const dist = path.join(copy, 'specs', NAME, 'dist');
    for (const file of ['openapi.yaml', 'openapi.json', 'openapi.deref.json']) {
      expect(existsSync(path.join(dist, file)), file).toBe(true);
    }
    const bundle = JSON.parse(await readFile(path.join(dist, 'openapi.json'), 'utf8'));
    expect(bundle.paths['/tasks'].get.operationId).toBe('ListBackupTasks');
  });

  it('generates @backup-specs/types/<name>, resolvable from a package that depends on the types', async () => {
    const entry = path.join(copy, 'packages', 'types', 'dist', 'generated', 'entries', `${NAME}.d.ts`);
    expect(await readFile(entry, 'utf8')).toMatch(/export type \{[^}]*\bpaths\b[^}]*\}/);
    // The docs depend on the types; Node resolves the new subpath through the package's `./*` export.
    const resolved = run(
      process.execPath,
      ['--input-type=module', '-e', `console.log(import.meta.resolve('@backup-specs/types/${NAME}'))`],
      {},
      path.join(copy, 'packages', 'docs'),
    );
    expect(resolved.trim()).toMatch(new RegExp(`/packages/types/dist/generated/entries/${NAME}\\.js$`));
  });

  it(
    'serves it with pnpm mock --vendor <name>',
    async () => {
      const port = await freePort();
      const mock: ChildProcess = spawn('pnpm', ['run', 'mock', '--vendor', NAME, '--port', String(port)], {
        cwd: copy,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let output = '';
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the mock did not start:\n${output}`)), MINUTE);
          const read = (chunk: Buffer) => {
            output += chunk;
            if (output.includes(`http://127.0.0.1:${port}`)) {
              clearTimeout(timer);
              resolve();
            }
          };
          mock.stdout?.on('data', read);
          mock.stderr?.on('data', read);
          mock.once('exit', (code) => reject(new Error(`the mock exited ${code}:\n${output}`)));
        });
        const ok = await fetch(`http://127.0.0.1:${port}/v1/tasks?limit=2`);
        expect(ok.status).toBe(200);
        expect((await ok.json()).tasks.length).toBeGreaterThan(0);
        const bad = await fetch(`http://127.0.0.1:${port}/v1/tasks?limit=abc`);
        expect(bad.status).toBe(400);
      } finally {
        if (mock.pid) process.kill(-mock.pid, 'SIGTERM');
      }
    },
    2 * MINUTE,
  );

  it('gives it a docs page with openapi-fetch samples, and a row on the landing page', async () => {
    const site = path.join(copy, 'packages', 'docs', 'dist');
    expect(await readFile(path.join(site, NAME, 'index.html'), 'utf8')).toContain(
      '<strong>Acme Backup API reference</strong>',
    );
    // The page renders reference.json: the bundle with the generated code samples.
    const reference = JSON.parse(await readFile(path.join(site, NAME, 'reference.json'), 'utf8'));
    const samples = reference.paths['/tasks'].get['x-codeSamples'] as Array<{ lang: string; source: string }>;
    const typescript = samples.find((sample) => sample.lang === 'TypeScript')?.source ?? '';
    expect(typescript).toContain("import createClient from 'openapi-fetch';");
    expect(typescript).toContain(`import type { paths } from '@backup-specs/types/${NAME}';`);
    expect(samples.find((sample) => sample.lang === 'Shell')?.source).toContain('/v1/tasks?limit=10&offset=0');
    const landing = await readFile(path.join(site, 'index.html'), 'utf8');
    expect(landing).toContain(`href="${NAME}/"`);
    expect(landing).toContain('Acme Backup');
  });

  // The suites that enumerate the registry's APIs (lint, examples and bundle checks of every spec, the
  // types' entries, the mock's per-API behaviour and refusals, the docs build and its samples, no package
  // with a list of its own), run in the copy with the new API registered.
  const registrySuites: [string, string[]][] = [
    ['specs', []],
    ['packages/types', ['test/entries.test.ts']],
    [
      'packages/mock',
      ['test/server/behaviour.test.ts', 'test/server/invalid-requests.test.ts', 'test/unit/in-process.test.ts'],
    ],
    ['packages/docs', ['test/build.test.ts', 'test/curl-samples.test.ts', 'test/typescript-samples.test.ts']],
    ['scripts', ['test/registry-is-the-list.test.ts']],
  ];
  it.each(registrySuites)(
    'passes the registry-driven tests of %s, the new API included',
    (folder, files) => {
      const vitest = path.join(copy, 'node_modules', '.bin', 'vitest');
      run(vitest, ['run', ...files], { BACKUP_SPECS_SCAFFOLD_COPY: '1' }, path.join(copy, folder));
    },
    10 * MINUTE,
  );

  it('leaves only the new folder and the registry entry in git status', () => {
    const status = run('git', ['status', '--porcelain', '--untracked-files=normal']).trimEnd().split('\n');
    expect(status.sort()).toEqual([' M redocly.yaml', `?? specs/${NAME}/`]);
    const diff = run('git', ['diff', '--numstat', 'redocly.yaml']).trim();
    // Lines added, none removed: the entry is appended to the list.
    expect(diff).toMatch(/^\d+\t0\tredocly\.yaml$/);
  });
});
