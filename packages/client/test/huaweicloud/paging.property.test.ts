// Property tests of the paging iterators against an in-memory list that may change between requests:
// no item is yielded twice, every item present for the whole iteration is yielded, and the number of
// requests stays bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { type FetchedPage, markerPages, offsetPages, type Page, PagingError } from '../../src/huaweicloud/paging.js';

interface Item {
  id: string;
}
type Mutation = { kind: 'insert'; at: number } | { kind: 'delete'; at: number };

/** A list server: before request i, the mutations scheduled for i are applied (positions taken modulo the length). */
function listServer(initial: number, schedule: Map<number, Mutation[]> = new Map()) {
  const list: Item[] = Array.from({ length: initial }, (_, i) => ({ id: `o${i}` }));
  const original = new Set(list.map((x) => x.id));
  const deleted = new Set<string>();
  const everExisted = new Set(original);
  let requests = 0;
  let inserted = 0;
  const mutate = () => {
    for (const m of schedule.get(requests) ?? []) {
      if (m.kind === 'insert') {
        const item = { id: `n${inserted++}` };
        everExisted.add(item.id);
        list.splice(m.at % (list.length + 1), 0, item);
      } else if (list.length > 0) {
        const [gone] = list.splice(m.at % list.length, 1);
        if (gone) deleted.add(gone.id);
      }
    }
    requests += 1;
  };
  const byOffset = async (offset: number, limit: number): Promise<FetchedPage<Item>> => {
    mutate();
    return { items: list.slice(offset, offset + limit), count: list.length, response: new Response() };
  };
  const byMarker = async (marker: string | undefined, limit: number): Promise<FetchedPage<Item>> => {
    mutate();
    const from = marker === undefined ? 0 : list.findIndex((x) => x.id === marker) + 1;
    if (from === 0 && marker !== undefined) throw new Error(`marker ${marker} not found`);
    return { items: list.slice(from, from + limit), count: list.length, response: new Response() };
  };
  return {
    byOffset,
    byMarker,
    original,
    deleted,
    everExisted,
    get requests() {
      return requests;
    },
  };
}

async function collect(pages: AsyncIterable<Page<Item>>, into: string[] = []): Promise<string[]> {
  for await (const page of pages) {
    expect(page.items.length).toBeGreaterThan(0);
    into.push(...page.items.map((x) => x.id));
  }
  return into;
}

const idOf = (x: Item) => x.id;
const recordOffsets =
  (offsets: number[], fetchPage: (offset: number, limit: number) => Promise<FetchedPage<Item>>) =>
  (offset: number, limit: number) => {
    offsets.push(offset);
    return fetchPage(offset, limit);
  };
const sizes = (pageSize: number, maxRestarts = 3) => ({
  pageSize,
  maxRestarts,
  defaultPageSize: 100,
  maxPageSize: 1000,
});

