// ZStack Cloud types, generated from specs/zstack (see ../generated/zstack.ts), with short aliases.
import type { components } from '../generated/zstack.js';

export type { components, operations, paths } from '../generated/zstack.js';

type Schemas = components['schemas'];

export type CbtTask = Schemas['CbtTaskInventory'];
export type CbtTaskResourceRef = Schemas['CbtTaskResourceRef'];
export type CbtTaskStatus = Schemas['CbtTaskStatus'];
export type CdpTask = Schemas['CdpTaskInventory'];
export type CdpTaskResourceRef = Schemas['CdpTaskResourceRef'];
export type CdpTaskStatus = Schemas['CdpTaskStatus'];
export type CdpTaskState = Schemas['CdpTaskState'];
export type CdpTaskType = Schemas['CdpTaskType'];
export type DatabaseBackup = Schemas['DatabaseBackupInventory'];
export type DatabaseBackupStorageRef = Schemas['DatabaseBackupStorageRef'];
export type ErrorCode = Schemas['ErrorCode'];
export type ZStackErrorReply = Schemas['ZStackErrorReply'];
export type Session = Schemas['SessionInventory'];
export type QueryCbtTaskReply = Schemas['QueryCbtTaskReply'];
export type QueryCdpTaskReply = Schemas['QueryCdpTaskReply'];
export type QueryDatabaseBackupReply = Schemas['QueryDatabaseBackupReply'];
