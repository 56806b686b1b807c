// curl samples. Each is a complete shell snippet: variables to fill in first (server variables, path
// parameters, credentials), then one curl call using the vendor's real URL form, e.g.
// http://${HOST}:8080/zstack/v1/cbt-task?q=status=Running&q=...&sort=%2BcreateDate.
import { createHash } from 'node:crypto';
import type { CodeSample, Json, OperationRef, Server } from '../openapi.ts';
import type { VendorProfile } from './profiles.ts';
import { type SampleBody, type SampleParameter, sampleBody, sampleParameters } from './values.ts';

/** Shell variable name for an OpenAPI name: `project_id` -> `PROJECT_ID`, `policyId` -> `POLICY_ID`. */
export const shellName = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();

/** Single-quoted shell word: nothing inside is expanded. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * Huawei's canonical encoding (and RFC 3986): everything but `A-Z a-z 0-9 - _ . ~` is percent-encoded as UTF-8,
 * so `+` travels as `%2B` and a space as `%20`.
 */
export const strictEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * ZStack query values keep `=`, `,` and `:` readable (`q=status=Running`, `fields=uuid,name`): the server splits
 * each pair at its first `=`. Everything else is encoded strictly: `+` must be `%2B` (`sort=%2BcreateDate`), `%`
 * wildcards `%25`, and `!` never appears raw, so pasting into an interactive shell cannot trigger history expansion.
 */
export const readableEncode = (value: string): string =>
  strictEncode(value).replace(/%3D/g, '=').replace(/%2C/g, ',').replace(/%3A/g, ':');

const scalar = (value: Json): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** [key, value] pairs in URL order: an exploded array repeats its key, a non-exploded one joins with commas. */
export function queryPairs(params: SampleParameter[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const p of params) {
    if (p.in !== 'query') continue;
    if (Array.isArray(p.value)) {
      if (p.explode) for (const v of p.value) pairs.push([p.name, scalar(v)]);
      else pairs.push([p.name, p.value.map(scalar).join(',')]);
    } else if (p.value !== null && typeof p.value === 'object') {
      throw new Error(
        `Query parameter "${p.name}" is an object; the curl sample generator does not serialise objects.`,
      );
    } else {
      pairs.push([p.name, scalar(p.value)]);
    }
  }
  return pairs;
}

/** Huawei's canonical query: keys sorted, a repeated key's values sorted by raw value, strictly encoded. */
export function canonicalQuery(pairs: Array<[string, string]>): string {
  return [...pairs]
    .sort(([ka, va], [kb, vb]) => (ka === kb ? (va < vb ? -1 : va > vb ? 1 : 0) : ka < kb ? -1 : 1))
    .map(([k, v]) => `${strictEncode(k)}=${strictEncode(v)}`)
    .join('&');
}

interface ShellVar {
  name: string;
  value: string;
  comment?: string;
}

interface UrlParts {
  /** `http://${HOST}:8080/zstack`: the first server's URL with its variables as shell references. */
  base: string;
  /** `${HOST}:8080`, for the Huawei `host` signed header. */
  host: string;
  /** `/zstack`: the server URL's path part, which prefixes every operation path. */
  basePath: string;
  vars: ShellVar[];
}

function serverParts(server: Server, keep: readonly string[]): UrlParts {
  const vars: ShellVar[] = [];
  const base = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const variable = server.variables?.[name];
    if (!variable) throw new Error(`Server URL ${server.url} uses {${name}} but declares no such variable.`);
    if (!keep.includes(name)) return variable.default;
    vars.push({ name: shellName(name), value: variable.default, comment: `server variable {${name}}` });
    return `\${${shellName(name)}}`;
  });
  const match = /^([a-z]+):\/\/([^/]+)(\/.*)?$/i.exec(base);
  if (!match) throw new Error(`Server URL ${server.url} is not an absolute http(s) URL; samples need the real host.`);
  return {
    base: base.replace(/\/$/, ''),
    host: match[2] as string,
    basePath: (match[3] ?? '').replace(/\/$/, ''),
    vars,
  };
}

