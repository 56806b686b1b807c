// `pnpm contract --vendor <v> --target <url>`: live contract mode. Puts Prism's validating proxy
// (what `prism proxy --errors` does, run in this process by @backup-specs/mock, on 127.0.0.1) in front of a real endpoint, runs the read-only contract
// checks with the real clients through it, prints every mismatch between the endpoint and the spec,
// and exits non-zero on any. Credentials come from environment variables only (flags end up in shell
// history and process lists) and are never printed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assertSafePathParam } from '@backup-specs/client';
import type { HuaweiAuth } from '@backup-specs/client/huaweicloud';
import type { ZStackAuth } from '@backup-specs/client/zstack';
import {
  createResponseValidator,
  MockError,
  parseVendor,
  type RunningProxy,
  readBundle,
  startProxy,
  type Vendor,
} from '@backup-specs/mock';
import { CONTRACT_VENDORS, checksFor, zstackClient } from './checks.js';
import { createRecorder } from './recorder.js';
import { type CheckResult, runCheck } from './run.js';

export const CONTRACT_USAGE = `Usage: pnpm contract --vendor <name> --target <url> [--timeout <s>] [--port <n>] [--target-is-mock]

Runs the read-only contract checks through Prism's validating proxy (as prism proxy --errors, in
this process, on 127.0.0.1) in front of <url>, prints every mismatch between the endpoint and the spec, and exits 1 on
any (2 on bad usage).
  --vendor <name>  ${CONTRACT_VENDORS.join(' | ')}
  --target <url>   the endpoint, as a client would be configured:
                   zstack: http://<host>:8080/zstack   huaweicloud-cbr: https://cbr.<region>.myhuaweicloud.com
  --timeout <s>    seconds each check may take, and the reachability probe (default: 30)
  --port <n>       port of the local proxy (default: a free one)
  --target-is-mock the target is a Prism mock (pnpm mock): a dry run that sends Prefer headers so the
                   static examples play paging and not-found, and skips assertions about real data
Credentials (environment variables, never flags):
  zstack           ZSTACK_SESSION_UUID, or ZSTACK_ACCOUNT_NAME and ZSTACK_PASSWORD
  huaweicloud-*    HUAWEICLOUD_SDK_PROJECT_ID, and HUAWEICLOUD_TOKEN or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK
                   (plus HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials)
  huaweicloud-vbs  HUAWEICLOUD_VBS_POLICY_ID (the backup policy whose jobs are listed)`;

export interface ContractPlan {
  vendor: Vendor;
  target: string;
  port: number | undefined;
  /** Milliseconds each check (and the first reachability probe) may take. */
  timeoutMs: number;
  /** The target is a Prism mock: Prefer headers are sent, data assertions are skipped. */
  targetIsMock: boolean;
  zstack?: { auth: ZStackAuth };
  huawei?: { projectId: string; auth: HuaweiAuth; policyId?: string };
}

