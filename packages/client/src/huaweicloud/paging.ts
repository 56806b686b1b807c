// Paging iterators for Huawei list APIs, by offset (CBR, VBS) and by marker (VBS).
//
// Offset paging over a list that changes while it is read can repeat an item (something was inserted
// before the cursor) or skip one (something before the cursor was deleted). These iterators guarantee:
// no item is yielded twice, and every item that exists for the whole iteration is yielded, provided the
// server keeps a stable order. How:
//   1. Every id yielded is remembered; an id seen again is dropped (covers insertions).
//   2. Each request after the first starts one item early, at the last item of the previous page (the
//      anchor). If the anchor is where expected or further on, nothing before it moved out of view and the
//      items after it are contiguous: nothing can have been skipped.
//   3. If the anchor is gone from the page (deletions before it, the anchor itself deleted, or a whole
//      page of insertions), or nothing follows it although `count` says more do (a server ignoring
//      `offset`), the iterator reads again from offset 0, dropping what it already yielded, at most
//      `maxRestarts` times; then it throws PagingError rather than risk a silent gap.
// It stops when `offset + page length` reaches the `count` of that reply, or, without a count, when a
// page holds nothing past the anchor.
import { ConfigurationError } from '../core/errors.js';

/** One request's worth of items that were not yielded before, in server order (never empty). */
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

/** The list changed under an iterator more often than it may start over, or the server pages inconsistently. */
export class PagingError extends Error {
  override name = 'PagingError';
}

export interface FetchedPage<T> {
  items: T[];
  count?: number | undefined;
  response: Response;
}

function checkPageSize(label: string, value: number | undefined, fallback: number, max: number, min: number): number {
  const size = value ?? fallback;
  if (!Number.isInteger(size) || size < min || size > max) {
    const why = min > 1 ? ' (one item of each page overlaps the previous one)' : '';
    throw new ConfigurationError(`${label}: pageSize must be an integer from ${min} to ${max}${why}.`);
  }
  return size;
}

export function offsetPages<T>(
  label: string,
  fetchPage: (offset: number, limit: number) => Promise<FetchedPage<T>>,
  idOf: (item: T) => string,
  options: PagingOptions & { defaultPageSize: number; maxPageSize: number },
): AsyncGenerator<Page<T>, void, undefined> {
  const limit = checkPageSize(label, options.pageSize, options.defaultPageSize, options.maxPageSize, 2);
  const maxRestarts = options.maxRestarts ?? 3;
  return (async function* () {
    const seen = new Set<string>();
    let restarts = 0;
    let offset = 0;
    let anchor: string | undefined;
    let lastCount: number | undefined;
    const restart = (why: string) => {
      restarts += 1;
      if (restarts > maxRestarts) {
        throw new PagingError(
          `${label}: ${why}, and the iterator already started over ${maxRestarts} times; narrow the query (e.g. by time) or retry later.`,
        );
      }
      offset = 0;
      anchor = undefined;
    };
    for (;;) {
      const page = await fetchPage(offset, limit);
      const ids = page.items.map(idOf);
      let start = 0;
      if (anchor !== undefined) {
        start = ids.indexOf(anchor) + 1;
        if (start === 0) {
          restart(`the list changed while it was read (the item at offset ${offset} moved)`);
          continue;
        }
      }
      const fresh = page.items.filter((_, i) => !seen.has(ids[i] as string) && seen.add(ids[i] as string));
      if (fresh.length > 0) yield { items: fresh, offset, count: page.count, response: page.response };
      const end = offset + ids.length;
      // Done: the reply's count is reached, or (no count) nothing came after the anchor, or an empty first page.
      if (page.count === undefined ? start >= ids.length : end >= page.count || ids.length === 0) return;
      const grew = page.count !== undefined && lastCount !== undefined && page.count > lastCount;
      lastCount = page.count;
      // Nothing after the anchor although count says more follow. Only a full page of insertions before the
      // anchor explains that (and then count grew); otherwise the server is not paging (e.g. it ignores
      // offset) or the list changed: start over rather than guess.
      if (start >= ids.length && !(ids.length === limit && grew)) {
        restart(`the server reported ${page.count} items but returned none after offset ${offset}`);
        continue;
      }
      anchor = ids[ids.length - 1];
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
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const page = await fetchPage(marker, limit);
      // Only an empty page ends marker paging: a short page may just be the server's own size cap.
      if (page.items.length === 0) return;
      const ids = page.items.map(idOf);
      const fresh = page.items.filter((_, i) => !seen.has(ids[i] as string) && seen.add(ids[i] as string));
      // A page of items already yielded means the server ignored the marker: stop instead of looping.
      if (fresh.length === 0)
        throw new PagingError(
          `${label}: the page after marker ${marker} repeats items already returned; the server ignored the marker.`,
        );
      yield { items: fresh, marker, count: page.count, response: page.response };
      marker = ids[ids.length - 1];
    }
  })();
}

/** Flattens a page iterator into an item iterator. */
export async function* itemsOf<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.items;
}
