// How each vendor API is called in the samples: its auth style, its @backup-specs/client entry point and what
// the samples show, all from the API's registry entry (redocly.yaml `x-backup-specs`, read by packages/registry).
import type { VendorApi } from '@backup-specs/scripts/vendors';
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

/** The profile of a registered API, from its `x-backup-specs` options in redocly.yaml (packages/registry). */
export function profileFor(api: VendorApi): VendorProfile {
  const { client, auth, docs } = api;
  if (!client || auth === 'none') {
    throw new DocsBuildError(
      `${api.alias}: the docs' code samples need a dedicated client and an auth style (x-backup-specs.client and .auth in redocly.yaml); plain openapi-fetch samples are not generated yet.`,
    );
  }
  return {
    name: docs.title,
    auth,
    client: { module: `@backup-specs/client/${client.entry}`, factory: client.factory, variable: client.variable },
    serverVariables: docs.serverVariables,
    selection: {
      query: docs.sampleQuery,
      ...(Object.keys(docs.sampleValues).length > 0 ? { values: docs.sampleValues } : {}),
    },
  };
}
