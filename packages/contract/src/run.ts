// Runs contract checks and attributes each exchange (and its problems) to the check that made it.
import type { ContractCheck, ContractContext } from './checks.js';
import { type Exchange, exchangeProblems } from './recorder.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  /** Why the check itself failed (an assertion, a typed API error), if it did. */
  error: string | undefined;
  note: string | undefined;
  /** Spec mismatches in the exchanges of this check (Prism's violations, ajv's findings). */
  problems: string[];
  exchanges: Exchange[];
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Assertion messages and the clients' typed errors are written for people and carry no secrets.
  return error.name === 'AssertionError' || error.name.endsWith('ApiError')
    ? error.message
    : `${error.name}: ${error.message}`;
}

export async function runCheck(check: ContractCheck, context: ContractContext): Promise<CheckResult> {
  const from = context.recorder.exchanges.length;
  let error: string | undefined;
  let note: string | undefined;
  try {
    note = await check.run(context);
  } catch (caught) {
    error = describeError(caught);
  }
  const exchanges = context.recorder.exchanges.slice(from);
  const problems = exchangeProblems(exchanges);
  return { name: check.name, ok: error === undefined && problems.length === 0, error, note, problems, exchanges };
}
