// The vendor APIs of this repository, read from the `apis:` section of redocly.yaml (the single list).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

export interface VendorApi {
  /** Redocly API alias, e.g. `zstack@v1`. */
  alias: string;
  /** Folder name under specs/, e.g. `zstack`. */
  vendor: string;
  /** Absolute path of the root openapi.yaml. */
  root: string;
  /** Absolute path of the vendor folder (specs/<vendor>). */
  dir: string;
  /** Absolute path of the bundle folder (specs/<vendor>/dist). */
  dist: string;
}

export async function readVendorApis(repoRoot: string, configFile = 'redocly.yaml'): Promise<VendorApi[]> {
  const configPath = path.resolve(repoRoot, configFile);
  const config = parse(await readFile(configPath, 'utf8')) as { apis?: Record<string, { root?: string }> };
  const apis = Object.entries(config.apis ?? {});
  if (apis.length === 0) throw new Error(`${configPath}: no "apis:" entries; add one per vendor.`);
  return apis.map(([alias, api]) => {
    if (!api.root) throw new Error(`${configPath}: api "${alias}" has no "root:".`);
    const root = path.resolve(path.dirname(configPath), api.root);
    const dir = path.dirname(root);
    return { alias, vendor: path.basename(dir), root, dir, dist: path.join(dir, 'dist') };
  });
}
