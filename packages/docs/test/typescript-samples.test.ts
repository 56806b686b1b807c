// Every generated TypeScript sample is compiled (tsc, strict, the repo's base tsconfig) against the real
// @backup-specs/client package, so the docs can never show a call the client does not accept: a renamed path,
// a wrong parameter name or type, a changed factory option all fail here.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, REPO_ROOT } from '../src/paths.ts';
import { realVendors } from './support/real-site.ts';

const run = promisify(execFile);
const TSC = createRequire(path.join(REPO_ROOT, 'package.json')).resolve('typescript/bin/tsc');

interface Compiled {
  /** tsc diagnostics by sample file (relative to the temp folder). */
  errors: Map<string, string[]>;
  files: Map<string, { vendor: string; operationId: string; source: string }>;
}

// A sample that must NOT compile: proves the harness really type-checks against the client's paths.
const NEGATIVE = {
  file: 'negative/WrongPath.ts',
  source: `import { createZStackClient } from '@backup-specs/client/zstack';
const zstack = createZStackClient({ baseUrl: 'http://localhost:8080/zstack', auth: { sessionUuid: 'x' } });
await zstack.GET('/v1/no-such-path', { params: { query: { limit: 'ten' } } });
`,
};

let dir: string;
let compiled: Compiled;

beforeAll(async () => {
  const clientTypes = path.join(
    PACKAGE_DIR,
    'node_modules',
    '@backup-specs',
    'client',
    'dist',
    'types',
    'zstack',
    'index.d.ts',
  );
  if (!existsSync(clientTypes)) {
    throw new Error(
      `${clientTypes} is missing: build the client first (\`pnpm build\` at the repository root; turbo runs ^build before this package's tests).`,
    );
  }
  const vendors = await realVendors();
  await mkdir(path.join(PACKAGE_DIR, '.tmp'), { recursive: true });
  // Inside the package, so `@backup-specs/client` resolves through this package's node_modules like a user's would.
  dir = await mkdtemp(path.join(PACKAGE_DIR, '.tmp', 'ts-samples-'));
  const files: Compiled['files'] = new Map();
  for (const { bundle, decorated } of vendors) {
    for (const op of decorated.operations) {
      for (const sample of op.samples.filter((s) => s.lang === 'TypeScript')) {
        const file = `${bundle.api.vendor}/${op.operationId}.ts`;
        files.set(file, { vendor: bundle.api.vendor, operationId: op.operationId, source: sample.source });
      }
    }
  }
  for (const [file, { source }] of [...files, [NEGATIVE.file, { source: NEGATIVE.source }] as const]) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), source);
  }
  const base = path.relative(dir, path.join(REPO_ROOT, 'tsconfig.base.json')).split(path.sep).join('/');
  await writeFile(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: base, compilerOptions: { noEmit: true, declaration: false }, include: ['**/*.ts'] }),
  );
  let output = '';
  try {
    await run(process.execPath, [TSC, '-p', dir, '--pretty', 'false'], { cwd: dir });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  const errors: Compiled['errors'] = new Map();
  let last: string[] | undefined;
  for (const line of output.split('\n')) {
    const m = /^(.+?)\(\d+,\d+\): error TS\d+: /.exec(line);
    if (m) {
      const file = path
        .relative(dir, path.resolve(dir, m[1] as string))
        .split(path.sep)
        .join('/');
      last = errors.get(file) ?? [];
      errors.set(file, last);
      last.push(line);
    } else if (line.trim() && last) {
      last.push(line); // continuation of the previous diagnostic
    }
  }
  compiled = { errors, files };
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('TypeScript code samples', () => {
  it('exist for every operation of every vendor', async () => {
    const vendors = await realVendors();
    for (const { bundle } of vendors) {
      for (const op of bundle.operations) {
        expect(
          compiled.files.has(`${bundle.api.vendor}/${op.operationId}.ts`),
          `${bundle.api.alias} ${op.operationId}`,
        ).toBe(true);
      }
    }
  });

  it('all type-check against the real @backup-specs/client', () => {
    const problems = [...compiled.errors]
      .filter(([file]) => file !== NEGATIVE.file)
      .map(([file, lines]) => `${file}:\n${compiled.files.get(file)?.source ?? ''}\n--- tsc:\n${lines.join('\n')}`);
    expect(problems, problems.join('\n\n')).toEqual([]);
  });

  it('the harness catches a call the client does not accept (unknown path, wrong parameter type)', () => {
    const lines = compiled.errors.get(NEGATIVE.file) ?? [];
    expect(lines.join('\n')).toMatch(/no-such-path/);
  });
});

describe('the LogInByAccount sample', () => {
  it('runs without a session: logs in with the account and prints the session uuid', async () => {
    const entry = compiled.files.get('zstack/LogInByAccount.ts');
    expect(entry?.source).not.toContain('sessionUuid');
    const seen: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, body: JSON.parse(body || 'null') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ inventory: { uuid: 'b8b8a6c4e0c84f0f8c7f1d8a6f0e9d21', accountUuid: 'a' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const source = (entry?.source ?? '').replace('http://localhost:8080/zstack', `http://127.0.0.1:${port}/zstack`);
      const file = path.join(dir, 'zstack', 'LogInByAccount.run.ts');
      await writeFile(file, source);
      const { stdout } = await run(process.execPath, ['--import', 'tsx', file], {
        cwd: dir,
        env: { ...process.env, ZSTACK_ACCOUNT_NAME: 'admin', ZSTACK_PASSWORD: 'password' },
      });
      expect(stdout.trim()).toBe('b8b8a6c4e0c84f0f8c7f1d8a6f0e9d21');
      const digest = createHash('sha512').update('password').digest('hex');
      expect(seen).toEqual([
        {
          method: 'PUT',
          url: '/zstack/v1/accounts/login',
          body: { logInByAccount: { accountName: 'admin', password: digest } },
        },
      ]);
    } finally {
      server.close();
    }
  }, 60_000);
});
