// Paging iterators for Huawei list APIs, by offset (CBR, VBS) and by marker (VBS).
//
// Offset paging over a list that changes while it is read can repeat an item (something was inserted
// before the cursor) or skip one (something before the cursor was deleted). These iterators guarantee:
// no item is yielded twice, and every item that exists for the whole iteration is yielded, provided the
// server keeps a stable order; when they cannot keep both promises they throw PagingError rather than
// leave a silent gap. Memory is bounded by the page size: only the ids of the last pages are kept. How:
//   1. Each request after the first starts one item early, at the last item of the previous page (the
//      anchor). Items after the anchor are contiguous and new; items before it (the previous page's, pushed
//      there by insertions before the cursor) were yielded already or were inserted during the iteration.
//   2. If the anchor is gone (deleted, or moved out of the window), the iterator resumes after the last
//      item of the previous page that it still finds; if it finds none, it moves the window by the change in
//      `count` (deletions: back; insertions: forward) and looks again, at most `maxRestarts` times.
//   3. A page with nothing new although `count` says more follow (a server ignoring `offset`, or a list
//      moving faster than it is read) counts against the same budget.
// It stops when `offset + page length` reaches the `count` of that reply, or, without a count, when a
// page holds nothing past the anchor.
import { ConfigurationError, PagingError } from '../core/errors.js';
import { pageCycleGuard } from '../core/page-cycle.js';

export { PagingError };

export interface Page<T> {
  items: T[];
  /** The offset requested (offset paging). */
  offset?: number;
  /** The marker sent (marker paging; undefined for the first page). */
  marker?: string | undefined;
  /** The reply's `count`: the total number of matching items, if the reply had one. */
  count: number | undefined;
  response: Response;
}

export interface PagingOptions {
  /** Items per request (`limit`). */
  pageSize?: number;
  /** Offset paging: how often the iterator may start over after the list moved under it. Default 3. */
  maxRestarts?: number;
  /** Stops the iteration (and the request in flight). */
  signal?: AbortSignal;
}

export interface FetchedPage<T> {
  items: T[];
  count?: number | undefined;
  response: Response;
}

function checkPageSize(label: string, value: unknown, fallback: number, max: number, min: number): number {
  const size = value ?? fallback;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < min || size > max) {
    const why = min > 1 ? ' (one item of each page overlaps the previous one)' : '';
    throw new ConfigurationError(`${label}: pageSize must be an integer from ${min} to ${max}${why}.`);
  }
  return size;
}

function checkRestarts(label: string, value: unknown): number {
  if (value === undefined) return 3;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100) {
    throw new ConfigurationError(`${label}: maxRestarts must be an integer from 0 to 100.`);
  }
  return value;
}

/** The ids of a page; an item without one cannot be paged safely (duplicates could not be told apart). */
function idsOf<T>(label: string, items: T[], idOf: (item: T) => unknown, where: string): string[] {
  return items.map((item, index) => {
    const id = typeof item === 'object' && item !== null ? idOf(item) : undefined;
    if (typeof id !== 'string' || id === '') {
      throw new PagingError(`${label}: item ${index} of the page ${where} has no id to tell repeats apart.`);
    }
    return id;
  });
}

