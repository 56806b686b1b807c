// One line for any failure: what failed, where, and what to do. Never a stack trace, never a secret
// (the clients keep secrets out of their messages; Output scrubs whatever is left).
import { isApiError, isConfigurationError } from '@backup-specs/client';
import { TaskNotFoundError } from '@backup-specs/tasks';
import { ConfigError } from './config.js';

/** A usage or configuration problem (exit code 2). */
export function isInputError(error: unknown): boolean {
  return error instanceof ConfigError || isConfigurationError(error);
}

const REJECTED = new Set(['ID.1000', 'ID.1001', 'ID.1002', 'APIGW.0301', 'APIGW.0101', 'APIGW.0302', 'APIGW.0303']);

/** The cause of a failure in a few words: "HTTP 401 APIGW.0301 Incorrect IAM authentication information (credentials rejected)". */
export function describe(error: unknown): string {
  if (isApiError(error)) {
    const { status, code } = error as { status: number; code?: string };
    const message = error.message.replace(/\s+/g, ' ').trim();
    const rejected = status === 401 || status === 403 || (code !== undefined && REJECTED.has(code));
    return `${message}${rejected ? ' (credentials rejected: check them)' : ''}`;
  }
  if (error instanceof TaskNotFoundError) return error.message;
  if (error instanceof Error) return error.message.replace(/\s+/g, ' ').trim() || error.name;
  return String(error);
}
