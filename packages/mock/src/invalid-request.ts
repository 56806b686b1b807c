// The answer to a request that breaks the spec, in the vendor's own format and naming the real cause, built
// from Prism's validation result (Prism alone answers with the first declared 400 example, whatever the
// violation). The style comes from the API's registry entry (`mockErrors`).
import type { CredentialHeaderRule, MockErrors } from './vendors.js';

/** One violation as Prism reports it: `path` is `['query', 'limit']`, `['header', 'x-job-uuid']`, `['body', ...]`. */
export interface Violation {
  path?: string[];
  code?: string | number;
  message: string;
}

export interface InvalidRequestContext {
  style: MockErrors;
  /** The operation's id, for ZStack's message class (`APILogInByAccountMsg`). */
  operationId: string;
  /** The request's query values, to quote the offending `q` condition as ZStack does. */
  query: URLSearchParams;
  /** Declared parameter names, to quote a header as the spec spells it (`X-Job-UUID`). */
  parameterNames: string[];
  credentialHeader: CredentialHeaderRule | undefined;
}

export interface InvalidRequestAnswer {
  status: number;
  contentType: string;
  body: string;
}

const WHERE_ORDER = ['header', 'path', 'query', 'body'];

/** The violation a server would stop at first: credentials, then path, query and body; else Prism's order. */
function firstViolation(violations: Violation[]): Violation | undefined {
  const rank = (v: Violation) => {
    const index = WHERE_ORDER.indexOf(v.path?.[0] ?? '');
    return index === -1 ? WHERE_ORDER.length : index;
  };
  return [...violations].sort((a, b) => rank(a) - rank(b))[0];
}

/** Prism's "Request query parameter limit must be integer" -> "must be integer". */
export function rule(violation: Violation): string {
  const match = /\b(must .*|is required)$/.exec(violation.message);
  return match?.[1] ?? violation.message.replace(/^Request /, '');
}

/** The parameter or field a violation is about: `limit`, `q`, `X-Job-UUID`, `logInByAccount.password`. */
function subject(violation: Violation, context: InvalidRequestContext): string {
  const [where = '', ...rest] = violation.path ?? [];
  const required = /required property '([^']+)'/.exec(violation.message)?.[1];
  // A missing body is reported on the request itself (no path).
  if (where === 'body' || where === '') return [...rest, ...(required ? [required] : [])].join('.') || 'body';
  // A missing required parameter is reported on its container: `['header']` + "required property 'x'".
  const name = rest[0] ?? required ?? where;
  return context.parameterNames.find((declared) => declared.toLowerCase() === name.toLowerCase()) ?? name;
}

// ZStack's condition operators, in the order RestServer tries them (its BadRequestQWithoutOperator example).
const QUERY_OPERATORS = '[[!=, >=, <=, !?=, !~=, ~=, ?=, =, >, <, is null, not null]]';
const OPERATOR_AT_START = /^(!=|>=|<=|!\?=|!~=|~=|\?=|=|>|<)/;

function zstack(violation: Violation, context: InvalidRequestContext): InvalidRequestAnswer {
  const text = (body: string): InvalidRequestAnswer => ({ status: 400, contentType: 'text/plain', body });
  const [where = ''] = violation.path ?? [];
  const name = subject(violation, context);
  const credential = context.credentialHeader;
  if (where === 'header' && credential && name.toLowerCase() === credential.header.toLowerCase()) {
    return text(violation.code === 'required' ? credential.missing : credential.malformed);
  }
  if (where === 'header') return text(`Invalid header[${name}], it ${rule(violation)}`);
  if (where === 'query' && name === 'q') {
    // RestServer splits each condition once at its operator: quote the first condition it cannot split.
    const index = Number(violation.path?.[2] ?? 0);
    const condition = context.query.getAll('q')[Number.isInteger(index) ? index : 0] ?? '';
    return text(
      OPERATOR_AT_START.test(condition)
        ? `Invalid query parameter. The '${condition}' in parameter[q] is not a key-value pair split by =`
        : `Invalid query parameter. The '${condition}' in the parameter[q] doesn't contain any query operator. Valid query operators are ${QUERY_OPERATORS}`,
    );
  }
  if (where === 'query' && violation.code === 'type' && /must be integer/.test(violation.message)) {
    return text(`Invalid query parameter. '${name}' must be an integer`);
  }
  if (where === 'query' || where === 'path') return text(`Invalid query parameter. '${name}' ${rule(violation)}`);
  // The request body is an API message: a missing or invalid field is SYS.1007 in a 503, as for any argument.
  const field = name.split('.').pop() ?? name;
  const details =
    violation.code === 'required' && name !== 'body'
      ? `field[${field}] of message[API${context.operationId}Msg] is mandatory, can not be null`
      : `${name === 'body' ? 'the request body' : `field[${field}]`} of message[API${context.operationId}Msg] ${rule(violation)}`;
  return {
    status: 503,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'SYS.1007', description: 'One or more API argument is invalid', details } }),
  };
}

/** The vendor's answer to a request Prism found invalid, or undefined when nothing was violated. */
export function invalidRequestAnswer(
  violations: Violation[],
  context: InvalidRequestContext,
): InvalidRequestAnswer | undefined {
  const violation = firstViolation(violations);
  if (!violation) return undefined;
  const { style, code } = context.style;
  if (style === 'zstack') return zstack(violation, context);
  const name = subject(violation, context);
  const message = `Invalid ${name} provided: ${name} ${rule(violation)}.`;
  const body =
    style === 'flat'
      ? { error_code: code, error_msg: message }
      : style === 'nested'
        ? { error: { code, message } }
        : { code, message };
  return { status: 400, contentType: 'application/json', body: JSON.stringify(body) };
}
