// The docs commands as a person runs them: `--help`, bad flags, a busy port and a wrong --root each give one
// line (no stack trace) and exit 2.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: packageDir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const oneLine = (text: string) => {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
};

describe('pnpm docs:serve', () => {
  it('--help prints the usage and exits 0', async () => {
    const result = await run('src/serve.ts', ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pnpm docs:serve [--port <n>]');
  });

  it('an unknown flag is a one-line usage error, exit 2', async () => {
    const result = await run('src/serve.ts', ['--prot', '5000']);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(result.stderr).toContain("Unknown option '--prot'");
  });

  it('a busy port is one line naming the port, exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await run('src/serve.ts', ['--port', String(port)]);
      expect(result.code).toBe(2);
      oneLine(result.stderr);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('a port that is not a number is one line, exit 2', async () => {
    const result = await run('src/serve.ts', ['--port', 'eighty']);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
  });
});

describe('docs build', () => {
  it('a wrong --root is one line naming the folder, exit 2', async () => {
    const result = await run('src/build.ts', ['--root', '/no/such/repo', '--out', '/tmp/unused-docs-out']);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(result.stderr).toContain('--root /no/such/repo: no redocly.yaml there');
  });

  it('an unknown flag is a one-line usage error, exit 2', async () => {
    const result = await run('src/build.ts', ['--rot', 'x']);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
  });
});
