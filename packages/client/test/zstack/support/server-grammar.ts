// An independent transcription of how the ZStack REST server reads a query string, used as the oracle
// for property tests: RestServer.handleQueryApi (operator list and order, first match anywhere,
// StringUtils.splitByWholeSeparator(cond, op, 2), name trimmed, value not trimmed) after the servlet
// container's form decoding (URLSearchParams decodes the same way: %XX and "+" as space).

// QUERY_OP_MAPPING in RestServer.java, in insertion order.
const QUERY_OPS = ['!=', '>=', '<=', '!?=', '!~=', '~=', '?=', '=', '>', '<', 'is null', 'not null'] as const;

/** Apache commons-lang StringUtils.splitByWholeSeparator(str, separator, max), preserveAllTokens=false. */
export function splitByWholeSeparator(str: string, separator: string, max: number): string[] {
  const len = str.length;
  if (len === 0) return [];
  const substrings: string[] = [];
  let numberOfSubstrings = 0;
  let beg = 0;
  let end = 0;
  while (end < len) {
    end = str.indexOf(separator, beg);
    if (end > -1) {
      if (end > beg) {
        numberOfSubstrings += 1;
        if (numberOfSubstrings === max) {
          end = len;
          substrings.push(str.substring(beg));
        } else {
          substrings.push(str.substring(beg, end));
          beg = end + separator.length;
        }
      } else {
        beg = end + separator.length;
      }
    } else {
      substrings.push(str.substring(beg));
      end = len;
    }
  }
  return substrings;
}

export type ParsedCondition = { status: 400 } | { status: 200; name: string; op: string; value?: string };

export function parseCondition(cond: string): ParsedCondition {
  const op = QUERY_OPS.find((candidate) => cond.includes(candidate));
  if (!op) return { status: 400 };
  const ks = splitByWholeSeparator(cond, op, 2);
  if (op === 'is null' || op === 'not null') return { status: 200, name: (ks[0] ?? '').trim(), op };
  if (ks.length !== 2) return { status: 400 };
  return { status: 200, name: (ks[0] as string).trim(), op, value: ks[1] as string };
}

/** What the server reads from a query string: conditions, sort (direction and field), fields. */
export function readQuery(search: string) {
  const params = new URLSearchParams(search);
  const sortRaw = params.get('sort')?.trim();
  return {
    conditions: params.getAll('q').map(parseCondition),
    sort:
      sortRaw === undefined
        ? undefined
        : sortRaw.startsWith('-')
          ? { dir: 'desc', by: sortRaw.replace(/^-+/, '') }
          : { dir: 'asc', by: sortRaw.replace(/^\++/, '') },
    fields: params
      .get('fields')
      ?.split(',')
      .map((field) => field.trim()),
  };
}
