// The vendor APIs of this repository, as the registry (packages/registry) reads them from redocly.yaml.
import { type RegisteredApi, readRegistry } from '@backup-specs/registry';

export type VendorApi = RegisteredApi;
/** Where an API's files are: all the bundler needs. */
export type ApiLocation = Pick<RegisteredApi, 'alias' | 'vendor' | 'root' | 'dir' | 'dist'>;

export async function readVendorApis(repoRoot: string, configFile = 'redocly.yaml'): Promise<VendorApi[]> {
  return readRegistry(repoRoot, configFile);
}
