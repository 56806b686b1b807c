// Task sources on the fake vendors (real clients, real fetch, loopback).
import { createCbrClient } from '@backup-specs/client/huaweicloud-cbr';
import { createVbsClient } from '@backup-specs/client/huaweicloud-vbs';
import { createZStackClient } from '@backup-specs/client/zstack';
import type { CbrSource, VbsSource, ZStackSource } from '../../src/index.js';
import { type FakeVendors, POLICY, PROJECT, SESSION, TOKEN } from './fake-vendors.js';

const retry = { attempts: 1 };

export function sourcesOf(fake: FakeVendors): [ZStackSource, CbrSource, VbsSource] {
  const huawei = { projectId: PROJECT, auth: { token: TOKEN }, retry };
  return [
    {
      vendor: 'zstack',
      timeZone: 'UTC',
      client: createZStackClient({ baseUrl: fake.zstackUrl, auth: { sessionUuid: SESSION }, retry }),
    },
    { vendor: 'huaweicloud-cbr', client: createCbrClient({ ...huawei, baseUrl: fake.cbrEndpoint }) },
    {
      vendor: 'huaweicloud-vbs',
      policyIds: [POLICY],
      client: createVbsClient({ ...huawei, baseUrl: fake.vbsEndpoint }),
    },
  ];
}