export function offsetPages<T>(
  label: string,
  fetchPage: (offset: number, limit: number) => Promise<FetchedPage<T>>,
  idOf: (item: T) => string,
  options: PagingOptions & { defaultPageSize: number; maxPageSize: number },
): AsyncGenerator<Page<T>, void, undefined> {
  const limit = checkPageSize(label, options.pageSize, options.defaultPageSize, options.maxPageSize, 2);
  const maxRestarts = checkRestarts(label, options.maxRestarts);
  return (async function* () {
    const repeats = pageCycleGuard(label);
    let restarts = 0;
    let offset = 0;
    // Ids of the previous page in list order (with a few carried over: at most three pages' worth), and its count.
    let previous: string[] = [];
    let lastCount: number | undefined;
    const moved = (why: string, again = true) => {
      restarts += 1;
      if (!again || restarts > maxRestarts) {
        throw new PagingError(
          `${label}: ${why} (window moved ${restarts - 1} times); narrow the query (by time) or retry later.`,
        );
      }
    };
    for (;;) {
      options.signal?.throwIfAborted();
      const page = await fetchPage(offset, limit);
      const ids = idsOf(label, page.items, idOf, `at offset ${offset}`);
      const count = typeof page.count === 'number' ? page.count : undefined;
      // Resume after the last item of the previous page still in view (normally the anchor, at index 0).
      const known = new Set(previous);
      let resume = -1;
      for (let i = ids.length - 1; i >= 0 && previous.length > 0; i -= 1) {
        if (known.has(ids[i] as string)) {
          resume = i;
          break;
        }
      }
      // (An empty page after the first is the same case: deletions may have moved the rest behind the window.)
      if (previous.length > 0 && resume === -1 && (ids.length > 0 || offset > 0)) {
        // None of the previous page is in view: the list moved by more than the overlap. Move the window by
        // the change in count if there is one (insertions: forward, deletions: back), else a page back.
        const delta = count !== undefined && lastCount !== undefined ? count - lastCount : 0;
        const next = Math.max(0, delta !== 0 ? offset + delta : offset - (limit - 1));
        moved(
          `the list changed while it was read (nothing of the previous page is left at offset ${offset})`,
          next !== offset,
        );
        offset = next;
        lastCount = count;
        continue;
      }
      const fresh: T[] = [];
      const inPage = new Set<string>();
      ids.forEach((id, i) => {
        if (i > resume && !known.has(id) && !inPage.has(id)) fresh.push(page.items[i] as T);
        inPage.add(id);
      });
      if (fresh.length > 0) {
        repeats(fresh.map(idOf), `at offset ${offset}`);
        yield { items: fresh, offset, count, response: page.response };
      }
      const end = offset + ids.length;
      if (ids.length === 0 || (count === undefined ? fresh.length === 0 : end >= count)) return;
      if (fresh.length === 0) moved(`the server reported ${count} items but returned none after offset ${offset}`);
      // Remember this page and, after it (list order), the previous page's ids beyond the resume point that
      // were not in view: the window ended before them, so the next page may show them again.
      const carried = resume >= 0 ? previous.slice(previous.indexOf(ids[resume] as string) + 1) : [];
      previous = [...ids, ...carried.filter((id) => !inPage.has(id))].slice(0, 3 * limit);
      lastCount = count;
      offset = end - 1;
    }
  })();
}

export function markerPages<T>(
  label: string,
  fetchPage: (marker: string | undefined, limit: number) => Promise<FetchedPage<T>>,
  idOf: (item: T) => string,
  options: PagingOptions & { defaultPageSize: number; maxPageSize: number },
): AsyncGenerator<Page<T>, void, undefined> {
  const limit = checkPageSize(label, options.pageSize, options.defaultPageSize, options.maxPageSize, 1);
  return (async function* () {
    const repeats = pageCycleGuard(label);
    let previous = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      options.signal?.throwIfAborted();
      const page = await fetchPage(marker, limit);
      // Only an empty page ends marker paging: a short page may just be the server's own size cap.
      if (page.items.length === 0) return;
      const where = marker === undefined ? 'at the start' : `after marker ${marker}`;
      const ids = idsOf(label, page.items, idOf, where);
      const current = new Set<string>();
      const fresh = page.items.filter((_, i) => {
        const id = ids[i] as string;
        const repeated = previous.has(id) || current.has(id);
        current.add(id);
        return !repeated;
      });
      // A page of items already yielded means the server ignored the marker: stop instead of looping.
      if (fresh.length === 0)
        throw new PagingError(
          `${label}: the page after marker ${marker} repeats items already returned (the server ignores the marker?)`,
        );
      repeats(fresh.map(idOf), where);
      yield { items: fresh, marker, count: page.count, response: page.response };
      previous = current;
      marker = ids[ids.length - 1];
    }
  })();
}

/** Flattens a page iterator into an item iterator; an abort stops it before the next item. */
export async function* itemsOf<T>(
  pages: AsyncIterable<Page<T>>,
  signal?: AbortSignal,
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) {
    for (const item of page.items) {
      signal?.throwIfAborted();
      yield item;
    }
  }
}
