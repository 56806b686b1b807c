// ZStack's paging helpers over a query path: pages by start/limit with replyWithCount, items once each,
// one inventory by uuid. Every listing ends (a page that brings nothing new, or pages that repeat, is a
// PagingError: see core/page-cycle.ts).
import { unexpectedReply } from '../core/buffered-response.js';
import { PagingError } from '../core/errors.js';
import { pageCycleGuard } from '../core/page-cycle.js';
import { checkNumber } from '../core/retry.js';
import type {
  ZStackGetPath,
  ZStackHelpers,
  ZStackItem,
  ZStackListPath,
  ZStackLookup,
  ZStackPage,
  ZStackPageOptions,
} from './client.js';
import type { ZStackApiError } from './errors.js';

/** openapi-fetch's GET for a path chosen by a type parameter (its overloads cannot follow one). */
export type ListCall = (
  path: string,
  init: object,
) => Promise<{ data?: { inventories?: unknown; total?: unknown }; error?: ZStackApiError; response: Response }>;

const idOf = (item: unknown) => (item as { uuid?: unknown } | null)?.uuid;

export function zstackPaging(call: ListCall): Pick<ZStackHelpers, 'pages' | 'iterate' | 'getByUuid'> {
  // A list call's inventories; a reply without them is unusable, not an empty list.
  const inventoriesOf = async (path: string, init: object) => {
    const result = await call(path, init);
    if (result.error) throw result.error;
    const inventories = result.data?.inventories;
    if (!Array.isArray(inventories)) throw unexpectedReply(result.response, 'the reply has no "inventories" list');
    return { items: inventories as unknown[], total: result.data?.total };
  };

  async function* pages<P extends ZStackListPath>(
    path: P,
    options: ZStackPageOptions<P> = {},
  ): AsyncGenerator<ZStackPage<ZStackItem<P>>, void, undefined> {
    const pageSize = checkNumber('pageSize', options.pageSize, 100, 1, 10_000, true);
    let start = checkNumber('start', options.start, 0, 0, 2 ** 31 - 1, true);
    const label = `ZStack ${path}`;
    const repeats = pageCycleGuard(label);
    let previous = new Set<string>();
    for (;;) {
      const query = { ...options.query, start, limit: pageSize, replyWithCount: true };
      const reply = await inventoriesOf(path, { params: { query }, signal: options.signal });
      const items = reply.items as ZStackItem<P>[];
      const total = typeof reply.total === 'number' ? reply.total : undefined;
      // (Items without a uuid, when "fields" leaves it out, are told apart by their whole content.)
      const ids = items.map((item) => idOf(item) ?? JSON.stringify(item)) as string[];
      if (items.length === pageSize && ids.every((id) => previous.has(id))) {
        throw new PagingError(
          `${label}: the page at start ${start} brings nothing new (does the server ignore start?)`,
        );
      }
      repeats(ids, `at start ${start}`);
      previous = new Set(ids);
      yield { items, start, total };
      start += items.length;
      if (items.length < pageSize || (total !== undefined && start >= total)) return;
    }
  }

  async function* iterate<P extends ZStackListPath>(
    path: P,
    options?: ZStackPageOptions<P>,
  ): AsyncGenerator<ZStackItem<P>, void, undefined> {
    // Only the previous page's uuids are kept: enough to drop what insertions before the cursor push onto
    // the next page, and bounded by the page size however long the iteration runs.
    let previous = new Set<string>();
    for await (const page of pages(path, options)) {
      const current = new Set<string>();
      for (const [index, item] of page.items.entries()) {
        options?.signal?.throwIfAborted(); // items of a fetched page are not handed out after an abort
        const uuid = idOf(item);
        if (typeof uuid !== 'string' || uuid === '') {
          throw new PagingError(
            `ZStack ${path}: item ${index} of the page at start ${page.start} has no uuid to tell repeats apart (keep uuid in "fields").`,
          );
        }
        const repeated = previous.has(uuid) || current.has(uuid);
        current.add(uuid);
        if (!repeated) yield item;
      }
      previous = current;
    }
  }

  async function getByUuid<P extends ZStackGetPath>(
    path: P,
    uuid: string,
    init: { signal?: AbortSignal } = {},
  ): Promise<ZStackLookup<ZStackItem<P>>> {
    const { items } = await inventoriesOf(path, { params: { path: { uuid } }, signal: init.signal });
    const item = items.find((candidate) => idOf(candidate) === uuid);
    return (item ? { found: true, item } : { found: false, uuid }) as ZStackLookup<ZStackItem<P>>;
  }

  return { pages, iterate, getByUuid };
}
