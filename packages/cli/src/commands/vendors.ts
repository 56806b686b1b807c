// `backup-tasks vendors`: what is configured, where it points (no secrets), and whether it answers.
import { TASK_VENDORS, type TaskVendor } from '@backup-specs/tasks';
import { describe, isInputError } from '../errors.js';
import { fitColumns } from '../format.js';
import { printable } from '../output.js';
import type { GlobalOptions, Run } from '../run.js';
import type { ConfiguredVendor } from '../vendors.js';

interface Row {
  vendor: TaskVendor;
  configured: boolean;
  endpoint: string | null;
  auth: string | null;
  answers: boolean | null;
  latencyMs: number | null;
  error: string | null;
  hint?: string;
}

export async function vendors(run: Run, options: { json?: boolean }, globals: GlobalOptions): Promise<number> {
  const { configured, missing, invalid } = await run.setup(globals);
  const probed = await Promise.all(configured.map((each) => probeRow(run, each)));
  const rows: Row[] = [
    ...probed,
    ...invalid.map((each) => ({ ...empty(each.vendor), configured: true, error: describe(each.error) })),
    ...missing.map((each) => ({ ...empty(each.vendor), hint: each.hint })),
  ].sort((a, b) => TASK_VENDORS.indexOf(a.vendor) - TASK_VENDORS.indexOf(b.vendor));
  if (options.json) run.output.json(JSON.stringify(rows, null, 2));
  else run.output.out(vendorTable(run, rows));
  if (invalid.length > 0) return 2;
  return probed.some((row) => !row.answers) ? 1 : 0;
}

const empty = (vendor: TaskVendor): Row => ({
  vendor,
  configured: false,
  endpoint: null,
  auth: null,
  answers: null,
  latencyMs: null,
  error: null,
});

async function probeRow(run: Run, each: ConfiguredVendor): Promise<Row> {
  const row = { ...empty(each.vendor), configured: true, endpoint: each.endpoint, auth: each.auth };
  const started = performance.now();
  try {
    await probe(each, run.signal);
    return { ...row, answers: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (isInputError(error) || run.signal.aborted) throw error;
    return { ...row, answers: false, error: describe(error) };
  }
}

function vendorTable(run: Run, rows: Row[]): string {
  const { output } = run;
  const state = (row: Row) =>
    !row.configured
      ? `not configured (${row.hint})`
      : row.answers === null
        ? output.style('red', `misconfigured: ${printable(row.error ?? '')}`)
        : row.answers
          ? output.style('green', `answers (${row.latencyMs} ms)`)
          : output.style('red', `does not answer: ${printable(row.error ?? '')}`);
  const cells = rows.map((row) => [row.vendor, printable(row.endpoint ?? '-'), row.auth ?? '-', state(row)]);
  return fitColumns(output, ['VENDOR', 'ENDPOINT', 'AUTH', 'STATE'], cells, { dropOrder: [2, 1] });
}

/** The cheapest read of each vendor: one item of its list. */
async function probe(vendor: ConfiguredVendor, signal: AbortSignal): Promise<void> {
  const { source } = vendor;
  if (source.vendor === 'zstack') {
    const { error } = await source.client.GET('/v1/cbt-task', { params: { query: { limit: 1 } }, signal });
    if (error) throw error;
  } else if (source.vendor === 'huaweicloud-cbr') {
    const { error } = await source.client.listOpLogs({ limit: 1 }, { signal });
    if (error) throw error;
  } else {
    const { error } = await source.client.listBackupTasksByPolicy(
      source.policyIds[0] as string,
      { limit: 1 },
      { signal },
    );
    if (error) throw error;
  }
}
