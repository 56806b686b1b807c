// Type tests (vitest --typecheck): paths, parameters, bodies and helper types follow the spec.
import type { CbtTask, CdpTask, DatabaseBackup, ErrorCode, QueryCbtTaskReply } from '@backup-specs/types/zstack';
import { describe, expectTypeOf, it } from 'vitest';
import { parseZStackDate } from '../../src/zstack/date/index.js';
import {
  createZStackClient,
  type FieldValue,
  q,
  toZStackError,
  unwrap,
  type ZStackApiError,
  type ZStackErrorCode,
  type ZStackGetPath,
  type ZStackListPath,
  type ZStackLookup,
  type ZStackPage,
} from '../../src/zstack/index.js';

const client = createZStackClient({ baseUrl: 'http://zstack.test:8080/zstack', auth: { sessionUuid: 'x' } });

describe('createZStackClient options', () => {
  it('takes a session or an account, not both, not half', () => {
    createZStackClient({ baseUrl: 'http://h/zstack', auth: { accountName: 'admin', password: 'pw' } });
    const both = { sessionUuid: 's', accountName: 'admin', password: 'pw' };
    // @ts-expect-error both kinds of credentials
    createZStackClient({ baseUrl: 'http://h/zstack', auth: both });
    // @ts-expect-error an account without its password
    createZStackClient({ baseUrl: 'http://h/zstack', auth: { accountName: 'admin' } });
    // @ts-expect-error no auth
    createZStackClient({ baseUrl: 'http://h/zstack' });
    // @ts-expect-error retry options are checked too
    createZStackClient({ baseUrl: 'http://h/zstack', auth: { sessionUuid: 's' }, retry: { attempts: '3' } });
  });
});

describe('openapi-fetch calls', () => {
  it('types replies by path', async () => {
    const { data, error } = await client.GET('/v1/cbt-task', {
      params: { query: { q: ['status=Running'], limit: 10 } },
    });
    expectTypeOf(data).toExtend<QueryCbtTaskReply | undefined>();
    expectTypeOf<QueryCbtTaskReply>().toExtend<NonNullable<typeof data>>();
    expectTypeOf(data?.inventories).toEqualTypeOf<CbtTask[] | undefined>();
    expectTypeOf(error).not.toBeAny();
    const reply = unwrap(await client.GET('/v1/cbt-task'));
    expectTypeOf(reply).toExtend<QueryCbtTaskReply>();
    expectTypeOf(reply.inventories).toEqualTypeOf<CbtTask[] | undefined>();
  });

  it('refuses wrong paths, parameters and bodies', async () => {
    // @ts-expect-error no such path
    await client.GET('/v1/cbt-tasks');
    // @ts-expect-error limit is an integer
    await client.GET('/v1/cbt-task', { params: { query: { limit: 'ten' } } });
    // @ts-expect-error sortBy is an SDK option, not a URL parameter
    await client.GET('/v1/cbt-task', { params: { query: { sortBy: 'createDate' } } });
    // @ts-expect-error q is a list of conditions
    await client.GET('/v1/cbt-task', { params: { query: { q: 42 } } });
    // @ts-expect-error the uuid path parameter is required
    await client.GET('/v1/cdp-task/{uuid}', { params: { path: {} } });
    // @ts-expect-error login takes logInByAccount
    await client.PUT('/v1/accounts/login', { body: { accountName: 'admin', password: 'x' } });
    await client.PUT('/v1/accounts/sessions/{sessionUuid}/renew', {
      params: { path: { sessionUuid: 's' } },
      // @ts-expect-error duration is seconds: a number or a numeric string
      body: { renewSession: { duration: true } },
    });
    // The body is optional (the server's default lifetime applies), and a numeric string is accepted.
    await client.PUT('/v1/accounts/sessions/{sessionUuid}/renew', { params: { path: { sessionUuid: 's' } } });
    await client.PUT('/v1/accounts/sessions/{sessionUuid}/renew', {
      params: { path: { sessionUuid: 's' } },
      body: { renewSession: { duration: '3600' } },
    });
    // @ts-expect-error there is no POST on the query path
    await client.POST('/v1/cbt-task');
  });
});

