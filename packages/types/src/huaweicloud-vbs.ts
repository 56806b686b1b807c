// Huawei Cloud VBS types, generated from specs/huaweicloud-vbs (see ../generated/huaweicloud-vbs.ts), with short aliases.
import type { components } from '../generated/huaweicloud-vbs.js';

export type { components, operations, paths } from '../generated/huaweicloud-vbs.js';

type Schemas = components['schemas'];

export type BackupJob = Schemas['BackupJob'];
export type BackupJobStatus = Schemas['BackupJobStatus'];
