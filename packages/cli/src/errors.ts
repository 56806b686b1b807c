// One line for any failure: what failed, where, and what to do. Never a stack trace, never a secret
// (the clients keep secrets out of their messages; Output scrubs whatever is left).
import { type ApiError, isApiError, isConfigurationError, isNetworkError, isRedirectError } from '@backup-specs/client';
import { TaskNotFoundError } from '@backup-specs/tasks';
import { ConfigError } from './config.js';

/** A usage or configuration problem (exit code 2). */
export function isInputError(error: unknown): boolean {
  return error instanceof ConfigError || isConfigurationError(error);
}

/** What to check for an API error: the client says whether the credentials or the clock were refused. */
function apiHint(error: ApiError): string {
  if (error.clockSkew) {
    return " (the signature's time was refused: check this machine's clock, AK/SK signatures are valid for about 15 minutes)";
  }
  if (error.credentialsRejected) return ' (credentials rejected: check them)';
  if (error.vendor === 'zstack' && error.status === 404) {
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
