// Type tests: the generated types and their aliases say what the specs say.
import { describe, expectTypeOf, it } from 'vitest';
import type * as Cbr from '../src/huaweicloud-cbr.js';
import type * as Vbs from '../src/huaweicloud-vbs.js';
import type * as ZStack from '../src/zstack.js';

describe('@backup-specs/types/zstack', () => {
  it('has every operation path', () => {
    expectTypeOf<keyof ZStack.paths>().toEqualTypeOf<
      | '/v1/cbt-task'
      | '/v1/cbt-task/{uuid}'
      | '/v1/cdp-task'
      | '/v1/cdp-task/{uuid}'
      | '/v1/database-backups'
      | '/v1/database-backups/{uuid}'
      | '/v1/accounts/login'
      | '/v1/accounts/sessions/{sessionUuid}'
      | '/v1/accounts/sessions/{sessionUuid}/valid'
      | '/v1/accounts/sessions/{sessionUuid}/renew'
      | '/v1/api-jobs/{uuid}'
    >();
    expectTypeOf<keyof ZStack.operations>().toEqualTypeOf<
      | 'QueryCbtTask'
      | 'QueryCbtTaskByUuid'
      | 'QueryCdpTask'
      | 'QueryCdpTaskByUuid'
      | 'QueryDatabaseBackup'
      | 'QueryDatabaseBackupByUuid'
      | 'LogInByAccount'
      | 'LogOut'
      | 'ValidateSession'
      | 'RenewSession'
      | 'GetApiJobResult'
    >();
  });

  it('keeps status enums open to values of later releases, and lists the known ones', () => {
    expectTypeOf<ZStack.CbtTaskStatus>().toEqualTypeOf<'Created' | 'Starting' | 'Running' | 'Stopped' | 'Failed'>();
    expectTypeOf<'DataMerging'>().toExtend<ZStack.CdpTaskStatus>();
    expectTypeOf<'SomethingNew'>().toExtend<NonNullable<ZStack.CdpTask['status']>>();
  });

  it('models the error chain recursively and the repeated q parameter as an array', () => {
    expectTypeOf<NonNullable<ZStack.ErrorCode['cause']>>().toEqualTypeOf<ZStack.ErrorCode>();
    expectTypeOf<ZStack.ErrorCode['code']>().toEqualTypeOf<string>();
    type Query = NonNullable<ZStack.operations['QueryCbtTask']['parameters']['query']>;
    expectTypeOf<Query['q']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<Query['limit']>().toEqualTypeOf<number | undefined>();
  });

  it('types inventories as the reply of each query', () => {
    expectTypeOf<NonNullable<ZStack.QueryCbtTaskReply['inventories']>[number]>().toEqualTypeOf<ZStack.CbtTask>();
    expectTypeOf<NonNullable<ZStack.DatabaseBackup['size']>>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<ZStack.CdpTask['resourceRefs']>[number]>().toEqualTypeOf<ZStack.CdpTaskResourceRef>();
  });
});

describe('@backup-specs/types/huaweicloud-cbr', () => {
  it('requires what the server always sends and allows null where it sends null', () => {
    expectTypeOf<Cbr.OperationLog['id']>().toEqualTypeOf<string>();
    expectTypeOf<Cbr.OperationLog['error_info']>().toEqualTypeOf<Cbr.OpErrorInfo>();
    expectTypeOf<Cbr.OperationLog['vault_id']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Cbr.OperationLogs['operation_logs']>().toEqualTypeOf<Cbr.OperationLog[]>();
  });

  it('has ListOpLogs and ShowOpLog', () => {
    expectTypeOf<keyof Cbr.operations>().toEqualTypeOf<'ListOpLogs' | 'ShowOpLog'>();
    type Query = NonNullable<Cbr.operations['ListOpLogs']['parameters']['query']>;
    expectTypeOf<'backup'>().toExtend<NonNullable<Query['operation_type']>>();
    // @ts-expect-error: query filters are strict; only response fields are open
    expectTypeOf<'not-a-status'>().toExtend<NonNullable<Query['status']>>();
  });
});

describe('@backup-specs/types/huaweicloud-vbs', () => {
  it('types backup jobs', () => {
    expectTypeOf<Vbs.BackupJob['job_id']>().toEqualTypeOf<string>();
    expectTypeOf<Vbs.BackupJob['finished_at']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<'EXECUTE_SUCCESS'>().toExtend<Vbs.BackupJobStatus>();
    expectTypeOf<keyof Vbs.operations>().toEqualTypeOf<'ListBackupTasksByPolicy'>();
  });
});