function pathWithVars(op: OperationRef, params: SampleParameter[], vars: ShellVar[]): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const p = params.find((candidate) => candidate.in === 'path' && candidate.name === name);
    if (!p) throw new Error(`${op.operationId}: path ${op.path} has {${name}} but no path parameter of that name.`);
    if (!vars.some((v) => v.name === shellName(name))) vars.push({ name: shellName(name), value: scalar(p.value) });
    return `\${${shellName(name)}}`;
  });
}

/** Whether the operation needs credentials (its own `security`, else the document's). */
export const hasAuth = (op: OperationRef, docSecurity: unknown[] | undefined): boolean => {
  const security = op.operation.security ?? docSecurity ?? [];
  // `security: []` (or an alternative `{}`) means the operation is called without credentials, like ZStack's login.
  return security.length > 0 && !security.some((s) => Object.keys(s as object).length === 0);
};

const bodyText = (body: SampleBody): string => JSON.stringify(body.value, null, 2);

function render(vars: ShellVar[], lines: string[], comment?: string): string {
  const width = Math.max(...vars.map((v) => `${v.name}=${shellQuote(v.value)}`.length));
  const out: string[] = [];
  if (comment) out.push(`# ${comment}`);
  for (const v of vars) {
    const assignment = `${v.name}=${shellQuote(v.value)}`;
    out.push(v.comment ? `${assignment.padEnd(width)}  # ${v.comment}` : assignment);
  }
  if (vars.length > 0) out.push('');
  out.push(lines.map((line, i) => (i === 0 ? line : `  ${line}`)).join(' \\\n'));
  return out.join('\n');
}

export interface CurlContext {
  server: Server;
  security: unknown[] | undefined;
  profile: VendorProfile;
}

export function curlSamples(op: OperationRef, ctx: CurlContext): CodeSample[] {
  const params = sampleParameters(op, ctx.profile.selection);
  const body = sampleBody(op);
  const parts = serverParts(ctx.server, ctx.profile.serverVariables);
  const vars = [...parts.vars];
  const path = pathWithVars(op, params, vars);
  const pairs = queryPairs(params);
  const method = op.method.toUpperCase();
  const methodFlag = method === 'GET' ? '' : `-X ${method} `;
  const headers = params
    .filter((p) => p.in === 'header')
    .map((p) => `-H ${shellQuote(`${p.name}: ${scalar(p.value)}`)}`);
  const bodyLines = body
    ? [`-H ${shellQuote(`Content-Type: ${body.contentType}`)}`, `--data-raw ${shellQuote(bodyText(body))}`]
    : [];
  // No auth style: the reader adds whatever the spec's security schemes ask for.
  const authenticated = ctx.profile.auth !== 'none' && hasAuth(op, ctx.security);

  if (ctx.profile.auth === 'zstack') {
    const query = pairs.map(([k, v]) => `${readableEncode(k)}=${readableEncode(v)}`).join('&');
    const url = `${parts.base}${path}${query ? `?${query}` : ''}`;
    // RenewSession's path already names the session (SESSION_UUID): the same one authenticates the call.
    const authVars =
      authenticated && !vars.some((v) => v.name === 'SESSION_UUID')
        ? [{ name: 'SESSION_UUID', value: '<session-uuid>', comment: 'from LogInByAccount: PUT /v1/accounts/login' }]
        : [];
    const authHeader = authenticated ? [`-H "Authorization: OAuth \${SESSION_UUID}"`] : [];
    return [
      {
        lang: 'Shell',
        label: 'curl',
        source: render(
          [...vars, ...authVars],
          [`curl -sS ${methodFlag}"${url}"`, ...authHeader, ...headers, ...bodyLines],
        ),
      },
    ];
  }

  // Huawei: the same strictly encoded query string is sent and signed, so the two can never disagree.
  const query = canonicalQuery(pairs);
  const url = `${parts.base}${path}${query ? `?${query}` : ''}`;
  if (!authenticated) {
    return [
      {
        lang: 'Shell',
        label: 'curl',
        source: render(vars, [`curl -sS ${methodFlag}"${url}"`, ...headers, ...bodyLines]),
      },
    ];
  }
  const token = render(
    [...vars, { name: 'TOKEN', value: '<iam-token>', comment: 'X-Subject-Token header of IAM POST /v3/auth/tokens' }],
    [`curl -sS ${methodFlag}"${url}"`, `-H "X-Auth-Token: \${TOKEN}"`, ...headers, ...bodyLines],
  );
  return [
    { lang: 'Shell', label: 'curl (X-Auth-Token)', source: token },
    {
      lang: 'Shell',
      label: 'curl (AK/SK signed)',
      source: akskSample(parts, vars, path, query, method, methodFlag, headers, body),
    },
  ];
}

