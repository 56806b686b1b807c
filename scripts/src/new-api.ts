// `pnpm new:api <name>[@<version>] [--from <api>] [--title <text>]`: scaffolds a vendor API. It writes
// specs/<name>/ (a copy of an existing API's spec folder, or the minimal template in scripts/templates/api)
// and appends one entry to redocly.yaml's `apis:` with the next free mock port. Everything else (bundles,
// types, mock, docs, tests) derives from the registry: nothing else is touched.
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findRepoRoot, type RegisteredApi, RegistryError, readRegistry } from '@backup-specs/registry';
import { isMap, parseDocument, stringify } from 'yaml';

const USAGE = `Usage: pnpm new:api <name>[@<version>] [--from <api>] [--title <text>]

Scaffolds specs/<name>/ and registers it in redocly.yaml (the next free mock port, no dedicated client).

  <name>          lowercase letters, digits and dashes, e.g. acme-backup (the folder, the mock's --vendor,
                  @backup-specs/types/<name>); @<version> sets the Redocly alias's version (default v1)
  --from <api>    copy an existing API's spec folder and options (e.g. huaweicloud-vbs); default: a
                  minimal lint-clean template
  --title <text>  the short name the docs show (default: from the name, e.g. "Acme Backup")
  -h, --help      show this help`;

const NAME = /^[a-z][a-z0-9-]*$/;
const VERSION = /^v?\d+(?:\.\d+)*$/;
const TEMPLATE = fileURLToPath(new URL('../templates/api', import.meta.url));

/** A mistake in the command line or the registry, told in one line. */
export class NewApiError extends Error {
  override name = 'NewApiError';
}

export interface NewApiOptions {
  /** `<name>` or `<name>@<version>`. */
  spec: string;
  from?: string;
  title?: string;
  repoRoot?: string;
}

export interface NewApiResult {
  alias: string;
  vendor: string;
  dir: string;
  mockPort: number;
}

const titleOf = (name: string): string =>
  name
    .split('-')
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(' ');

function parseName(spec: string): { vendor: string; version: string } {
  const [vendor = '', version = 'v1', ...rest] = spec.split('@');
  if (!NAME.test(vendor) || rest.length > 0) {
    throw new NewApiError(
      `"${spec}" is not a valid API name: use lowercase letters, digits and dashes, starting with a letter (e.g. acme-backup or acme-backup@v2).`,
    );
  }
  if (!VERSION.test(version)) throw new NewApiError(`"${version}" is not a version: use e.g. v1 or v2.`);
  return { vendor, version };
}

/** The next port after every registered one, so `pnpm mock` can serve all APIs at once. */
function nextMockPort(apis: RegisteredApi[]): number {
  const used = new Set(apis.map((api) => api.mockPort));
  let port = Math.max(...used) + 1;
  while (used.has(port)) port += 1;
  if (port > 65535) throw new NewApiError('No free mock port above the registered ones; set one by hand.');
  return port;
}

