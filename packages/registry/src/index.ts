// The one list of vendor APIs: the `apis:` section of redocly.yaml, each entry with its options for the
// other packages in an `x-backup-specs` extension (the way openapi-typescript keeps `x-openapi-ts` there):
//
//   apis:
//     zstack@v1:
//       root: specs/zstack/openapi.yaml
//       x-backup-specs:
//         mockPort: 4010                 # pnpm mock's default port
//         mockErrors: { style: zstack }  # how the mock words a 400 (see MockErrors); default: the spec's first 400 example
//         auth: zstack                   # zstack (OAuth session) | huawei (token or AK/SK) | none
//         client: { entry: zstack, factory: createZStackClient, variable: zstack }   # or: none
//         docs:
//           title: ZStack Cloud
//           serverVariables: [host, port, context]
//           sampleQuery: [q, limit]
//           sampleValues: { sort: '+createDate' }
//
// Compiled, so built packages read it at run time; synchronous, so a module can read it once when loaded.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export type AuthStyle = 'zstack' | 'huawei' | 'none';

export interface ClientEntry {
  /** Subpath of `@backup-specs/client`, e.g. `zstack` for `@backup-specs/client/zstack`. */
  entry: string;
  /** The factory that entry exports, e.g. `createZStackClient`. */
  factory: string;
  /** The variable name the docs' samples give the client. */
  variable: string;
}

export interface DocsProfile {
  /** Short name for navigation (the spec's info.title is a sentence). */
  title: string;
  /** Server variables the reader fills in (shell variables in curl); the others keep their default. */
  serverVariables: string[];
  /** The optional query parameters the samples show. */
  sampleQuery: string[];
  /** Values the samples use instead of the spec's examples. */
  sampleValues: Record<string, string>;
}

/**
 * How the mock answers a request that breaks the spec: in the vendor's format, naming the parameter and the
 * rule. `zstack`: plain text with ZStack's own wording (a bad request body: 503 `SYS.1007`, as the server
 * does); `flat`: `{"error_code": code, "error_msg"}`; `nested`: `{"error": {"code", "message"}}`;
 * `code-message`: `{"code", "message"}`.
 */
export interface MockErrors {
  style: 'zstack' | 'flat' | 'nested' | 'code-message';
  /** The error code the JSON styles send. */
  code: string;
}

const MOCK_ERROR_STYLES: ReadonlyArray<MockErrors['style']> = ['zstack', 'flat', 'nested', 'code-message'];

export interface RegisteredApi {
  /** Redocly API alias, e.g. `zstack@v1`. */
  alias: string;
  /** Folder name under specs/ and the API's name everywhere else, e.g. `zstack`. */
  vendor: string;
  /** Absolute path of the root openapi.yaml. */
  root: string;
  /** Absolute path of the API's folder (specs/<vendor>). */
  dir: string;
  /** Absolute path of its bundles (specs/<vendor>/dist). */
  dist: string;
  mockPort: number;
  /** Undefined: the mock answers a bad request with the spec's first declared 400 example. */
  mockErrors: MockErrors | undefined;
  auth: AuthStyle;
  /** The dedicated client, or undefined: then samples and users call it with plain openapi-fetch. */
  client: ClientEntry | undefined;
  docs: DocsProfile;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

/** The repository root: the nearest folder at or above `from` that holds redocly.yaml. */
export function findRepoRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    try {
      readFileSync(path.join(dir, 'redocly.yaml'));
      return dir;
    } catch {}
    if (path.dirname(dir) === dir) throw new RegistryError(`No redocly.yaml at or above ${from}.`);
  }
}

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const NAME = /^[a-z][a-z0-9-]*$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function stringList(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new RegistryError(`${where} must be a list of names.`);
  }
  return value as string[];
}