/**
 * A Huawei AK/SK (`SDK-HMAC-SHA256`) signed call with nothing but a shell, openssl and curl. Signed headers are
 * host, x-project-id and x-sdk-date (and content-type with a body), like the vendor's SDKs and our client; path
 * parameters are IDs (hex or UUIDs), which need no percent-encoding in the canonical URI.
 */
function akskSample(
  parts: UrlParts,
  pathVars: ShellVar[],
  path: string,
  query: string,
  method: string,
  methodFlag: string,
  headers: string[],
  body: SampleBody | undefined,
): string {
  const vars: ShellVar[] = [
    ...pathVars,
    { name: 'AK', value: '<access-key-id>' },
    { name: 'SK', value: '<secret-access-key>' },
  ];
  const projectVar = pathVars.find((v) => v.name === 'PROJECT_ID');
  const payload = body ? bodyText(body) : '';
  const payloadHash = createHash('sha256').update(payload, 'utf8').digest('hex');
  const signed: Array<[string, string]> = [['host', parts.host]];
  if (body) signed.push(['content-type', body.contentType]);
  if (projectVar) signed.push(['x-project-id', `\${PROJECT_ID}`]);
  signed.push(['x-sdk-date', `\${X_SDK_DATE}`]);
  signed.sort(([a], [b]) => (a < b ? -1 : 1));
  const signedList = signed.map(([name]) => name).join(';');
  const canonicalUri = `${parts.basePath}${path}`.replace(/\/?$/, '/');
  const canonical = [method, canonicalUri, query, ...signed.map(([n, v]) => `${n}:${v}`), '', signedList, payloadHash];
  const url = `${parts.base}${path}${query ? `?${query}` : ''}`;
  const lines = [
    `curl -sS ${methodFlag}"${url}"`,
    `-H "X-Sdk-Date: \${X_SDK_DATE}"`,
    ...(projectVar ? [`-H "X-Project-Id: \${PROJECT_ID}"`] : []),
    `-H "Authorization: SDK-HMAC-SHA256 Access=\${AK}, SignedHeaders=${signedList}, Signature=\${SIGNATURE}"`,
    ...headers,
    ...(body ? [`-H ${shellQuote(`Content-Type: ${body.contentType}`)}`, `--data-raw ${shellQuote(payload)}`] : []),
  ];
  const script = render(vars, lines, undefined).split('\n');
  // Insert the signing steps between the variables and the curl call.
  const curlStart = script.findIndex((line) => line.startsWith('curl '));
  const signing = [
    'X_SDK_DATE=$(date -u +%Y%m%dT%H%M%SZ)',
    '# Canonical request: method, URI ending in /, sorted query, signed headers, SHA-256 of the body.',
    `CANONICAL_REQUEST="${canonical.join('\n')}"`,
    `HASHED=$(printf '%s' "$CANONICAL_REQUEST" | openssl dgst -sha256 -hex | sed 's/^.*= //')`,
    `SIGNATURE=$(printf 'SDK-HMAC-SHA256\\n%s\\n%s' "$X_SDK_DATE" "$HASHED" | openssl dgst -sha256 -hmac "$SK" -hex | sed 's/^.*= //')`,
    '',
  ];
  return [...script.slice(0, curlStart), ...signing, ...script.slice(curlStart)].join('\n');
}
