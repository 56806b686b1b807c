// The built bin against a ZStack endpoint that misbehaves on purpose: task names that carry terminal
// control sequences, a vendor object nested 20,000 levels deep, a session echoed back, a listing that
// never ends, and answers that need a hint; and a reader of stdout that goes away.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, baseEnv, ESC, run } from './support/run.js';

const LOGIN_SESSION = 'aaaaaaaabbbbbbbbccccccccdddddddd';
const BEL = String.fromCharCode(7);
const HOSTILE = `${ESC}]0;pwned${BEL}${ESC}[2J${ESC}[1A${ESC}[2Ksucceeded\u202e\u009b31m`;

interface Scenario {
  /** Inventories of /v1/cbt-task for a request at `start`; the other kinds are empty. */
  cbt?: (start: number, limit: number) => unknown[];
  /** Answers a request itself (true), or leaves it to the default handling (false). */
  handle?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

interface Hostile {
  url: string;
  seen: string[];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function hostile(scenario: Scenario): Promise<Hostile> {
  const seen: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    seen.push(`${request.method} ${request.url}`);
    request.resume();
    request.on('end', () => {
      if (scenario.handle?.(request, response)) return;
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/zstack/v1/accounts/login') {
        return response.end(JSON.stringify({ inventory: { uuid: LOGIN_SESSION } }));
      }
      if (request.method === 'DELETE') return response.end('{}');
      const start = Number(url.searchParams.get('start') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      // Get-by-uuid (/v1/cbt-task/{uuid}) finds the task among the first page.
      const uuid = /^\/zstack\/v1\/cbt-task\/([^/]+)$/.exec(url.pathname)?.[1];
      const items =
        url.pathname === '/zstack/v1/cbt-task'
          ? (scenario.cbt?.(start, limit) ?? [])
          : uuid
            ? (scenario.cbt?.(0, 1000) ?? []).filter((item) => (item as { uuid?: string }).uuid === uuid)
            : [];
      response.end(JSON.stringify({ inventories: items }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/zstack`, seen };
}

/** Answers with `status` and `body`; true, so that `handle` can return it. */
function answer(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): true {
  response.writeHead(status, headers).end(body);
  return true;
}

const task = (uuid: string, name = `task-${uuid}`) => ({
  uuid,
  name,
  status: 'Running',
  createDate: 'Dec 1, 2026 10:00:00 AM',
});
const env = (url: string, extra: Record<string, string> = {}) => ({
  ZSTACK_URL: url,
  ZSTACK_SESSION_UUID: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  ZSTACK_TIME_ZONE: 'UTC',
  ...extra,
});
const account = (url: string) => ({ ZSTACK_URL: url, ZSTACK_ACCOUNT_NAME: 'admin', ZSTACK_PASSWORD: 'hunter2-pass' });

describe('text from the vendor', () => {
  it('never reaches the terminal as control sequences: table, show, stderr and watch', async () => {
    const server = await hostile({
      cbt: (start) => (start === 0 ? [{ ...task('t1', HOSTILE), status: HOSTILE }] : []),
    });
    const list = await run(['list'], env(server.url));
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(list.stdout).toContain('\\u202e\\x9b31m');
    const shown = await run(['show', 'zstack', 't1', '--kind', 'cbt-task'], env(server.url));
    const watched = await run(['watch', 'zstack', 't1', '--kind', 'cbt-task', '--timeout', '1'], env(server.url));
    for (const output of [list, shown, watched]) {
      for (const text of [output.stdout, output.stderr]) {
        expect(text).not.toContain(ESC);
        expect(text).not.toContain(BEL);
        expect(text).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
      }
    }
    const json = await run(['list', '--json'], env(server.url));
    expect(JSON.parse(json.stdout)[0].name).toBe(HOSTILE); // JSON escapes, and parses back to the same text
    expect(json.stdout).not.toContain(ESC);
  });

  it('prints every other task when one is nested too deeply to serialise, and reports that one', async () => {
    // Written as text: JSON.stringify itself cannot serialise it (JSON.parse reads it fine).
    const deep = `${'{"a":'.repeat(20_000)}{}${'}'.repeat(20_000)}`;
    const t2 = JSON.stringify(task('t2')).replace(/}$/, `,"deep":${deep}}`);
    const page = `{"inventories":[${JSON.stringify(task('t1'))},${t2},${JSON.stringify(task('t3'))}]}`;
    const server = await hostile({
      handle: (request, response) => {
        const url = new URL(request.url ?? '/', 'http://x');
        if (url.pathname.endsWith('/cbt-task') && url.searchParams.get('start') === '0')
          return answer(response, 200, page);
        if (url.pathname.endsWith('/cbt-task/t2')) return answer(response, 200, page);
        return false;
      },
    });
    for (const mode of ['--json', '--ndjson']) {
      const result = await run(['list', mode], env(server.url));
      expect(result.code).toBe(1);
      const tasks =
        mode === '--json'
          ? JSON.parse(result.stdout)
          : result.stdout
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line));
      expect(tasks.map((each: { id: string }) => each.id).sort()).toEqual(['t1', 't2', 't3']);
      expect(tasks.find((each: { id: string }) => each.id === 't2').raw).toEqual({});
      expect(result.stderr).toContain('zstack cbt-task t2: its vendor object is nested too deeply to print');
      expect(result.stderr).not.toMatch(/Maximum call stack|\n\s+at /);
    }
    const shown = await run(['show', 'zstack', 't2', '--kind', 'cbt-task'], env(server.url));
    expect(shown.stdout).toContain('(nested too deeply to print)');
    expect(shown.code).toBe(1);
  });
});

describe('sessions of an account login', () => {
  it('keeps an echoed session out of the output and logs out when done', async () => {
    const server = await hostile({ cbt: (start) => (start === 0 ? [task('t1', `echo ${LOGIN_SESSION}`)] : []) });
    for (const args of [['list'], ['list', '--json'], ['show', 'zstack', 't1', '--kind', 'cbt-task']]) {
      server.seen.length = 0;
      const result = await run(args, account(server.url));
      expect(result.code).toBe(0);
      expect(`${result.stdout}${result.stderr}`).not.toContain(LOGIN_SESSION);
      expect(server.seen).toContain(`DELETE /zstack/v1/accounts/sessions/${LOGIN_SESSION}`);
    }
  });

  it('logs out also when the command fails', async () => {
    const server = await hostile({
      handle: (request, response) =>
        request.url?.includes('cbt-task') === true && answer(response, 503, '{"error":{"code":"SYS.1000"}}'),
    });
    const result = await run(['list'], account(server.url));
    expect(result.code).toBe(1);
    expect(server.seen).toContain(`DELETE /zstack/v1/accounts/sessions/${LOGIN_SESSION}`);
  });

  it('logs out on Ctrl-C while a request stalls, and exits 130', async () => {
    let stalled!: () => void;
    const arrived = new Promise<void>((resolve) => {
      stalled = resolve;
    });
    // Every list request is taken and never answered.
    const server = await hostile({
      handle: (request) => {
        if (!request.url?.includes('/v1/c') && !request.url?.includes('/v1/d')) return false;
        stalled();
        return true;
      },
    });
    const child = spawn(process.execPath, [BIN, 'list'], { env: baseEnv(account(server.url)) });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    await arrived;
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(server.seen).toContain(`DELETE /zstack/v1/accounts/sessions/${LOGIN_SESSION}`);
  });
});

describe('listings that never end', () => {
  it('stop at the default limit in the buffered modes, and say so', async () => {
    const server = await hostile({
      cbt: (start, limit) => Array.from({ length: limit }, (_, i) => task(`t${start + i}`)),
    });
    for (const mode of [[], ['--json']]) {
      const result = await run(['list', ...mode, '--kind', 'cbt-task'], env(server.url));
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('showing the newest 1000 tasks (the default limit of tables and --json)');
      const rows = mode.length ? JSON.parse(result.stdout).length : result.stdout.trim().split('\n').length - 1;
      expect(rows).toBe(1000);
    }
  });

  it('ends quietly with exit 0 when the reader of --ndjson goes away (| head -n1)', async () => {
    const server = await hostile({
      cbt: (start, limit) => Array.from({ length: limit }, (_, i) => task(`t${start + i}`)),
    });
    for (const mode of [['--ndjson'], []]) {
      const child = spawn(process.execPath, [BIN, 'list', '--kind', 'cbt-task', '--limit', '50000', ...mode], {
        env: baseEnv(env(server.url)),
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      // Read one line, then close the pipe as `head -n1` does.
      await new Promise<void>((resolve) => {
        child.stdout.once('data', () => {
          child.stdout.destroy();
          resolve();
        });
      });
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect(code).toBe(0);
      expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    }
  });
});

describe('timeouts with the garbage collector running all the time', () => {
  const collecting = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const preload = new URL('./support/collect-garbage.mjs', import.meta.url).pathname;
      const child = spawn(process.execPath, ['--expose-gc', '--import', preload, BIN, ...args], { env: baseEnv(env) });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
  const stalling = () => hostile({ handle: (request) => request.url?.includes('/v1/') === true }); // never answered

  it('list --request-timeout gives a stalling vendor up', async () => {
    const server = await stalling();
    const result = await collecting(['list', '--kind', 'cbt-task', '--request-timeout', '0.3'], env(server.url));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed after 2 attempts: no reply within 300 ms/);
  });

  it('watch --timeout ends a watch of a stalling vendor with 124', async () => {
    const server = await stalling();
    const result = await collecting(
      ['watch', 'zstack', 't1', '--kind', 'cbt-task', '--timeout', '0.5', '--request-timeout', '600'],
      env(server.url),
    );
    expect(result.code).toBe(124);
    expect(result.stderr).toContain('gave up after 0.5 s');
  });
});

describe('failures that need a hint', () => {
  it('a 404 from a URL without the context path asks for it', async () => {
    const server = await hostile({ handle: (_, response) => answer(response, 404, 'Not Found') });
    const result = await run(['list'], env(server.url.replace('/zstack', '')));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is the context path in ZSTACK_URL?');
  });

  it('an endpoint that refuses connections: the hint, and no empty table', async () => {
    const server = await hostile({});
    const url = server.url;
    await new Promise((resolve) => (servers.pop() as Server).close(resolve));
    const result = await run(['list', '--request-timeout', '5'], env(url));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is the URL right, and is the server up');
    expect(result.stdout).toBe('');
  });

  it('a redirect to another origin names the setting to change, not a client option', async () => {
    const server = await hostile({
      handle: (_, response) => answer(response, 307, '', { location: 'http://127.0.0.2:9/zstack/v1/cbt-task' }),
    });
    const result = await run(['list', '--kind', 'cbt-task'], env(server.url));
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('redirects.allowedOrigins');
    expect(result.stderr).toContain('set the endpoint to it: ZSTACK_URL');
  });
});