function readApi(configPath: string, alias: string, raw: unknown): RegisteredApi {
  const where = `${configPath}: api "${alias}"`;
  if (!isRecord(raw) || typeof raw.root !== 'string') throw new RegistryError(`${where} has no "root:".`);
  const root = path.resolve(path.dirname(configPath), raw.root);
  const dir = path.dirname(root);
  const vendor = path.basename(dir);
  if (!NAME.test(vendor)) {
    throw new RegistryError(`${where}: the folder name "${vendor}" must be lowercase letters, digits and dashes.`);
  }
  const options = raw['x-backup-specs'];
  if (!isRecord(options)) {
    throw new RegistryError(`${where} has no "x-backup-specs:" (mockPort, auth, client, docs); see packages/registry.`);
  }
  const x = `${where}: x-backup-specs`;
  const { mockPort, mockErrors, auth, client, docs } = options;
  if (typeof mockPort !== 'number' || !Number.isInteger(mockPort) || mockPort < 1024 || mockPort > 65535) {
    throw new RegistryError(`${x}.mockPort must be an integer from 1024 to 65535.`);
  }
  let errors: MockErrors | undefined;
  if (mockErrors !== undefined) {
    const style = isRecord(mockErrors) ? mockErrors.style : undefined;
    const code = isRecord(mockErrors) ? (mockErrors.code ?? '') : undefined;
    if (!MOCK_ERROR_STYLES.includes(style as MockErrors['style']) || typeof code !== 'string') {
      throw new RegistryError(`${x}.mockErrors must be { style: ${MOCK_ERROR_STYLES.join(' | ')}, code?: <string> }.`);
    }
    if (style !== 'zstack' && code === '') {
      throw new RegistryError(`${x}.mockErrors.code is missing: the error code a ${style} 400 carries.`);
    }
    errors = { style: style as MockErrors['style'], code };
  }
  if (auth !== 'zstack' && auth !== 'huawei' && auth !== 'none') {
    throw new RegistryError(`${x}.auth must be zstack, huawei or none.`);
  }
  let clientEntry: ClientEntry | undefined;
  if (client !== 'none') {
    if (
      !isRecord(client) ||
      typeof client.entry !== 'string' ||
      !NAME.test(client.entry) ||
      typeof client.factory !== 'string' ||
      !IDENTIFIER.test(client.factory) ||
      typeof client.variable !== 'string' ||
      !IDENTIFIER.test(client.variable)
    ) {
      throw new RegistryError(
        `${x}.client must be "none" or { entry, factory, variable } (a subpath and two identifiers).`,
      );
    }
    clientEntry = { entry: client.entry, factory: client.factory, variable: client.variable };
  }
  if (!isRecord(docs) || typeof docs.title !== 'string' || docs.title.trim() === '') {
    throw new RegistryError(`${x}.docs.title is missing: the short name the docs navigation shows.`);
  }
  const values = docs.sampleValues ?? {};
  if (!isRecord(values) || Object.values(values).some((value) => typeof value !== 'string')) {
    throw new RegistryError(`${x}.docs.sampleValues must map parameter names to strings.`);
  }
  return {
    alias,
    vendor,
    root,
    dir,
    dist: path.join(dir, 'dist'),
    mockPort,
    mockErrors: errors,
    auth,
    client: clientEntry,
    docs: {
      title: docs.title,
      serverVariables: stringList(docs.serverVariables, `${x}.docs.serverVariables`),
      sampleQuery: stringList(docs.sampleQuery, `${x}.docs.sampleQuery`),
      sampleValues: values as Record<string, string>,
    },
  };
}

/** Every registered API, in redocly.yaml's order; a RegistryError names the entry and option at fault. */
export function readRegistry(repoRoot: string = findRepoRoot(), configFile = 'redocly.yaml'): RegisteredApi[] {
  const configPath = path.resolve(repoRoot, configFile);
  let config: unknown;
  try {
    config = parse(readFileSync(configPath, 'utf8'));
  } catch (error) {
    throw new RegistryError(`Cannot read ${configPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const apis = isRecord(config) && isRecord(config.apis) ? Object.entries(config.apis) : [];
  if (apis.length === 0) throw new RegistryError(`${configPath}: no "apis:" entries; add one per vendor API.`);
  const registered = apis.map(([alias, raw]) => readApi(configPath, alias, raw));
  for (const key of ['vendor', 'mockPort'] as const) {
    const seen = new Map<unknown, string>();
    for (const api of registered) {
      const other = seen.get(api[key]);
      if (other) throw new RegistryError(`${configPath}: apis "${other}" and "${api.alias}" have the same ${key}.`);
      seen.set(api[key], api.alias);
    }
  }
  return registered;
}
