// An in-memory ZStack REST server for tests, written from the vendor facts: sessions (login with the
// SHA-512 hex of the password, ID.1000 on bad credentials, ID.1001 on unknown/expired sessions, 400
// plain text without an OAuth header), query APIs with q / start / limit / replyWithCount / sort,
// get-by-uuid (200 with an empty list when unknown), logout. Usable as an injected fetch and as the
// handler of test/support/flaky-server.ts.
import { createHash } from 'node:crypto';
import type { ReplyInit } from '../../support/flaky-server.js';
import { parseCondition } from './server-grammar.js';

export interface FakeItem {
  uuid: string;
  name: string;
  status: string;
  createDate: string;
  [key: string]: unknown;
}

export interface FakeZStackOptions {
  accountName?: string;
  password?: string;
  items?: Record<string, FakeItem[]>;
  /** Session uuids the server accepts from the start. */
  sessions?: string[];
}

export function makeItems(count: number, prefix = 'task'): FakeItem[] {
  return Array.from({ length: count }, (_, i) => ({
    uuid: `${prefix}${String(i).padStart(4, '0')}`.padEnd(32, '0'),
    name: `${prefix}-${i}`,
    status: i % 3 === 0 ? 'Stopped' : 'Running',
    createDate: 'Nov 14, 2017 10:20:57 PM',
  }));
}

export const sha512 = (text: string) => createHash('sha512').update(text).digest('hex');

const errorReply = (code: string, description: string, details?: string): ReplyInit => ({
  status: 503,
  body: { error: { code, description, details } },
});

export function createFakeZStack(options: FakeZStackOptions = {}) {
  const accountName = options.accountName ?? 'admin';
  const passwordHash = sha512(options.password ?? 'secret-password');
  const sessions = new Set(options.sessions ?? []);
  const items = options.items ?? { 'cbt-task': makeItems(250) };
  const state = { logins: 0, logouts: 0, calls: 0, nextSession: 1 };

  function handle(method: string, url: URL, headers: Headers, body: string): ReplyInit {
    const path = url.pathname.replace(/^\/zstack/, '');
    if (method === 'PUT' && path === '/v1/accounts/login') {
      state.logins += 1;
      const login = JSON.parse(body || '{}').logInByAccount ?? {};
      if (login.accountName !== accountName || login.password !== passwordHash) {
        return errorReply('ID.1000', 'Authentication failed', 'wrong account name or password');
      }
      const uuid = `5e55${String(state.nextSession++).padStart(28, '0')}`;
      sessions.add(uuid);
      return {
        body: {
          inventory: {
            uuid,
            accountUuid: 'a'.repeat(32),
            userUuid: 'a'.repeat(32),
            expiredDate: 'Nov 14, 2017 10:20:57 PM',
          },
        },
      };
    }
    const authorization = headers.get('authorization');
    if (!authorization?.startsWith('OAuth ')) {
      return {
        status: 400,
        body: "Invalid header[Authorization], the value must be in the format of 'OAuth session-uuid'",
      };
    }
    const session = authorization.slice(6);
    if (!sessions.has(session))
      return errorReply('ID.1001', 'Session expired', `session[uuid:${session}] is not found`);
    const logout = /^\/v1\/accounts\/sessions\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && logout) {
      state.logouts += 1;
      sessions.delete(decodeURIComponent(logout[1] as string));
      return { body: {} };
    }
    const match = /^\/v1\/([a-z-]+?)(?:\/([^/]+))?$/.exec(path);
    const list = match ? items[match[1] as string] : undefined;
    if (method !== 'GET' || !list) return { status: 404, body: `no api mapping to ${path}` };
    state.calls += 1;
    if (match?.[2]) return { body: { inventories: list.filter((item) => item.uuid === match[2]) } };
    let selected = [...list];
    for (const cond of url.searchParams.getAll('q')) {
      const parsed = parseCondition(cond);
      if (parsed.status === 400)
        return {
          status: 400,
          body: `Invalid query parameter. The '${cond}' in the parameter[q] doesn't contain any query operator`,
        };
      const { name, op, value } = parsed;
      if (!(name in (list[0] ?? {})))
        return errorReply('SYS.1007', 'One or more API argument is invalid', `unknown field[${name}]`);
      if (op === '=') selected = selected.filter((item) => String(item[name]) === value);
      else if (op === '!=') selected = selected.filter((item) => String(item[name]) !== value);
      else if (op === '~=') {
        const pattern = new RegExp(
          `^${(value ?? '')
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/%/g, '.*')
            .replace(/_/g, '.')}$`,
        );
        selected = selected.filter((item) => pattern.test(String(item[name])));
      } else if (op === '?=') selected = selected.filter((item) => value?.split(',').includes(String(item[name])));
    }
    const sort = url.searchParams.get('sort')?.trim();
    if (sort) {
      const by = sort.replace(/^[+-]/, '');
      const dir = sort.startsWith('-') ? -1 : 1;
      selected.sort((a, b) => (String(a[by]) < String(b[by]) ? -dir : String(a[by]) > String(b[by]) ? dir : 0));
    }
    const int = (name: string, fallback: number) => {
      const raw = url.searchParams.get(name);
      return raw === null ? fallback : /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    };
    const start = int('start', 0);
    const limit = int('limit', 1000);
    if (Number.isNaN(start) || Number.isNaN(limit))
      return { status: 400, body: "Invalid query parameter. 'limit' must be an integer" };
    const reply: Record<string, unknown> = { inventories: selected.slice(start, start + limit) };
    if (url.searchParams.get('replyWithCount') === 'true') reply.total = selected.length;
    return { body: reply };
  }

  return {
    state,
    sessions,
    passwordHash,
    handle,
    /** As an injected fetch. */
    fetch: async (request: Request): Promise<Response> => {
      const reply = handle(request.method, new URL(request.url), request.headers, await request.text());
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      const contentType = typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
      return new Response(text, {
        status: reply.status ?? 200,
        headers: { 'content-type': contentType, ...reply.headers },
      });
    },
    /** As a flaky-server handler. */
    handler: (recorded: {
      method: string;
      url: string;
      headers: Record<string, string | string[] | undefined>;
      body: string;
    }) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(recorded.headers))
        if (typeof value === 'string') headers.set(name, value);
      return handle(recorded.method, new URL(recorded.url, 'http://127.0.0.1'), headers, recorded.body);
    },
  };
}
