// Huawei Cloud CBR types, generated from specs/huaweicloud-cbr (see ../generated/huaweicloud-cbr.ts), with short aliases.
import type { components } from '../generated/huaweicloud-cbr.js';

export type { components, operations, paths } from '../generated/huaweicloud-cbr.js';

type Schemas = components['schemas'];

export type OperationLog = Schemas['OperationLog'];
export type OperationLogs = Schemas['OperationLogs'];
export type OpErrorInfo = Schemas['OpErrorInfo'];
export type OpExtraInfo = Schemas['OpExtraInfo'];
export type Resource = Schemas['Resource'];
export type HuaweiError = Schemas['HuaweiError'];
