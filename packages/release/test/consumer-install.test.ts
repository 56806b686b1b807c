// The published packages as a consumer gets them: every publishable workspace package is packed (`pnpm pack`,
// which turns workspace:* into versions), the tarballs are installed with npm into a project outside the
// workspace (no link into it), and used there: ESM and CommonJS imports of every subpath, tsc under three
// module resolutions, the README's client examples, the mock with a client call against each API, the
// mock's bin answering a vendor-page curl call, and publint and attw on every tarball.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { listBundleOperations } from '@backup-specs/bundle-tools';
import { readRegistry } from '@backup-specs/registry';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarballs, packAll, publishablePackages } from '../src/consumer.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const TSC = createRequire(path.join(repoRoot, 'package.json')).resolve('typescript/bin/tsc');
const MINUTE = 60_000;
const registry = readRegistry(repoRoot);

const publishable = publishablePackages(repoRoot);

let work: string;
let project: string;
const tarballs = new Map<string, string>();

function run(command: string, args: string[], cwd = project, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...env } });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`\`${command} ${args.join(' ')}\` exited ${e.status}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Every subpath an installed package exports, its `*` patterns expanded from the files it ships. */
function subpaths(pkgDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  // The declared types name only real entries (a `./*` pattern's JavaScript target also matches shared chunks).
  const target = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const conditions = value as Record<string, unknown>;
      return target(conditions.import ?? conditions.types ?? conditions.default);
    }
    return undefined;
  };
  const typesFirst = (value: unknown): string | undefined => {
    if (value && typeof value === 'object') {
      const conditions = value as Record<string, unknown>;
      const nested = conditions.import;
      if (nested && typeof nested === 'object') return typesFirst(nested);
      if (typeof conditions.types === 'string') return conditions.types;
    }
    return target(value);
  };
  const out: string[] = [];
  // A subpath exported as null is excluded from the patterns.
  const blocked = new Set(
    Object.entries(manifest.exports)
      .filter(([, value]) => value === null)
      .map(([key]) => `${manifest.name}/${key.slice(2)}`),
  );
  for (const [key, value] of Object.entries(manifest.exports)) {
    if (key === './package.json' || value === null) continue;
    const file = key.includes('*') ? typesFirst(value) : target(value);
    if (!file) continue;
    if (!key.includes('*')) {
      out.push(key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`);
      continue;
    }
    // The files that match the pattern's target give the values of `*`.
    const [before = '', after = ''] = file.slice(2).split('*');
    const matches = readdirSync(path.join(pkgDir, path.dirname(before) || '.'), { recursive: true })
      .map((entry) => path.posix.join(path.dirname(before) === '.' ? '' : path.dirname(before), String(entry)))
      .filter(
        (entry) => entry.startsWith(before) && entry.endsWith(after) && entry.length > before.length + after.length,
      )
      .map((entry) => entry.slice(before.length, entry.length - after.length))
      .filter((star) => !star.includes('/') || key.split('*')[1]?.startsWith('/'));
    for (const star of matches) out.push(`${manifest.name}/${key.slice(2).replace('*', star)}`);
  }
  return out.filter((specifier) => !blocked.has(specifier)).sort();
}

const installed = (name: string) => path.join(project, 'node_modules', ...name.split('/'));

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'backup-specs-consumer-'));
  project = path.join(work, 'project');
  await mkdir(path.join(work, 'tarballs'), { recursive: true });
  await mkdir(project, { recursive: true });
  for (const [name, tarball] of packAll(publishable, path.join(work, 'tarballs'))) tarballs.set(name, tarball);
  await installTarballs(repoRoot, project, tarballs.values());
}, 10 * MINUTE);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the packed packages, installed with npm outside the workspace', () => {
  it('packs every publishable package, and only what consumers need', () => {
    expect([...tarballs.keys()].sort()).toEqual(publishable.map((pkg) => pkg.name).sort());
    for (const [name, tarball] of tarballs) {
      const files = run('tar', ['-tzf', tarball], work)
        .split('\n')
        .filter(Boolean)
        .map((file) => file.replace(/^package\//, ''));
      expect(files, name).toContain('LICENSE');
      expect(files, name).toContain('package.json');
      // No sources, tests, benchmarks, turbo logs or build-machine paths.
      expect(
        files.filter((file) => /^(src|test|bench|scripts)\/|\.turbo|tsconfig|vitest\.config|\.map$/.test(file)),
        name,
      ).toEqual([]);
    }
  });

  it('installs real copies: nothing links back into the workspace', () => {
    for (const name of tarballs.keys()) {
      const dir = installed(name);
      expect(lstatSync(dir).isSymbolicLink(), name).toBe(false);
      expect(realpathSync(dir).startsWith(repoRoot), name).toBe(false);
    }
  });

  it('imports every subpath with ESM import and CommonJS require (the YAML bundles resolve to files)', () => {
    const specifiers = [...tarballs.keys()].flatMap((name) => subpaths(installed(name)));
    expect(specifiers).toEqual(expect.arrayContaining(registry.map((api) => `@backup-specs/types/${api.vendor}`)));
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const specifiers = ${JSON.stringify(specifiers)};
      const { readFileSync } = await import('node:fs');
      const { fileURLToPath } = await import('node:url');
      for (const specifier of specifiers) {
        if (specifier.endsWith('.yaml')) {
          // Not a module: resolved by both loaders and read as a file.
          const esmPath = fileURLToPath(import.meta.resolve(specifier));
          if (esmPath !== require.resolve(specifier) || !readFileSync(esmPath, 'utf8').startsWith('openapi: '))
            throw new Error('not an OpenAPI document: ' + specifier);
          continue;
        }
        const json = specifier.endsWith('.json');
        const esm = json ? await import(specifier, { with: { type: 'json' } }) : await import(specifier);
        const cjs = require(specifier);
        if (!esm || !cjs) throw new Error('nothing exported by ' + specifier);
      }
      console.log(specifiers.length);
    `;
    expect(Number(run(process.execPath, ['--input-type=module', '-e', script]).trim())).toBe(specifiers.length);
  });

  it('carries the API version and spec revision, readable at run time', async () => {
    for (const api of registry) {
      const bundle = JSON.parse(await readFile(path.join(api.dist, 'openapi.json'), 'utf8'));
      const script = `import { apiInfo } from '@backup-specs/types/${api.vendor}'; console.log(JSON.stringify(apiInfo));`;
      const info = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script]));
      expect(info).toMatchObject({ api: api.alias, version: bundle.info.version });
      expect(info.revision).toMatch(/^sha256-[0-9a-f]{16}$/);
      if (api.client) {
        const client = `import { apiInfo } from '@backup-specs/client/${api.client.entry}'; console.log(JSON.stringify(apiInfo));`;
        expect(JSON.parse(run(process.execPath, ['--input-type=module', '-e', client]))).toEqual(info);
      }
    }
  });

  it.each([
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
    ['node10', { module: 'commonjs', moduleResolution: 'node10' }],
  ])(
    'type-checks with tsc under %s resolution',
    async (name, options) => {
      const dir = path.join(project, `tsc-${name}`);
      await mkdir(dir, { recursive: true });
      const clients = registry.flatMap((api) => (api.client ? [api.client] : []));
      const source = [
        ...clients.map((c) => `import { ${c.factory} } from '@backup-specs/client/${c.entry}';`),
        ...registry.map((api, i) => `import type { paths as Paths${i} } from '@backup-specs/types/${api.vendor}';`),
        "import { startMock, createResponseValidator } from '@backup-specs/mock';",
        "import { createMockFetch } from '@backup-specs/mock/in-process';",
        "import { listBundleOperations } from '@backup-specs/bundle-tools';",
        ...clients.map((c) => `export const ${c.variable}Factory: typeof ${c.factory} = ${c.factory};`),
        ...registry.map((_, i) => `export type P${i} = keyof Paths${i};`),
        'export const used = [startMock, createResponseValidator, createMockFetch, listBundleOperations];',
      ].join('\n');
      await writeFile(path.join(dir, 'check.ts'), source);
      await writeFile(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            ...options,
            strict: true,
            noEmit: true,
            target: 'es2022',
            skipLibCheck: false,
            types: ['node'],
          },
          files: ['check.ts'],
        }),
      );
      run(process.execPath, [TSC, '-p', dir, '--pretty', 'false']);
    },
    MINUTE,
  );

  it(
    "compiles the READMEs' client examples against the installed packages",
    async () => {
      // The repository README's and the client README's examples, as a consumer copies them.
      const readme = [
        await readFile(path.join(repoRoot, 'README.md'), 'utf8'),
        await readFile(path.join(repoRoot, 'packages', 'client', 'README.md'), 'utf8'),
      ].join('\n');
      const blocks = [...readme.matchAll(/^```ts(?: (.*))?\n([\s\S]*?)^```/gm)].filter(
        ([, info]) => !/\bno-check\b/.test(info ?? ''),
      );
      expect(blocks.length).toBeGreaterThan(3);
      const dir = path.join(project, 'readme');
      await mkdir(dir, { recursive: true });
      for (const [index, [, , code]] of blocks.entries()) {
        await writeFile(path.join(dir, `example-${index}.ts`), `${code}\nexport {};\n`);
      }
      await writeFile(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            noEmit: true,
            target: 'es2022',
            lib: ['es2022', 'dom'],
            types: ['node'],
            noUnusedLocals: false,
          },
          include: ['*.ts'],
        }),
      );
      run(process.execPath, [TSC, '-p', dir, '--pretty', 'false']);
    },
    MINUTE,
  );

  it(
    'startMock() and createMockFetch() answer a client call for each API with a dedicated client',
    async () => {
      const calls = registry.flatMap((api) => {
        if (!api.client) return [];
        const bundle = JSON.parse(readFileSync(path.join(api.dist, 'openapi.json'), 'utf8'));
        const first = listBundleOperations(bundle).find((op) => op.method === 'get' && op.security.length > 0);
        if (!first) return [];
        // Path parameters from their examples (the project id, a policy id...).
        const route = first.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
          const parameter = first.parameters.find((p) => p.node.in === 'path' && p.node.name === name)?.node;
          return encodeURIComponent(String(parameter?.example ?? 'x'));
        });
        const projectId = /\/([0-9a-f]{32})\//.exec(route)?.[1] ?? '0123456789abcdef0123456789abcdef';
        return [{ vendor: api.vendor, auth: api.auth, ...api.client, route, projectId }];
      });
      expect(calls.length).toBe(registry.filter((api) => api.client).length);
      const script = `
      import { startMock } from '@backup-specs/mock';
      import { createMockFetch } from '@backup-specs/mock/in-process';
      const calls = ${JSON.stringify(calls)};
      for (const call of calls) {
        const { [call.factory]: create } = await import('@backup-specs/client/' + call.entry);
        const auth = call.auth === 'zstack' ? { sessionUuid: '7d8a4ecd4dd04b71a0c8d02d6ec25c5a' } : { token: 'consumer-token' };
        const mock = await startMock({ vendor: call.vendor });
        try {
          for (const [how, options] of [
            ['startMock', { baseUrl: mock.url }],
            ['createMockFetch', { baseUrl: mock.url.replace(/^http:\\/\\/[^/]+/, 'http://mock.test'), fetch: createMockFetch(call.vendor) }],
          ]) {
            const client = create({ ...options, auth, projectId: call.projectId });
            const { data, error, response } = await client.GET(call.route);
            if (!response.ok || error || !data) throw new Error(call.vendor + ' via ' + how + ': HTTP ' + response.status);
            console.log(call.vendor, how, response.status);
          }
        } finally {
          await mock.stop();
        }
      }
    `;
      const lines = run(process.execPath, ['--input-type=module', '-e', script]).trim().split('\n');
      expect(lines).toEqual(calls.flatMap((c) => [`${c.vendor} startMock 200`, `${c.vendor} createMockFetch 200`]));
    },
    2 * MINUTE,
  );

  it(
    "runs a consumer's vitest suite on the mock's globalSetup (@backup-specs/mock/vitest-setup)",
    async () => {
      const dir = path.join(project, 'vitest-suite');
      await mkdir(dir, { recursive: true });
      await writeFile(
        path.join(dir, 'vitest.config.mjs'),
        "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { globalSetup: ['@backup-specs/mock/vitest-setup'] } });\n",
      );
      const sessions = registry.flatMap((api) => (api.client && api.auth === 'zstack' ? [api] : []));
      expect(sessions.length).toBeGreaterThan(0);
      const imports = sessions.map(
        (api) => `import { ${api.client?.factory} } from '@backup-specs/client/${api.client?.entry}';`,
      );
      const calls = sessions.map(
        (api) => `it('${api.vendor}: a client call answered by the mock', async () => {
  const client = ${api.client?.factory}({ baseUrl: inject('mockUrls')['${api.vendor}'], auth: { sessionUuid: '7d8a4ecd4dd04b71a0c8d02d6ec25c5a' } });
  const { data, error } = await client.GET('/v1/cbt-task');
  expect(error).toBeUndefined();
  expect(data.inventories.length).toBeGreaterThan(0);
});`,
      );
      await writeFile(
        path.join(dir, 'mock.test.mjs'),
        [
          "import { expect, inject, it } from 'vitest';",
          ...imports,
          "it('every registered API has a mock URL', () => {",
          `  expect(Object.keys(inject('mockUrls')).sort()).toEqual(${JSON.stringify(registry.map((api) => api.vendor).sort())});`,
          '});',
          ...calls,
          '',
        ].join('\n'),
      );
      run('npx', ['--no-install', 'vitest', 'run', '--root', dir]);
    },
    2 * MINUTE,
  );

  it(
    "runs the mock's bin with npx and answers the vendor page's curl call",
    async () => {
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port: free } = server.address() as { port: number };
          server.close(() => resolve(free));
        });
      });
      const bin = spawn('npx', ['--no-install', 'backup-specs-mock', '--vendor', 'zstack', '--port', String(port)], {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let out = '';
        bin.stdout.on('data', (chunk: Buffer) => {
          out += chunk;
        });
        const deadline = Date.now() + MINUTE;
        while (!out.includes(`http://127.0.0.1:${port}/zstack`)) {
          if (Date.now() > deadline || bin.exitCode !== null) throw new Error(`the bin did not start:\n${out}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        // The call of ZStack's QueryCbtTask page, pointed at the mock.
        const body = run('curl', [
          '-sS',
          '--fail',
          '-H',
          'Authorization: OAuth 7d8a4ecd4dd04b71a0c8d02d6ec25c5a',
          `http://127.0.0.1:${port}/zstack/v1/cbt-task`,
        ]);
        expect(JSON.parse(body).inventories.length).toBeGreaterThan(0);
      } finally {
        bin.kill('SIGTERM');
      }
    },
    2 * MINUTE,
  );

  it(
    'runs backup-tasks with npx (nothing configured: the built-in mocks) and lists tasks with @backup-specs/tasks',
    () => {
      const home = path.join(work, 'home');
      const env = { HOME: home, XDG_CONFIG_HOME: home, NO_COLOR: '1' };
      const listed = JSON.parse(run('npx', ['--no-install', 'backup-tasks', 'list', '--json'], project, env)) as {
        vendor: string;
        status: string;
      }[];
      const vendors = new Set(listed.map((task) => task.vendor));
      expect(vendors.size).toBeGreaterThanOrEqual(3);
      expect(run('npx', ['--no-install', 'backup-tasks', '--help'], project, env)).toMatch(/^ {2}list \[options\] /m);
      // The library: the schema export, and a listing over the in-process mock of CBR.
      const script = `
        import { backupTaskSchema, listBackupTasks, toJson } from '@backup-specs/tasks';
        import { createCbrClient } from '@backup-specs/client/huaweicloud-cbr';
        import { createMockFetch } from '@backup-specs/mock/in-process';
        import schema from '@backup-specs/tasks/backup-task.schema.json' with { type: 'json' };
        if (JSON.stringify(schema) !== JSON.stringify(backupTaskSchema)) throw new Error('schema export differs');
        const client = createCbrClient({ baseUrl: 'http://cbr.test', projectId: '04f1829c788037ac2fb8c01eb2b04b95', auth: { token: 't' }, fetch: createMockFetch('huaweicloud-cbr') });
        for await (const task of listBackupTasks([{ vendor: 'huaweicloud-cbr', client }])) console.log(JSON.stringify(toJson(task)));
      `;
      const lines = run(process.execPath, ['--input-type=module', '-e', script]).trim().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      expect(JSON.parse(lines[0] as string)).toMatchObject({ vendor: 'huaweicloud-cbr', kind: 'operation-log' });
    },
    2 * MINUTE,
  );

  it(
    'passes publint (strict) and attw for every tarball',
    async () => {
      const problems: string[] = [];
      for (const [name, tarball] of tarballs) {
        const data = await readFile(tarball);
        const lint = await publint({
          pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) },
          strict: true,
        });
        for (const message of lint.messages)
          problems.push(`${name}: publint ${message.type} ${message.code} ${JSON.stringify(message.args)}`);
        const manifest = JSON.parse(readFileSync(path.join(installed(name), 'package.json'), 'utf8'));
        if (!manifest.types && !existsSync(path.join(installed(name), 'dist'))) continue; // the specs: JSON and YAML only
        const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(data)));
        if (!('problems' in analysis)) continue;
        // ESM-only packages (no `require` condition) are loaded from CommonJS by require(esm), which the
        // supported Node versions (>= 20.19) have: attw's CJS-resolves-to-ESM notice does not apply to them.
        const esmOnly = !JSON.stringify(manifest.exports).includes('"require"');
        for (const problem of analysis.problems) {
          if (esmOnly && problem.kind === 'CJSResolvesToESM') continue;
          problems.push(`${name}: attw ${problem.kind} ${JSON.stringify(problem)}`);
        }
      }
      expect(problems, problems.join('\n')).toEqual([]);
    },
    2 * MINUTE,
  );
});
