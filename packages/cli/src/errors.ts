// One line for any failure: what failed, where, and what to do. Never a stack trace, never a secret
// (the clients keep secrets out of their messages; Output scrubs whatever is left).
import { isApiError, isConfigurationError, isNetworkError, isRedirectError } from '@backup-specs/client';
import { TaskNotFoundError } from '@backup-specs/tasks';
import { ConfigError } from './config.js';

/** A usage or configuration problem (exit code 2). */
export function isInputError(error: unknown): boolean {
  return error instanceof ConfigError || isConfigurationError(error);
}

const REJECTED = new Set(['ID.1000', 'ID.1001', 'ID.1002', 'APIGW.0301', 'APIGW.0101', 'APIGW.0302']);

/** What to check for an API error, by vendor, status and code. */
function apiHint(error: { vendor: string; status: number; code?: string | undefined; message: string }): string {
  const { vendor, status, code, message } = error;
  // An AK/SK signature is refused some 15 minutes after its X-Sdk-Date: a clock that is off looks the same.
  if (code === 'APIGW.0303' || /signature.*expired|x-sdk-date/i.test(message)) {
    return " (the signature's time was refused: check this machine's clock, AK/SK signatures are valid for about 15 minutes)";
  }
  if (status === 401 || status === 403 || (code !== undefined && REJECTED.has(code))) {
    return ' (credentials rejected: check them)';
  }
  if (vendor === 'zstack' && status === 404) {
    return ' (is the context path in ZSTACK_URL? e.g. http://host:8080/zstack)';
  }
  return '';
}

/** The cause of a failure in a few words: "HTTP 401 APIGW.0301 Incorrect IAM authentication information (credentials rejected: check them)". */
export function describe(error: unknown): string {
  const text = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() || error.name : String(error);
  if (isApiError(error)) return `${text}${apiHint(error)}`;
  if (isNetworkError(error)) return `${text} (is the URL right, and is the server up and reachable from here?)`;
  if (isRedirectError(error)) {
    // The client's advice names an option of its own; here the endpoint setting is what a person changes.
    return `${text.replace(/; to trust it, list it in redirects\.allowedOrigins/, '')} (if that is where the API lives, set the endpoint to it: ZSTACK_URL, HUAWEICLOUD_CBR_ENDPOINT or HUAWEICLOUD_VBS_ENDPOINT)`;
  }
  if (error instanceof TaskNotFoundError) return error.message;
  return text;
}
