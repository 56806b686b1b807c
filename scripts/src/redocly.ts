// Runs the pinned Redocly CLI as a child process and captures its output.
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

/** Redocly prints a boxed "Node.js 20 support is ending" notice on every run; it is noise here. */
export function withoutNodeNotice(text: string): string {
  return (
    text
      .split('\n')
      .filter((line) => !/[║╔╚]/.test(line))
      // This repository keeps no lint-ignore file: problems are fixed, not suppressed.
      .map((line) => (line.includes('--generate-ignore-file') ? 'Fix the spec at the places above.' : line))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
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
