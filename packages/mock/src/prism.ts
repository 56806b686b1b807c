// Runs the pinned Prism CLI as a child process (mock or validating proxy) on 127.0.0.1 and reports when
// it is really serving. Prism's own "listening" line is logged at a level below `warn`, so with quiet
// logging there is nothing to wait for on stdout: readiness is a CORS preflight that only Prism
// answers by echoing a random header name back.
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { PACKAGE_ROOT } from './documents.js';
import { MockError } from './vendors.js';

export const HOST = '127.0.0.1';

/** Prism's levels that never print request headers (info and below log them, credentials included). */
export const LOG_LEVELS = ['warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class PortInUseError extends MockError {
  override name = 'PortInUseError';
  constructor(
    readonly port: number,
    label: string,
  ) {
    super(`Port ${port} on ${HOST} is already in use (${label}); stop what is listening there or pick another port.`);
  }
}

export interface PrismOptions {
  mode: 'mock' | 'proxy';
  /** Absolute path of the document Prism serves. */
  document: string;
  port: number;
  /** Who this is, for messages (`zstack`). */
  label: string;
  /** Proxy mode: the upstream Prism forwards to. */
  upstream?: string;
  /** Turn response violations into error responses (proxy `--errors`). */
  errors?: boolean;
  dynamic?: boolean;
  seed?: string;
  logLevel?: LogLevel;
  /** Each line Prism prints (already stripped of colour codes). */
  onOutput?: (line: string) => void;
  /** Milliseconds to wait for Prism to serve. Default 30 000. */
  startTimeoutMs?: number;
}

export interface PrismProcess {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  pid: number;
  /** Resolves with the exit code once the child has exited (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Stops the child (SIGTERM, then SIGKILL after 3 s); safe to call more than once. */
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

function prismEntry(): string {
  const manifest = require.resolve('@stoplight/prism-cli/package.json');
  const { bin } = require(manifest) as { bin: Record<string, string> };
  return path.join(path.dirname(manifest), bin.prism as string);
}

// Preloaded into every Prism child: it exits when our process dies without stopping it (see the file).
const PARENT_WATCH = path.join(PACKAGE_ROOT, 'runtime', 'parent-watch.cjs');

/** Fails with PortInUseError when something already listens on the port. */
export function assertPortFree(port: number, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new PortInUseError(port, label));
      else reject(new MockError(`Cannot listen on ${HOST}:${port} (${label}): ${error.message}`));
    });
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** A port the OS says is free right now (it may be taken before we use it; callers retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: HOST }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when the server on the port answers the preflight the way Prism's CORS handler does. */
function probe(port: number, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: HOST,
        port,
        method: 'OPTIONS',
        path: '/',
        timeout: 1000,
        headers: {
          origin: 'http://backup-specs-mock.invalid',
          'access-control-request-method': 'GET',
          'access-control-request-headers': token,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 204 && res.headers['access-control-allow-headers'] === token);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

// Prism prints this banner whatever the log level; it says nothing our own messages don't.
const BANNER = /Starting Prism…/;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
const ANSI = /\u001b\[[0-9;]*m/g;

function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 3000);
  return exited.then(() => clearTimeout(force));
}

/** Checks the port, then starts Prism. */
export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
  await assertPortFree(options.port, options.label);
  return spawnPrism(options);
}

/**
 * Starts Prism without checking the port first. Prism failing to bind (the port was taken after the
 * check) is still reported as PortInUseError, and the child is gone by then.
 */
export async function spawnPrism(options: PrismOptions): Promise<PrismProcess> {
  const { port, label } = options;

  const args = [
    '--require',
    PARENT_WATCH,
    prismEntry(),
    options.mode,
    options.document,
    ...(options.mode === 'proxy' ? [options.upstream ?? ''] : []),
    '--host',
    HOST,
    '--port',
    String(port),
    '--verboseLevel',
    options.logLevel ?? 'warn',
    // One process per Prism (its cluster mode would fork a worker we could not see).
    '--multiprocess=false',
    ...(options.errors ? ['--errors'] : []),
    // Without this, dynamic mode invents properties on our open object schemas.
    ...(options.dynamic ? ['--dynamic', '--json-schema-faker-fillProperties=false'] : []),
    ...(options.seed !== undefined ? ['--seed', options.seed] : []),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', () => undefined); // reported through 'exit' and the output
  const output: string[] = [];
  const onChunk = (chunk: Buffer) => {
    for (const raw of chunk.toString('utf8').split('\n')) {
      const line = raw.replace(ANSI, '').trimEnd();
      if (!line) continue;
      output.push(line);
      if (output.length > 200) output.shift();
      if (!BANNER.test(line)) options.onOutput?.(line);
    }
  };
  child.stdout.on('data', onChunk);
  child.stderr.on('data', onChunk);

  const token = `x-backup-specs-probe-${Math.random().toString(36).slice(2)}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let done = false;
  exited.then(() => {
    done = true;
  });
  for (;;) {
    if (done) {
      const text = output.join('\n');
      if (/EADDRINUSE/.test(text)) throw new PortInUseError(port, label);
      // The last lines carry Prism's reason (a bad document, a bad flag); never a request's headers.
      const reason = output
        .filter((line) => !/^\s+at /.test(line))
        .slice(-6)
        .join('\n  ');
      throw new MockError(`Prism (${label}) exited before serving, code ${child.exitCode}.\n  ${reason}`);
    }
    if (await probe(port, token)) break;
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new MockError(
        `Prism (${label}) did not start serving on ${HOST}:${port} within ${options.startTimeoutMs ?? 30_000} ms.`,
      );
    }
    await delay(100);
  }

  let stopping: Promise<void> | undefined;
  return {
    origin: `http://${HOST}:${port}`,
    port,
    pid: child.pid as number,
    exited,
    stop() {
      stopping ??= stopChild(child, exited);
      return stopping;
    },
  };
}