describe('offsetPages', () => {
  it('reads a stable list in order, once, with the expected number of requests', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 2, max: 60 }), async (total, pageSize) => {
        const server = listServer(total);
        const ids = await collect(offsetPages('test', server.byOffset, idOf, sizes(pageSize)));
        expect(ids).toEqual([...server.original]);
        // First page: pageSize new items; every later one pageSize - 1 (one item of overlap).
        const expected = total <= pageSize ? 1 : 1 + Math.ceil((total - pageSize) / (pageSize - 1));
        expect(server.requests).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('never yields an item twice and never skips one that existed throughout, or says so with PagingError', async () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(1000) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(1000) }),
    );
    let completed = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 2, max: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.array(mutation, { minLength: 1, maxLength: 8 })), {
          maxLength: 6,
        }),
        async (total, pageSize, events) => {
          runs += 1;
          const schedule = new Map<number, Mutation[]>();
          for (const [at, ms] of events) schedule.set(at, [...(schedule.get(at) ?? []), ...ms]);
          const server = listServer(total, schedule);
          // Memory is bounded by the page size, so some changes (a whole page deleted under the cursor) cannot
          // be told from others: then the iterator must throw PagingError, never yield a duplicate or skip silently.
          const ids: string[] = [];
          const outcome = await collect(
            offsetPages('test', server.byOffset, idOf, sizes(pageSize, 2 * schedule.size)),
            ids,
          ).catch((error: unknown) => error);
          expect(new Set(ids).size).toBe(ids.length);
          for (const id of ids) expect(server.everExisted.has(id)).toBe(true);
          if (outcome instanceof Error) {
            expect(outcome).toBeInstanceOf(PagingError);
          } else {
            completed += 1;
            for (const id of server.original) if (!server.deleted.has(id)) expect(ids).toContain(id);
          }
          // Bounded: a few full passes over the largest the list can have been.
          const largest = total + events.flatMap(([, ms]) => ms).length;
          expect(server.requests).toBeLessThanOrEqual(
            (2 * schedule.size + 1) * (2 + Math.ceil(largest / (pageSize - 1))),
          );
        },
      ),
      { numRuns: 500 },
    );
    // PagingError is the exception: most changing lists are still read to the end.
    expect(completed / runs).toBeGreaterThan(0.8);
  });

  it('absorbs insertions at the head (new tasks) without starting over', async () => {
    // 3 new items before every request: each page re-reads up to 3 shifted items, which are dropped.
    const schedule = new Map<number, Mutation[]>();
    for (let i = 1; i < 100; i += 1)
      schedule.set(
        i,
        [0, 0, 0].map((at) => ({ kind: 'insert' as const, at })),
      );
    const server = listServer(95, schedule);
    const offsets: number[] = [];
    const pages = offsetPages('test', recordOffsets(offsets, server.byOffset), idOf, sizes(10, 0));
    const ids = await collect(pages);
    expect(ids.filter((id) => id.startsWith('o'))).toEqual([...server.original]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(offsets.slice(1).every((o) => o > 0)).toBe(true); // never went back to offset 0
  });

  it('moves its window back when an item before the cursor is deleted, and finds the item that moved back', async () => {
    // Items o0..o9; after the first page (o0..o3), o1 is deleted: o4 moves to offset 3, where the anchor o3 was.
    const server = listServer(10, new Map([[1, [{ kind: 'delete', at: 1 }]]]));
    const offsets: number[] = [];
    const ids = await collect(offsetPages('test', recordOffsets(offsets, server.byOffset), idOf, sizes(4)));
    expect(ids).toEqual(['o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8', 'o9']);
    // The anchor o3 left the window at offset 3; count fell by one, so the window moves back one. Plain offset
    // paging would ask for offset 4 and miss o4.
    expect(offsets).toEqual([0, 3, 2, 5]);
  });

  it('throws PagingError after maxRestarts when the list keeps moving, with a bounded number of requests', async () => {
    const schedule = new Map<number, Mutation[]>();
    for (let i = 1; i < 1000; i += 1) schedule.set(i, [{ kind: 'delete', at: 0 }]);
    const server = listServer(500, schedule);
    const error = await collect(offsetPages('CBR operation logs', server.byOffset, idOf, sizes(10, 2))).catch((e) => e);
    expect(error).toBeInstanceOf(PagingError);
    expect(error.message).toMatch(/^CBR operation logs: the list changed while it was read .*window moved 2 times/);
    expect(server.requests).toBe(4); // the first page, then one request per move
  });

  it('detects a server that ignores offset instead of looping or stopping silently', async () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `x${i}` }));
    let requests = 0;
    const ignoresOffset = async () => {
      requests += 1;
      return { items, count: 50, response: new Response() };
    };
    const seen: string[] = [];
    const error = await (async () => {
      for await (const page of offsetPages('test', ignoresOffset, idOf, sizes(5, 1)))
        seen.push(...page.items.map(idOf));
    })().catch((e) => e);
    expect(error).toBeInstanceOf(PagingError);
    expect(error.message).toContain('the server reported 50 items but returned none after offset 8');
    expect(seen).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    expect(requests).toBe(3);
  });

  it('stops on an empty first page even when count disagrees, and without count when nothing follows the anchor', async () => {
    const empty = offsetPages('test', async () => ({ items: [], count: 7, response: new Response() }), idOf, sizes(5));
    expect(await collect(empty)).toEqual([]);
    const list = Array.from({ length: 9 }, (_, i) => ({ id: `y${i}` }));
    const noCount = async (o: number, l: number) => ({ items: list.slice(o, o + l), response: new Response() });
    expect(await collect(offsetPages('test', noCount, idOf, sizes(4)))).toEqual(list.map(idOf));
  });

  it('refuses page sizes it cannot page with, when the iterator is created', () => {
    const fetchPage = async () => ({ items: [], count: 0, response: new Response() });
    for (const pageSize of [1, 0, 1001, 2.5, Number.NaN]) {
      expect(() => offsetPages('CBR operation logs', fetchPage, idOf, sizes(pageSize))).toThrow(
        new ConfigurationError(
          'CBR operation logs: pageSize must be an integer from 2 to 1000 (one item of each page overlaps the previous one).',
        ),
      );
    }
  });
});

describe('markerPages', () => {
  it('reads every item once for any page size, ending on the empty page', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 2, max: 60 }), async (total, pageSize) => {
        const server = listServer(total);
        const ids = await collect(markerPages('test', server.byMarker, idOf, sizes(pageSize)));
        expect(ids).toEqual([...server.original]);
        expect(server.requests).toBe(Math.ceil(total / pageSize) + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('is unaffected by insertions anywhere: originals once each, no duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 2, max: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.nat(1000)), { maxLength: 10 }),
        async (total, pageSize, inserts) => {
          const schedule = new Map<number, Mutation[]>();
          for (const [at, pos] of inserts) schedule.set(at, [...(schedule.get(at) ?? []), { kind: 'insert', at: pos }]);
          const server = listServer(total, schedule);
          const ids = await collect(markerPages('test', server.byMarker, idOf, sizes(pageSize)));
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids.filter((id) => id.startsWith('o'))).toEqual([...server.original]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('throws PagingError when the server ignores the marker', async () => {
    const items = [{ id: 'a' }, { id: 'b' }];
    const error = await collect(
      markerPages('VBS backup jobs', async () => ({ items, count: 2, response: new Response() }), idOf, sizes(2)),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(PagingError);
    expect(error.message).toBe(
      'VBS backup jobs: the page after marker b repeats items already returned (the server ignores the marker?)',
    );
  });
});
