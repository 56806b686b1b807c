// Type tests: the CBR client is an openapi-fetch client typed from the spec, plus typed helpers.
import { describe, expectTypeOf, it } from 'vitest';
import type { HuaweiApiError } from '../../src/huaweicloud/errors.js';
import {
  type CbrClient,
  createCbrClient,
  type OperationLog,
  type OperationLogs,
  type OpLogLookup,
  type Page,
  unwrap,
  withHuaweiError,
} from '../../src/huaweicloud-cbr/index.js';

const projectId = '0123456789abcdef0123456789abcdef';
declare const cbr: CbrClient;

describe('createCbrClient options', () => {
  it('takes region or baseUrl (not both), a project id and one kind of credentials', () => {
    expectTypeOf(createCbrClient({ region: 'cn-north-4', projectId, auth: { token: 't' } })).toEqualTypeOf<CbrClient>();
    createCbrClient({ baseUrl: 'https://cbr.example', projectId, auth: { ak: 'a', sk: 's', securityToken: 't' } });
    // @ts-expect-error region and baseUrl together
    createCbrClient({ region: 'cn-north-4', baseUrl: 'https://cbr.example', projectId, auth: { token: 't' } });
    // @ts-expect-error neither region nor baseUrl
    createCbrClient({ projectId, auth: { token: 't' } });
    // @ts-expect-error no project id
    createCbrClient({ region: 'cn-north-4', auth: { token: 't' } });
    // @ts-expect-error token and AK/SK together
    createCbrClient({ region: 'cn-north-4', projectId, auth: { token: 't', ak: 'a', sk: 's' } });
    // @ts-expect-error AK without SK
    createCbrClient({ region: 'cn-north-4', projectId, auth: { ak: 'a' } });
  });
});

describe('openapi-fetch methods', () => {
  it('types paths, parameters and replies from the spec', async () => {
    const list = await cbr.GET('/v3/{project_id}/operation-logs', {
      params: { path: { project_id: projectId }, query: { limit: 10, status: 'failed', operation_type: 'backup' } },
    });
    if (list.data) expectTypeOf(list.data).toEqualTypeOf<OperationLogs>();
    expectTypeOf(list.data?.operation_logs).toEqualTypeOf<OperationLog[] | undefined>();
    const show = await cbr.GET('/v3/{project_id}/operation-logs/{operation_log_id}', {
      params: { path: { project_id: projectId, operation_log_id: 'x' } },
    });
    expectTypeOf(show.data?.operation_log).toEqualTypeOf<OperationLog | undefined>();

    // @ts-expect-error unknown path
    await cbr.GET('/v3/{project_id}/operation-log', { params: { path: { project_id: projectId } } });
    // @ts-expect-error no POST on this path
    await cbr.POST('/v3/{project_id}/operation-logs', { params: { path: { project_id: projectId } } });
    const list_ = '/v3/{project_id}/operation-logs' as const;
    const show_ = '/v3/{project_id}/operation-logs/{operation_log_id}' as const;
    const path = { project_id: projectId };
    // @ts-expect-error limit is a number
    await cbr.GET(list_, { params: { path, query: { limit: '10' } } });
    // @ts-expect-error unknown status value
    await cbr.GET(list_, { params: { path, query: { status: 'done' } } });
    // @ts-expect-error path parameter operation_log_id missing
    await cbr.GET(show_, { params: { path } });
  });
});

describe('helpers', () => {
  it('listOpLogs fills in the project; its result and unwrap are typed', async () => {
    const result = await cbr.listOpLogs({ offset: 0, limit: 100, vault_id: 'v' });
    expectTypeOf(unwrap(result)).toEqualTypeOf<OperationLogs>();
    const converted = withHuaweiError(result);
    expectTypeOf(converted.error).toEqualTypeOf<HuaweiApiError | undefined>();
    if (!converted.error) expectTypeOf(converted.data).toEqualTypeOf<OperationLogs>();
    // @ts-expect-error unknown query parameter
    await cbr.listOpLogs({ vault: 'v' });
    // The client's own results narrow with openapi-fetch's idiom: error is the typed HuaweiApiError.
    if (result.error) expectTypeOf(result.error).toEqualTypeOf<HuaweiApiError>();
    else expectTypeOf(result.data).toEqualTypeOf<OperationLogs>();
  });

  it('operation_type and status list the known values and accept new ones', () => {
    type Status = OperationLog['status'];
    expectTypeOf<Status>().not.toEqualTypeOf<string>();
    expectTypeOf<'success'>().toExtend<Status>();
    expectTypeOf<'added-later'>().toExtend<Status>();
    expectTypeOf<Extract<Exclude<OperationLog['operation_type'], undefined>, 'backup'>>().toEqualTypeOf<'backup'>();
  });

  it('showOpLog narrows on found', async () => {
    const lookup = await cbr.showOpLog('id');
    expectTypeOf(lookup).toEqualTypeOf<OpLogLookup>();
    if (lookup.found) expectTypeOf(lookup.operationLog).toEqualTypeOf<OperationLog>();
    else expectTypeOf(lookup.error).toEqualTypeOf<HuaweiApiError>();
  });

  it('iterators yield tasks and pages; offset and limit belong to the iterator', async () => {
    for await (const log of cbr.opLogs({ status: 'running' }, { pageSize: 200 }))
      expectTypeOf(log).toEqualTypeOf<OperationLog>();
    for await (const page of cbr.opLogPages()) expectTypeOf(page).toEqualTypeOf<Page<OperationLog>>();
    // @ts-expect-error the iterator sets offset itself
    cbr.opLogs({ offset: 10 });
  });
});
