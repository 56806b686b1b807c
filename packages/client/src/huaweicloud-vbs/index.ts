// Huawei Cloud VBS (Volume Backup Service) client: an openapi-fetch client for the spec's paths, plus
// ListBackupTasksByPolicy with the project filled in and paging by offset or by marker (the last job_id).

import type { BackupJob, components, operations, paths } from '@backup-specs/types/huaweicloud-vbs';
/** The spec this client's types were generated from: API, version and bundle revision. */
import { apiInfo } from '@backup-specs/types/huaweicloud-vbs';
import { unexpectedReply } from '../core/buffered-response.js';
import { ConfigurationError } from '../core/errors.js';
import type { TypedClient, TypedResult } from '../core/typed-client.js';
import { createHuaweiClient } from '../huaweicloud/client.js';
import type { HuaweiClientOptions } from '../huaweicloud/config.js';
import type { HuaweiApiError } from '../huaweicloud/errors.js';
import { itemsOf, markerPages, offsetPages, type Page, type PagingOptions } from '../huaweicloud/paging.js';
import { unwrap } from '../huaweicloud/result.js';

export * from '../core/public.js';
export type { HuaweiClientOptions as VbsClientOptions } from '../huaweicloud/config.js';
export { HuaweiApiError } from '../huaweicloud/errors.js';
export type { Page, PagingOptions } from '../huaweicloud/paging.js';
export { orThrow, toHuaweiError, unwrap, withHuaweiError } from '../huaweicloud/result.js';
export type { BackupJob, components, operations, paths };
export { apiInfo };

export type BackupJobs = components['schemas']['BackupJobs'];
export type ListBackupTasksQuery = NonNullable<operations['ListBackupTasksByPolicy']['parameters']['query']>;
/** The filters and sort of ListBackupTasksByPolicy: the iterators manage `offset`, `marker` and `limit`. */
export type BackupTaskFilter = Omit<ListBackupTasksQuery, 'offset' | 'limit' | 'marker'>;
export interface CallOptions {
  signal?: AbortSignal;
}
export interface BackupTaskPagingOptions extends PagingOptions {
  /** `offset` (default: `offset += limit` until `count`) or `marker` (`marker` = last job_id, until an empty page). */
  by?: 'offset' | 'marker';
}

export type ListBackupTasksResult = TypedResult<operations['ListBackupTasksByPolicy'], object, HuaweiApiError>;

export interface VbsClient extends TypedClient<paths, HuaweiApiError> {
  readonly baseUrl: string;
  readonly projectId: string;
  /** ListBackupTasksByPolicy for the client's project; the openapi-fetch result, unchanged. */
  listBackupTasksByPolicy(
    policyId: string,
    query?: ListBackupTasksQuery,
    options?: CallOptions,
  ): Promise<ListBackupTasksResult>;
  /** Every backup job of the policy, page by page (only jobs not yielded before; never an empty page). */
  backupTaskPages(
    policyId: string,
    filter?: BackupTaskFilter,
    options?: BackupTaskPagingOptions,
  ): AsyncGenerator<Page<BackupJob>, void, undefined>;
  /** Every backup job of the policy, once. `pageSize` default 100, max 1000. Throws HuaweiApiError. */
  backupTasks(
    policyId: string,
    filter?: BackupTaskFilter,
    options?: BackupTaskPagingOptions,
  ): AsyncGenerator<BackupJob, void, undefined>;
}

const LIST = '/v2/{project_id}/backuppolicy/{policy_id}/backuptasks';

/** A VBS client. Throws ConfigurationError at once for missing or malformed options. */
export function createVbsClient(options: HuaweiClientOptions): VbsClient {
  const { client, resolved } = createHuaweiClient<paths>('vbs', options, apiInfo.servers);
  const project_id = resolved.projectId;

  const listBackupTasksByPolicy = (policyId: string, query: ListBackupTasksQuery = {}, call: CallOptions = {}) =>
    client.GET(LIST, {
      params: { path: { project_id, policy_id: policyId }, query },
      signal: call.signal,
    }) as Promise<ListBackupTasksResult>;

  const backupTaskPages = (policyId: string, filter: BackupTaskFilter = {}, paging: BackupTaskPagingOptions = {}) => {
    const fetchPage = async (query: ListBackupTasksQuery) => {
      const result = await listBackupTasksByPolicy(policyId, { ...filter, ...query }, paging);
      const data = unwrap(result);
      const items: unknown = data.tasks;
      if (!Array.isArray(items)) throw unexpectedReply(result.response, 'the reply has no "tasks" list');
      return { items, count: data.count, response: result.response };
    };
    const idOf = (job: BackupJob) => job.job_id;
    const sizes = { ...paging, defaultPageSize: 100, maxPageSize: 1000 };
    const label = `VBS GET ${LIST}`;
    if (paging.by === 'marker') {
      return markerPages(
        label,
        (marker, limit) => fetchPage(marker === undefined ? { limit } : { marker, limit }),
        idOf,
        sizes,
      );
    }
    if (paging.by !== undefined && paging.by !== 'offset') {
      throw new ConfigurationError('VBS backupTaskPages: set by to "offset" or "marker" (or leave it out for offset).');
    }
    return offsetPages(label, (offset, limit) => fetchPage({ offset, limit }), idOf, sizes);
  };

  return Object.assign(client, {
    baseUrl: resolved.baseUrl,
    projectId: project_id,
    listBackupTasksByPolicy,
    backupTaskPages,
    backupTasks: (policyId: string, filter?: BackupTaskFilter, paging?: BackupTaskPagingOptions) =>
      itemsOf(backupTaskPages(policyId, filter, paging), paging?.signal),
  });
}