/** Parses flags and environment into a plan, or throws a MockError saying exactly what is missing. */
export function parseContractCli(argv: string[], env: NodeJS.ProcessEnv): ContractPlan | 'help' {
  let values: {
    vendor?: string;
    target?: string;
    port?: string;
    timeout?: string;
    'target-is-mock'?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        vendor: { type: 'string' },
        target: { type: 'string' },
        port: { type: 'string' },
        timeout: { type: 'string' },
        'target-is-mock': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new MockError(`${(error as Error).message}. Run with --help for usage.`);
  }
  if (values.help) return 'help';
  if (!values.vendor) throw new MockError(`--vendor is required: one of ${CONTRACT_VENDORS.join(', ')}.`);
  const vendor = parseVendor(values.vendor);
  if (!CONTRACT_VENDORS.includes(vendor)) {
    throw new MockError(
      `--vendor ${vendor}: no contract checks for it (they run its dedicated client; it has none yet). With checks: ${CONTRACT_VENDORS.join(', ')}.`,
    );
  }
  if (!values.target)
    throw new MockError('--target is required: the endpoint URL, e.g. http://zstack.example:8080/zstack.');
  let target: URL;
  try {
    target = new URL(values.target);
  } catch {
    throw new MockError('--target is not an absolute URL (e.g. https://cbr.cn-north-4.myhuaweicloud.com).');
  }
  // Never echo the URL back: user info would be a password.
  if (!/^https?:$/.test(target.protocol)) throw new MockError('--target must be an http:// or https:// URL.');
  if (target.username || target.password)
    throw new MockError('--target must not contain credentials; use the environment variables.');
  if (target.search || target.hash) throw new MockError('--target must not have a query string or fragment.');
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535)
      throw new MockError(`--port ${JSON.stringify(values.port)}: expected an integer from 1 to 65535.`);
  }
  const seconds = values.timeout === undefined ? 30 : Number(values.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new MockError(
      `--timeout ${JSON.stringify(values.timeout)}: expected seconds, a number above 0 and up to 3600.`,
    );
  }
  const plan: ContractPlan = {
    vendor,
    target: `${target.origin}${target.pathname}`.replace(/\/+$/, ''),
    port,
    timeoutMs: Math.round(seconds * 1000),
    targetIsMock: values['target-is-mock'] ?? false,
  };
  const set = (name: string) => (env[name] ?? '') !== '';

  if (vendor === 'zstack') {
    if (set('ZSTACK_SESSION_UUID')) plan.zstack = { auth: { sessionUuid: env.ZSTACK_SESSION_UUID as string } };
    else if (set('ZSTACK_ACCOUNT_NAME') && set('ZSTACK_PASSWORD')) {
      plan.zstack = {
        auth: { accountName: env.ZSTACK_ACCOUNT_NAME as string, password: env.ZSTACK_PASSWORD as string },
      };
    } else {
      throw new MockError(
        'zstack needs credentials: set ZSTACK_SESSION_UUID, or ZSTACK_ACCOUNT_NAME and ZSTACK_PASSWORD.',
      );
    }
    return plan;
  }
  if (!set('HUAWEICLOUD_SDK_PROJECT_ID'))
    throw new MockError(`${vendor} needs HUAWEICLOUD_SDK_PROJECT_ID (the project ID of the region).`);
  let auth: HuaweiAuth;
  if (set('HUAWEICLOUD_TOKEN')) auth = { token: env.HUAWEICLOUD_TOKEN as string };
  else if (set('HUAWEICLOUD_SDK_AK') && set('HUAWEICLOUD_SDK_SK')) {
    auth = set('HUAWEICLOUD_SDK_SECURITY_TOKEN')
      ? {
          ak: env.HUAWEICLOUD_SDK_AK as string,
          sk: env.HUAWEICLOUD_SDK_SK as string,
          securityToken: env.HUAWEICLOUD_SDK_SECURITY_TOKEN as string,
        }
      : { ak: env.HUAWEICLOUD_SDK_AK as string, sk: env.HUAWEICLOUD_SDK_SK as string };
  } else {
    throw new MockError(
      `${vendor} needs credentials: set HUAWEICLOUD_TOKEN, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK.`,
    );
  }
  plan.huawei = { projectId: pathSegment('HUAWEICLOUD_SDK_PROJECT_ID', env), auth };
  if (vendor === 'huaweicloud-vbs') {
    if (!set('HUAWEICLOUD_VBS_POLICY_ID')) {
      throw new MockError('huaweicloud-vbs needs HUAWEICLOUD_VBS_POLICY_ID (the backup policy whose jobs are listed).');
    }
    pathSegment('HUAWEICLOUD_VBS_POLICY_ID', env);
    plan.huawei.policyId = env.HUAWEICLOUD_VBS_POLICY_ID as string;
  }
  return plan;
}

/** An id that goes into the URL path: checked once here, with the clients' own rule, rather than failing every check. */
function pathSegment(name: string, env: NodeJS.ProcessEnv): string {
  const value = env[name] as string;
  try {
    assertSafePathParam(name, value);
  } catch (error) {
    throw new MockError(
      `${name} is not a usable id: ${(error as Error).message.replace(/^Path parameter "[^"]+" /, '')}`,
    );
  }
  return value;
}