/** Copies the template, filling in its placeholders. */
async function copyTemplate(target: string, vendor: string, title: string): Promise<void> {
  await cp(TEMPLATE, target, { recursive: true, errorOnExist: true, force: false });
  const files = (await readdir(target, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  for (const entry of files) {
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replaceAll('__NAME__', vendor).replaceAll('__TITLE__', title));
  }
}

/** Copies an API's spec sources, never its bundles or temporary folders. */
async function copySpec(source: RegisteredApi, target: string): Promise<void> {
  await cp(source.dir, target, {
    recursive: true,
    errorOnExist: true,
    force: false,
    filter: (file) => {
      const name = path.basename(file);
      return file === source.dir || !(name === 'dist' || name === 'node_modules' || name.startsWith('.dist-tmp-'));
    },
  });
}

/** The registry entry's YAML, indented to sit under `apis:`. */
function entryYaml(alias: string, options: Record<string, unknown>, rules: unknown): string {
  const entry = { [alias]: { root: '', 'x-backup-specs': options, ...(rules ? { rules } : {}) } };
  return stringify(entry, { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

export async function newApi(options: NewApiOptions): Promise<NewApiResult> {
  const repoRoot = options.repoRoot ?? findRepoRoot();
  const { vendor, version } = parseName(options.spec);
  const configPath = path.join(repoRoot, 'redocly.yaml');
  let apis: RegisteredApi[];
  try {
    apis = readRegistry(repoRoot);
  } catch (error) {
    throw new NewApiError(
      `The registry is broken; fix redocly.yaml first. ${error instanceof RegistryError ? error.message : error}`,
    );
  }
  if (apis.some((api) => api.vendor === vendor)) {
    throw new NewApiError(`An API named "${vendor}" is already registered in redocly.yaml.`);
  }
  const dir = path.join(repoRoot, 'specs', vendor);
  const exists = await readdir(dir).then(
    () => true,
    () => false,
  );
  if (exists) throw new NewApiError(`specs/${vendor}/ already exists: choose another name or remove it.`);

  let source: RegisteredApi | undefined;
  if (options.from !== undefined) {
    source = apis.find((api) => api.vendor === options.from || api.alias === options.from);
    if (!source) {
      throw new NewApiError(
        `--from ${options.from}: no such API; registered: ${apis.map((api) => api.vendor).join(', ')}.`,
      );
    }
  }
  const title = options.title?.trim() || titleOf(vendor);
  const alias = `${vendor}@${version.startsWith('v') ? version : `v${version}`}`;
  const mockPort = nextMockPort(apis);

  const configText = await readFile(configPath, 'utf8');
  const config = parseDocument(configText);
  const apisNode = config.get('apis', true);
  if (!isMap(apisNode) || !apisNode.range) throw new NewApiError(`${configPath}: "apis:" is not a map.`);
  // Options for the other packages: the source's, but never its dedicated client (that is code for its paths).
  // The template's error body is { code, message } (components/schemas/Error.yaml).
  const sourceErrors = source?.mockErrors;
  const mockErrors = !source
    ? { style: 'code-message', code: 'InvalidParameter' }
    : sourceErrors && { style: sourceErrors.style, ...(sourceErrors.code ? { code: sourceErrors.code } : {}) };
  const xOptions = {
    mockPort,
    ...(mockErrors ? { mockErrors } : {}),
    auth: source?.auth ?? 'none',
    client: 'none',
    docs: {
      title,
      serverVariables: source?.docs.serverVariables ?? ['host'],
      sampleQuery: source?.docs.sampleQuery ?? ['limit', 'offset'],
      ...(source && Object.keys(source.docs.sampleValues).length > 0 ? { sampleValues: source.docs.sampleValues } : {}),
    },
  };
  const sourceRules = source ? config.getIn(['apis', source.alias, 'rules']) : undefined;
  const rules =
    sourceRules && typeof sourceRules === 'object' ? (sourceRules as { toJSON(): unknown }).toJSON() : undefined;
  const entry = entryYaml(alias, xOptions, rules).replace(
    /^(\s+root: ).*$/m,
    `$1${path.posix.join('specs', vendor, 'openapi.yaml')}`,
  );
  // Inserted right after the last API's last line, so every other byte of the file stays as it was.
  let end = apisNode.range[1];
  while (end > 0 && configText[end - 1] === '\n') end -= 1;
  const rest = configText.slice(end);
  const updated = `${configText.slice(0, end)}\n${entry}${rest === '' ? '\n' : rest}`;

  try {
    if (source) await copySpec(source, dir);
    else await copyTemplate(dir, vendor, title);
    await writeFile(configPath, updated);
    readRegistry(repoRoot);
  } catch (error) {
    // Leave nothing half-done: the folder and the registry go back to what they were.
    await rm(dir, { recursive: true, force: true });
    await writeFile(configPath, configText);
    throw error instanceof RegistryError
      ? new NewApiError(`The new entry does not read back: ${error.message}`)
      : error;
  }
  return { alias, vendor, dir, mockPort };
}

const parseCommandLine = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    options: { from: { type: 'string' }, title: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    console.error(`new:api: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    console.error(`new:api: give exactly one API name.\n\n${USAGE}`);
    return 2;
  }
  try {
    const result = await newApi({
      spec: parsed.positionals[0] as string,
      ...(parsed.values.from !== undefined ? { from: parsed.values.from } : {}),
      ...(parsed.values.title !== undefined ? { title: parsed.values.title } : {}),
    });
    const vendor = result.vendor;
    const next = [
      ['pnpm build', `bundles specs/${vendor}/dist, @backup-specs/types/${vendor}, its docs page`],
      [`pnpm mock --vendor ${vendor}`, `serves it on 127.0.0.1:${result.mockPort}`],
      ['pnpm test', 'lint, type checks and every suite, the new API included'],
    ];
    const width = Math.max(...next.map(([command = '']) => command.length));
    console.log(
      [
        `Created specs/${vendor}/ and registered ${result.alias} in redocly.yaml (mock port ${result.mockPort}).`,
        '',
        'Next:',
        ...next.map(([command = '', what]) => `  ${command.padEnd(width)}  ${what}`),
        `Then make specs/${vendor}/ say what the vendor's servers do (docs/spec-conventions.md).`,
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof NewApiError) {
      console.error(`new:api: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