describe('helpers', () => {
  it('know which paths page and which look up by uuid', () => {
    expectTypeOf<ZStackListPath>().toEqualTypeOf<'/v1/cbt-task' | '/v1/cdp-task' | '/v1/database-backups'>();
    expectTypeOf<ZStackGetPath>().toEqualTypeOf<
      '/v1/cbt-task/{uuid}' | '/v1/cdp-task/{uuid}' | '/v1/database-backups/{uuid}'
    >();
  });

  it('type items, pages and lookups by path', async () => {
    expectTypeOf(client.iterate('/v1/cdp-task')).toEqualTypeOf<AsyncGenerator<CdpTask, void, undefined>>();
    expectTypeOf(client.pages('/v1/database-backups')).toEqualTypeOf<
      AsyncGenerator<ZStackPage<DatabaseBackup>, void, undefined>
    >();
    expectTypeOf(await client.getByUuid('/v1/cbt-task/{uuid}', 'u')).toEqualTypeOf<ZStackLookup<CbtTask>>();
    const found = await client.getByUuid('/v1/cbt-task/{uuid}', 'u');
    if (found.found) expectTypeOf(found.item).toEqualTypeOf<CbtTask>();
    else expectTypeOf(found).toEqualTypeOf<{ found: false; uuid: string }>();
    client.iterate('/v1/cbt-task', { query: { q: ['status=Running'], sort: '-createDate' }, pageSize: 50 });
    // @ts-expect-error login does not page
    client.iterate('/v1/accounts/login');
    // @ts-expect-error the helper sets start/limit itself
    client.iterate('/v1/cbt-task', { query: { limit: 10 } });
    // @ts-expect-error get-by-uuid needs a {uuid} path
    await client.getByUuid('/v1/cbt-task', 'u');
  });

  it('type conditions by inventory fields', () => {
    const cbt = q.of<CbtTask>();
    expectTypeOf(cbt.equals('status', 'Running')).toEqualTypeOf<string>();
    cbt.equals('status', 'SomeFutureStatus'); // enums grow: other strings are accepted
    cbt.equals('resourceRefs.resourceUuid', 'vm');
    cbt.in('uuid', ['a', 'b']);
    cbt.asc('createDate');
    // @ts-expect-error no such field
    cbt.equals('nope', 'x');
    // @ts-expect-error no such nested field
    cbt.equals('resourceRefs.nope', 'x');
    // @ts-expect-error status is a string
    cbt.equals('status', 42);
    const cdp = q.of<CdpTask>();
    cdp.gt('usedCapacity', 1024);
    // @ts-expect-error usedCapacity is a number
    cdp.gt('usedCapacity', 'big');
    // @ts-expect-error sort by a field the inventory has
    cdp.desc('nope');
    // untyped: any field name, any scalar
    q.equals('anything.at.all', true);
  });

  it('type errors and dates', async () => {
    const result = await client.GET('/v1/cbt-task');
    expectTypeOf(toZStackError(result)).toEqualTypeOf<ZStackApiError | undefined>();
    expectTypeOf<ZStackApiError['cause']>().toEqualTypeOf<ZStackErrorCode | undefined>();
    expectTypeOf<ErrorCode>().toExtend<ZStackErrorCode>();
    expectTypeOf(parseZStackDate('Nov 14, 2017 10:20:57 PM', { timeZone: 'Asia/Shanghai' })).toEqualTypeOf<Date>();
    // @ts-expect-error offset is text or minutes
    parseZStackDate('Nov 14, 2017 10:20:57 PM', { offset: true });
  });
});

describe('typed errors and open enums', () => {
  it('`if (error)` narrows: error is a ZStackApiError, and data is the reply after it', async () => {
    const { data, error } = await client.GET('/v1/cbt-task');
    if (error) {
      expectTypeOf(error).toEqualTypeOf<ZStackApiError>();
      expectTypeOf(error.headers).toEqualTypeOf<Headers>();
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
      return;
    }
    expectTypeOf(data).toEqualTypeOf<QueryCbtTaskReply>();
  });

  it('status fields list the known values (editors complete them) and still accept new ones', () => {
    type Status = Exclude<CbtTask['status'], undefined>;
    expectTypeOf<Status>().not.toEqualTypeOf<string>();
    expectTypeOf<'Running'>().toExtend<Status>();
    expectTypeOf<'AddedInARelease'>().toExtend<Status>();
    expectTypeOf<Extract<Status, 'Running'>>().toEqualTypeOf<'Running'>();
    // q.of<T>() takes the same open values.
    q.of<CbtTask>().equals('status', 'Running');
  });
});

describe('q builder values', () => {
  it('offers the known status values for completion', () => {
    type Value = FieldValue<CbtTask, 'status'>;
    expectTypeOf<Extract<Value, 'Running'>>().toEqualTypeOf<'Running'>();
    expectTypeOf<Value>().not.toEqualTypeOf<string>();
  });
});