/**
 * One request to the target before anything else: an endpoint that cannot be reached is one line naming
 * the URL and the cause (refused, unknown host, timed out), not a mismatch per check. Any HTTP answer,
 * whatever its status, means the endpoint is there.
 */
export async function probeTarget(target: string, timeoutMs: number): Promise<void> {
  try {
    const response = await fetch(`${target}/`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s (--timeout)`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new UnreachableError(`cannot reach ${target}: ${reason}.`);
  }
}

export class UnreachableError extends MockError {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s (--timeout)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface ContractReport {
  results: CheckResult[];
  failed: number;
  mismatches: number;
}

/** Starts the proxy, runs the read-only checks through it, stops the proxy. */
export async function runLiveContract(
  plan: ContractPlan,
  log: (line: string) => void = console.log,
): Promise<ContractReport> {
  await probeTarget(plan.target, plan.timeoutMs);
  const validator = createResponseValidator(await readBundle(plan.vendor)); // open objects: servers add fields
  let proxy: RunningProxy | undefined;
  try {
    proxy = await startProxy({
      vendor: plan.vendor,
      upstream: plan.target,
      ...(plan.port !== undefined ? { port: plan.port } : {}),
    });
    const recorder = createRecorder({
      baseUrl: plan.target,
      validator,
      redirectTo: proxy.origin,
      allowPrefer: plan.targetIsMock,
    });
    const context = {
      vendor: plan.vendor,
      mode: plan.targetIsMock ? ('mock' as const) : ('live' as const),
      baseUrl: plan.target,
      recorder,
      ...(plan.zstack ? { zstack: plan.zstack } : {}),
      ...(plan.huawei ? { huawei: plan.huawei } : {}),
    };
    log(
      `Contract of ${plan.vendor} against ${plan.target}${plan.targetIsMock ? ' (a mock: dry run)' : ''}, through Prism's validating proxy at ${proxy.origin}:`,
    );
    const results: CheckResult[] = [];
    for (const check of checksFor(plan.vendor)) {
      const result = await withTimeout(runCheck(check, context), plan.timeoutMs, check.name).catch(
        (error: Error): CheckResult => ({
          name: check.name,
          ok: false,
          error: error.message,
          note: undefined,
          problems: [],
          exchanges: [],
        }),
      );
      results.push(result);
      log(`${result.ok ? '  ok  ' : '  FAIL'} ${result.name}${result.note ? ` (${result.note})` : ''}`);
      const indent = (text: string) =>
        text
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => `         ${line}`)
          .join('\n');
      if (result.error) log(indent(result.error));
      for (const problem of result.problems) log(`         mismatch: ${problem}`);
    }
    if (plan.zstack?.auth.accountName) {
      // The suite logged in with the account: end that session rather than leave it to expire.
      await zstackClient(context)
        .logout()
        .then(
          () => log('Logged out the session the suite opened.'),
          (error: unknown) => log(`Could not log out the session the suite opened: ${(error as Error).message}`),
        );
    }
    const failed = results.filter((result) => !result.ok).length;
    const mismatches = results.reduce((sum, result) => sum + result.problems.length, 0);
    const requests = results.reduce((sum, result) => sum + result.exchanges.length, 0);
    log(
      `${results.length} checks, ${requests} requests: ${failed === 0 ? 'all passed' : `${failed} failed`}, ${mismatches} spec mismatch${mismatches === 1 ? '' : 'es'}.`,
    );
    return { results, failed, mismatches };
  } finally {
    await proxy?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  let plan: ContractPlan | 'help';
  try {
    plan = parseContractCli(argv, process.env);
  } catch (error) {
    console.error(`pnpm contract: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (plan === 'help') {
    console.log(CONTRACT_USAGE);
    return 0;
  }
  const report = await runLiveContract(plan);
  return report.failed > 0 || report.mismatches > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        `pnpm contract: ${error instanceof MockError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
      process.exit(1);
    },
  );
}
