// How each vendor API is called: its auth styles and its @backup-specs/client entry point (docs/client-api.md).
// The vendor list itself comes from redocly.yaml; a vendor added there without a profile here fails the
// docs build with a message saying so, rather than publishing a reference page without working samples.
import { DocsBuildError } from '../bundles.ts';
import type { SampleSelection } from './values.ts';

export interface VendorProfile {
  /** Short name for navigation (the spec's info.title is a sentence). */
  name: string;
  /** `zstack`: `Authorization: OAuth <session uuid>`. `huawei`: `X-Auth-Token` or AK/SK `SDK-HMAC-SHA256`. */
  auth: 'zstack' | 'huawei';
  client: {
    /** Package entry point of the vendor's client. */
    module: string;
    /** Factory exported by that entry point. */
    factory: string;
    /** Variable name the samples give the client. */
    variable: string;
  };
  /**
   * Server variables the reader fills in (shell variables in curl). The others are written with their default, so
   * the URL reads like the vendor's own: http://${HOST}:8080/zstack/v1/cbt-task, not http://${HOST}:${PORT}/...
   */
  serverVariables: readonly string[];
  /** Which optional query parameters the samples show, and value overrides. */
  selection: SampleSelection;
}

const PROFILES: Readonly<Record<string, VendorProfile>> = {
  zstack: {
    name: 'ZStack Cloud',
    auth: 'zstack',
    client: { module: '@backup-specs/client/zstack', factory: 'createZStackClient', variable: 'zstack' },
    serverVariables: ['host', 'port', 'context'],
    selection: {
      // Repeated q, a page size, the total, and a sort: the parameters people get wrong. `count` would drop the
      // inventories and `groupBy`/`filterName` are rarely used, so they stay in the reference, not the samples.
      query: ['q', 'limit', 'replyWithCount', 'sort'],
      // The spec's example sorts descending (`-createDate`); the ascending form is the one that must travel as
      // %2B (a raw `+` arrives as a space), so that is what the samples show.
      values: { sort: '+createDate' },
    },
  },
  'huaweicloud-cbr': {
    name: 'Huawei Cloud CBR',
    auth: 'huawei',
    client: { module: '@backup-specs/client/huaweicloud-cbr', factory: 'createCbrClient', variable: 'cbr' },
    serverVariables: ['region'],
    selection: { query: ['start_time', 'status', 'limit', 'offset'] },
  },
  'huaweicloud-vbs': {
    name: 'Huawei Cloud VBS',
    auth: 'huawei',
    client: { module: '@backup-specs/client/huaweicloud-vbs', factory: 'createVbsClient', variable: 'vbs' },
    serverVariables: ['region'],
    selection: { query: ['status', 'limit', 'offset'] },
  },
};

export function profileFor(vendor: string): VendorProfile {
  const profile = PROFILES[vendor];
  if (!profile) {
    throw new DocsBuildError(
      `No code-sample profile for vendor "${vendor}" (from redocly.yaml "apis:"). ` +
        `Add one to packages/docs/src/samples/profiles.ts (known: ${Object.keys(PROFILES).join(', ')}).`,
    );
  }
  return profile;
}
