// How each vendor API is called in the samples: its auth style, its @backup-specs/client entry point and what
// the samples show, all from the API's registry entry (redocly.yaml `x-backup-specs`, read by packages/registry).
import type { VendorApi } from '@backup-specs/scripts/vendors';
import type { SampleSelection } from './values.ts';

export interface VendorProfile {
  /** Short name for navigation (the spec's info.title is a sentence). */
  name: string;
  /**
   * `zstack`: `Authorization: OAuth <session uuid>`. `huawei`: `X-Auth-Token` or AK/SK `SDK-HMAC-SHA256`.
   * `none`: no credentials (the spec's security schemes, if any, say the rest).
   */
  auth: VendorApi['auth'];
  /**
   * The dedicated client the TypeScript samples use; without one (`client: none` in the registry) they call
   * plain openapi-fetch with the API's generated `paths` from `@backup-specs/types/<vendor>`.
   */
  client:
    | {
        /** Package entry point of the vendor's client. */
        module: string;
        /** Factory exported by that entry point. */
        factory: string;
        /** Variable name the samples give the client. */
        variable: string;
      }
    | { module: undefined; typesModule: string; variable: string };
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
  return {
    name: docs.title,
    auth,
    client: client
      ? { module: `@backup-specs/client/${client.entry}`, factory: client.factory, variable: client.variable }
      : { module: undefined, typesModule: `@backup-specs/types/${api.vendor}`, variable: camelCase(api.vendor) },
    serverVariables: docs.serverVariables,
    selection: {
      query: docs.sampleQuery,
      ...(Object.keys(docs.sampleValues).length > 0 ? { values: docs.sampleValues } : {}),
    },
  };
}

/** `acme-backup` -> `acmeBackup`, `3par` -> `api3par`: a valid identifier for the samples' client variable. */
function camelCase(name: string): string {
  const camel = name.replace(/-+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/-/g, '');
  return /^[A-Za-z_$]/.test(camel) ? camel : `api${camel}`;
}
