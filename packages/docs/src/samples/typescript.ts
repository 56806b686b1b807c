// TypeScript samples using @backup-specs/client exactly as docs/client-api.md fixes its API: the vendor
// factory, then `client.GET('<path>', { params })`. test/typescript-samples.test.ts type-checks every
// generated sample against the real client package, so a sample that drifts from the client fails CI.
import type { CodeSample, Json, OperationRef, Server } from '../openapi.ts';
import { hasAuth } from './curl.ts';
import type { VendorProfile } from './profiles.ts';
import { type SampleParameter, sampleBody, sampleParameters } from './values.ts';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MAX_LINE = 100;

const tsString = (value: string): string =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;

/** Code inserted verbatim into a literal (a variable reference), told apart from JSON data by its class. */
export class Code {
  constructor(readonly code: string) {}
}
type Literal = Json | Code | Literal[] | { [key: string]: Literal };

const key = (k: string): string => (IDENTIFIER.test(k) ? k : tsString(k));

/** A TypeScript literal for a JSON value on one line. */
function inlineLiteral(value: Literal): string {
  if (value instanceof Code) return value.code;
  if (typeof value === 'string') return tsString(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(', ')}]`;
  const entries = Object.entries(value);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${key(k)}: ${inlineLiteral(v)}`).join(', ')} }`;
}

/**
 * A TypeScript literal for a JSON value: on one line when that fits in MAX_LINE from `column` (where the literal
 * starts), else one entry per line, indented by `indent` levels, each entry again on one line if it fits.
 */
export function tsLiteral(value: Literal, indent = 0, column = 0): string {
  const inline = inlineLiteral(value);
  if (column + inline.length <= MAX_LINE || value === null || typeof value !== 'object' || value instanceof Code) {
    return inline;
  }
  const pad = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${pad}${tsLiteral(v, indent + 1, pad.length)},`).join('\n')}\n${close}]`;
  }
  const lines = Object.entries(value).map(
    ([k, v]) => `${pad}${key(k)}: ${tsLiteral(v, indent + 1, pad.length + key(k).length + 2)},`,
  );
  return `{\n${lines.join('\n')}\n${close}}`;
}

function defaultServerUrl(server: Server): string {
  return server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = server.variables?.[name];
    if (!variable) throw new Error(`Server URL ${server.url} uses {${name}} but declares no such variable.`);
    return variable.default;
  });
}

function group(
  params: SampleParameter[],
  where: SampleParameter['in'],
  projectIdVar: boolean,
): Record<string, Literal> | undefined {
  const picked = params.filter((p) => p.in === where);
  if (picked.length === 0) return undefined;
  return Object.fromEntries(
    picked.map((p) => [
      p.name,
      projectIdVar && where === 'path' && p.name === 'project_id' ? new Code('projectId') : p.value,
    ]),
  );
}

export interface TypeScriptContext {
  server: Server;
  /** The document's security requirements: operations that need none get no credentials. */
  security: unknown[] | undefined;
  profile: VendorProfile;
}

/** The client the sample calls: the vendor's dedicated client, or plain openapi-fetch on the generated types. */
function clientSetup(op: OperationRef, ctx: TypeScriptContext, projectId: SampleParameter | undefined): string[] {
  const { client, auth } = ctx.profile;
  const baseUrl = `  baseUrl: ${tsString(defaultServerUrl(ctx.server))},`;
  const projectIdLine =
    auth === 'huawei' ? [`const projectId = ${tsString(projectId ? String(projectId.value) : '<project id>')};`] : [];
  if (client.module === undefined) {
    // No dedicated client: openapi-fetch with the API's generated paths, credentials as plain headers.
    const headers = !hasAuth(op, ctx.security)
      ? []
      : auth === 'zstack'
        ? // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample's own template literal, printed as is.
          ["  headers: { Authorization: `OAuth ${process.env.ZSTACK_SESSION_UUID ?? ''}` },"]
        : auth === 'huawei'
          ? [
              '  // An IAM token (X-Subject-Token of IAM POST /v3/auth/tokens); AK/SK signing needs a signing client.',
              "  headers: { 'X-Auth-Token': process.env.HUAWEICLOUD_TOKEN ?? '' },",
            ]
          : [];
    return [
      "import createClient from 'openapi-fetch';",
      `import type { paths } from '${client.typesModule}';`,
      '',
      ...projectIdLine,
      `const ${client.variable} = createClient<paths>({`,
      baseUrl,
      ...headers,
      '});',
    ];
  }
  const { module, factory, variable } = client;
  const lines = [`import { ${factory} } from '${module}';`, ''];
  if (auth === 'zstack') {
    lines.push(
      `const ${variable} = ${factory}({`,
      baseUrl,
      '  // An existing session; or auth: { accountName, password } to let the client log in (and re-login).',
      "  auth: { sessionUuid: process.env.ZSTACK_SESSION_UUID ?? '' },",
      '});',
    );
  } else if (auth === 'huawei') {
    const region = ctx.server.variables?.region?.default;
    lines.push(...projectIdLine, `const ${variable} = ${factory}({`);
    lines.push(region ? `  region: ${tsString(region)},` : baseUrl);
    lines.push(
      '  projectId,',
      "  // AK/SK signing (SDK-HMAC-SHA256); or auth: { token: '<IAM token>' } to send X-Auth-Token.",
      "  auth: { ak: process.env.HUAWEICLOUD_SDK_AK ?? '', sk: process.env.HUAWEICLOUD_SDK_SK ?? '' },",
      '});',
    );
  } else {
    lines.push(`const ${variable} = ${factory}({`, baseUrl, '});');
  }
  return lines;
}

export function typescriptSample(op: OperationRef, ctx: TypeScriptContext): CodeSample {
  const { client } = ctx.profile;
  const params = sampleParameters(op, ctx.profile.selection);
  const body = sampleBody(op);
  const projectId = params.find((p) => p.in === 'path' && p.name === 'project_id');
  if (client.module !== undefined && ctx.profile.auth === 'zstack' && op.operationId === 'LogInByAccount') {
    // Logging in needs no session: the client is given the account, and the body carries the digest that
    // ZStack's own clients send (the server compares the value as given; see the operation's description).
    const { module, factory, variable } = client;
    const lines = [
      `import { ${factory} } from '${module}';`,
      "import { createHash } from 'node:crypto';",
      '',
      "const accountName = process.env.ZSTACK_ACCOUNT_NAME ?? 'admin';",
      "const password = createHash('sha512').update(process.env.ZSTACK_PASSWORD ?? '').digest('hex');",
      `const ${variable} = ${factory}({`,
      `  baseUrl: ${tsString(defaultServerUrl(ctx.server))},`,
      "  auth: { accountName, password: process.env.ZSTACK_PASSWORD ?? '' },",
      '});',
      '',
      `const { data, error, response } = await ${variable}.PUT('/v1/accounts/login', {`,
      '  body: { logInByAccount: { accountName, password } },',
      '});',
      'if (response.ok) console.log(data?.inventory?.uuid);',
      'else console.error(response.status, error);',
    ];
    return { lang: 'TypeScript', label: 'TypeScript', source: lines.join('\n') };
  }
  const lines = [...clientSetup(op, ctx, projectId), ''];

  const init: Record<string, Literal> = {};
  const paramGroups: Record<string, Literal> = {};
  for (const where of ['path', 'query', 'header'] as const) {
    const g = group(params, where, ctx.profile.auth === 'huawei');
    if (g) paramGroups[where] = g;
  }
  if (Object.keys(paramGroups).length > 0) init.params = paramGroups;
  if (body) init.body = body.value;
  const method = op.method.toUpperCase();
  const call = `const { data, error, response } = await ${client.variable}.${method}(${tsString(op.path)}`;
  lines.push(Object.keys(init).length > 0 ? `${call}, ${tsLiteral(init, 0, call.length + 2)});` : `${call});`);
  lines.push('if (response.ok) console.log(data);', 'else console.error(response.status, error);');
  return { lang: 'TypeScript', label: 'TypeScript', source: lines.join('\n') };
}
