// Huawei Cloud CBR (Cloud Backup and Recovery) task API client: an openapi-fetch client for the spec's
// paths, plus ListOpLogs with the project filled in, ShowOpLog with a clear not-found result, and paging
// iterators (see ../huaweicloud/paging.ts for how they avoid duplicates and gaps).

import type { components, OperationLog, OperationLogs, operations, paths } from '@backup-specs/types/huaweicloud-cbr';
/** The spec this client's types were generated from: API, version and bundle revision. */
import { apiInfo } from '@backup-specs/types/huaweicloud-cbr';
import { unexpectedReply } from '../core/buffered-response.js';
import type { TypedClient, TypedResult } from '../core/typed-client.js';
import { createHuaweiClient } from '../huaweicloud/client.js';
import type { HuaweiClientOptions } from '../huaweicloud/config.js';
import type { HuaweiApiError } from '../huaweicloud/errors.js';
import { itemsOf, offsetPages, type Page, type PagingOptions } from '../huaweicloud/paging.js';
import { toHuaweiError, unwrap } from '../huaweicloud/result.js';

export * from '../core/public.js';
export type { HuaweiClientOptions as CbrClientOptions } from '../huaweicloud/config.js';
export { HuaweiApiError } from '../huaweicloud/errors.js';
export type { Page, PagingOptions } from '../huaweicloud/paging.js';
export { orThrow, toHuaweiError, unwrap, withHuaweiError } from '../huaweicloud/result.js';
export type { components, OperationLog, OperationLogs, operations, paths };
export { apiInfo };

/** Query of ListOpLogs (`limit` 1..1000, `offset` from 0, filters). */
export type ListOpLogsQuery = NonNullable<operations['ListOpLogs']['parameters']['query']>;
/** The filters of ListOpLogs: the iterators manage `offset` and `limit` themselves. */
export type OpLogFilter = Omit<ListOpLogsQuery, 'offset' | 'limit'>;
/** Per-call options of the helpers. */
export interface CallOptions {
  signal?: AbortSignal;
}

export type ListOpLogsResult = TypedResult<operations['ListOpLogs'], object, HuaweiApiError>;

/** ShowOpLog's answer: the task, or not found (HTTP 404 `BackupService.6500`) with the error for its request id. */
export type OpLogLookup =
  | { found: true; operationLog: OperationLog; response: Response }
  | { found: false; error: HuaweiApiError; response: Response };

export interface CbrClient extends TypedClient<paths, HuaweiApiError> {
  readonly baseUrl: string;
  readonly projectId: string;
  /** ListOpLogs for the client's project; the openapi-fetch result, unchanged. */
  listOpLogs(query?: ListOpLogsQuery, options?: CallOptions): Promise<ListOpLogsResult>;
  /** ShowOpLog. Throws HuaweiApiError for any failure but not-found, ConfigurationError for an unusable id. */
  showOpLog(operationLogId: string, options?: CallOptions): Promise<OpLogLookup>;
  /** Every matching task, page by page (only tasks not yielded before; never an empty page). Throws HuaweiApiError. */
  opLogPages(filter?: OpLogFilter, options?: PagingOptions): AsyncGenerator<Page<OperationLog>, void, undefined>;
  /** Every matching task, once. `pageSize` default 100, max 1000. Throws HuaweiApiError. */
  opLogs(filter?: OpLogFilter, options?: PagingOptions): AsyncGenerator<OperationLog, void, undefined>;
}

const LIST = '/v3/{project_id}/operation-logs';
const SHOW = '/v3/{project_id}/operation-logs/{operation_log_id}';
const NOT_FOUND_CODE = 'BackupService.6500';

/**
 * A CBR client. Throws ConfigurationError at once for missing or malformed options (endpoint, project id,
 * credentials). Token auth sends `X-Auth-Token`; AK/SK auth signs every request in middleware.
 */
export function createCbrClient(options: HuaweiClientOptions): CbrClient {
  const { client, resolved } = createHuaweiClient<paths>('cbr', options, apiInfo.servers);
  const project_id = resolved.projectId;

  const listOpLogs = (query: ListOpLogsQuery = {}, call: CallOptions = {}) =>
    client.GET(LIST, { params: { path: { project_id }, query }, signal: call.signal }) as Promise<ListOpLogsResult>;

  const opLogPages = (filter: OpLogFilter = {}, paging: PagingOptions = {}) =>
    offsetPages(
      `CBR GET ${LIST}`,
      async (offset, limit) => {
        const result = await listOpLogs({ ...filter, offset, limit }, paging);
        const data = unwrap(result);
        const items: unknown = data.operation_logs;
        if (!Array.isArray(items)) throw unexpectedReply(result.response, 'the reply has no "operation_logs" list');
        return { items, count: data.count, response: result.response };
      },
      (log: OperationLog) => log.id,
      { ...paging, defaultPageSize: 100, maxPageSize: 1000 },
    );

  return Object.assign(client, {
    baseUrl: resolved.baseUrl,
    projectId: project_id,
    listOpLogs,
    async showOpLog(operationLogId: string, call: CallOptions = {}): Promise<OpLogLookup> {
      const result = await client.GET(SHOW, {
        params: { path: { project_id, operation_log_id: operationLogId } },
        signal: call.signal,
      });
      const error = toHuaweiError(result);
      if (error?.status === 404 && error.code === NOT_FOUND_CODE)
        return { found: false, error, response: result.response };
      if (error) throw error;
      const operationLog = result.data?.operation_log;
      if (!operationLog) throw unexpectedReply(result.response, 'the reply has no "operation_log"');
      return { found: true, operationLog, response: result.response };
    },
    opLogPages,
    opLogs: (filter?: OpLogFilter, paging?: PagingOptions) => itemsOf(opLogPages(filter, paging), paging?.signal),
  });
}
