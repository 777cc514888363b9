import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssetCriterion } from '../../../catalog/index.js';
import { runQuery } from './edc-query-run.js';
import type { QuerySource } from './edc-query-source.js';
import { applyQuery, type QuerySpec } from './edc-query-spec.js';

interface Item {
  id: string;
  createdAt: number;
  state: string;
  kind: string;
  extra: Record<string, string>;
}

/** Items in a store's order: createdAt, then id (as SQLite orders text). */
const inStoreOrder = (items: readonly Item[]) => [...items].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** A listing over `items` as a store gives it (narrowed by `states`), counting what it reads. */
function listing(items: readonly Item[], options: { keep?: boolean; open?: boolean } = {}) {
  const ordered = inStoreOrder(items);
  const reads = { pages: 0, rows: 0, lookups: 0 };
  const source: QuerySource<Item, { states: string[] }> = {
    page: async (offset, limit, n) => {
      const narrowed = n.states ? ordered.filter((i) => n.states?.includes(i.state)) : ordered;
      const rows = narrowed.slice(offset, offset + limit);
      reads.pages++;
      reads.rows += rows.length;
      return { items: rows, total: narrowed.length };
    },
    findById: async (id) => {
      reads.lookups++;
      return items.find((i) => i.id === id);
    },
    queryable: (i) => ({ item: i, id: i.id, fields: { state: i.state, kind: i.kind, createdAt: i.createdAt, ...i.extra } }),
    sortable: { fields: ['state', 'kind', 'createdAt'], ...(options.open ? { anyFilterField: true } : {}) },
    narrow: (c: AssetCriterion) =>
      c.operandLeft === 'state' && c.operator !== '!=' && c.operandRight.length > 0 ? { states: Array.isArray(c.operandRight) ? c.operandRight : [c.operandRight] } : undefined,
    narrowedBy: ['id', 'state'],
    ...(options.keep ? { keep: (i: Item) => i.kind !== 'hidden' } : {}),
    ...(options.open ? { sortableOf: (i: Item) => Object.keys(i.extra) } : {}),
  };
  return { source, reads };
}

/** The answer before runQuery: every item of the listing, then applyQuery (as the v3 routes did). */
function reference(items: readonly Item[], q: QuerySpec, options: { keep?: boolean; open?: boolean } = {}): string[] {
  const { source } = listing(items, options);
  const all = inStoreOrder(items);
  const more = options.open ? all.flatMap((i) => Object.keys(i.extra)) : [];
  const kept = options.keep ? all.filter((i) => i.kind !== 'hidden') : all;
  return applyQuery(kept.map(source.queryable), q, { ...source.sortable, fields: [...source.sortable.fields, ...more] }).map((i) => i.id);
}

const outcome = async (f: () => Promise<string[]> | string[]) => {
  try {
    return { ids: await f() };
  } catch (error) {
    const e = error as { code?: string; violations?: unknown };
    return { code: e.code, violations: e.violations };
  }
};

const query = (q: Partial<QuerySpec>): QuerySpec => ({ offset: 0, limit: 50, sortOrder: 'ASC', filter: [], filterAt: [], ...q });

// Ids that order differently as text and by localeCompare (case, punctuation), ids localeCompare finds equal (é as
// one character or as e and a combining accent), many ties on createdAt.
const ID_CHARS = ['a', 'B', 'b', 'A', '-', '_', '1', '.', 'e', '\u00e9', '\u0301'];
const STATES = ['STARTED', 'TERMINATED', 'REQUESTED'];
const itemsArb = fc
  .uniqueArray(
    fc.array(fc.constantFrom(...ID_CHARS), { minLength: 1, maxLength: 3 }).map((cs) => cs.join('')),
    { maxLength: 40 },
  )
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          id: fc.constant(id),
          createdAt: fc.integer({ min: 0, max: 4 }),
          state: fc.constantFrom(...STATES),
          kind: fc.constantFrom('x', 'y', 'hidden'),
          extra: fc.dictionary(fc.constantFrom('edc:site', 'edc:zone'), fc.constantFrom('north', 'south', 'N')),
        }),
      ),
    ),
  );
const criterionArb = (ids: readonly string[]): fc.Arbitrary<AssetCriterion> =>
  fc.oneof(
    fc.record({ operandLeft: fc.constant('id'), operator: fc.constantFrom('=' as const, '!=' as const), operandRight: fc.constantFrom('a', 'B', 'zz', ...ids) }),
    fc.record({ operandLeft: fc.constant('id'), operator: fc.constant('in' as const), operandRight: fc.subarray([...ids, 'zz']) }),
    fc.record({ operandLeft: fc.constant('state'), operator: fc.constantFrom('=' as const, '!=' as const), operandRight: fc.constantFrom(...STATES, '') }),
    fc.record({ operandLeft: fc.constant('state'), operator: fc.constant('in' as const), operandRight: fc.subarray([...STATES, 'OTHER']) }),
    fc.record({
      operandLeft: fc.constantFrom('kind', 'createdAt', 'edc:site'),
      operator: fc.constantFrom('=' as const, '!=' as const),
      operandRight: fc.constantFrom('x', 'y', '2', 'north'),
    }),
  );
const queryArb = (ids: readonly string[]) =>
  fc
    .record({
      offset: fc.integer({ min: 0, max: 45 }),
      limit: fc.integer({ min: 1, max: 45 }),
      sortField: fc.constantFrom(undefined, 'id', 'createdAt', 'state', 'kind', 'edc:site', 'nosuch'),
      desc: fc.boolean(),
      filter: fc.array(criterionArb(ids), { maxLength: 3 }),
    })
    .map(({ desc, sortField, filter, ...rest }) =>
      query({
        ...rest,
        filter,
        filterAt: filter.map((_, i) => `/filterExpression/${i}/operandLeft`),
        sortOrder: desc && sortField ? 'DESC' : 'ASC',
        ...(sortField ? { sortField } : {}),
      }),
    );

describe('runQuery', () => {
  it('should answer every QuerySpec exactly as applyQuery over the whole listing did (order, ties, filters, refusals)', async () => {
    await fc.assert(
      fc.asyncProperty(
        itemsArb.chain((items) => fc.tuple(fc.constant(items), fc.array(queryArb(items.map((i) => i.id)), { minLength: 1, maxLength: 8 }))),
        fc.constantFrom(1, 2, 3, 7, 500),
        fc.record({ keep: fc.boolean(), open: fc.boolean() }),
        async ([items, queries], chunk, options) => {
          for (const q of queries) {
            const { source } = listing(items, options);
            expect([q, await outcome(() => runQuery(source, q, { chunk, max: 1000 }).then((r) => r.map((i) => i.id)))]).toEqual([
              q,
              await outcome(() => reference(items, q, options)),
            ]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('should keep the cases the generated ones may miss: ids looked up in the listing order, two filters on one stored field', async () => {
    const tied = ['b', 'B', 'a', 'A', '-', '\u00e9', 'e\u0301'].map((id) => ({ id, createdAt: 7, state: id === 'a' ? 'TERMINATED' : 'STARTED', kind: 'x', extra: {} }));
    const cases = [
      query({ filter: [{ operandLeft: 'id', operator: 'in', operandRight: ['b', 'B', 'a', 'A', '-', 'zz'] }] }),
      query({
        filter: [
          { operandLeft: 'state', operator: '=', operandRight: 'STARTED' },
          { operandLeft: 'state', operator: '=', operandRight: 'TERMINATED' },
        ],
      }),
      query({
        filter: [
          { operandLeft: 'state', operator: '=', operandRight: 'TERMINATED' },
          { operandLeft: 'state', operator: 'in', operandRight: ['STARTED', 'TERMINATED'] },
        ],
      }),
      query({ sortField: 'createdAt', sortOrder: 'DESC', offset: 1, limit: 3 }),
      query({ sortField: 'createdAt', sortOrder: 'DESC', filter: [{ operandLeft: 'kind', operator: '=', operandRight: 'x' }] }),
    ];
    for (const q of cases) {
      const { source } = listing(tied);
      expect([q, (await runQuery(source, q, { chunk: 2, max: 100 })).map((i) => i.id)]).toEqual([q, reference(tied, q)]);
    }
    expect(reference(tied, cases[0] as QuerySpec)).toEqual(['-', 'A', 'B', 'a', 'b']);
  });

  const many = Array.from({ length: 1000 }, (_, n) => ({ id: `a${String(n).padStart(4, '0')}`, createdAt: 1000 + n, state: STATES[n % 3] as string, kind: 'x', extra: {} }));

  it('should read only the page asked for when the store can answer the query itself', async () => {
    const tail = listing(many);
    expect((await runQuery(tail.source, query({ offset: 950, limit: 50 }))).map((i) => i.id)).toEqual(many.slice(950).map((i) => i.id));
    expect(tail.reads).toEqual({ pages: 1, rows: 50, lookups: 0 });

    const state = listing(many);
    const started = many.filter((i) => i.state === 'STARTED');
    expect((await runQuery(state.source, query({ offset: 300, limit: 10, filter: [{ operandLeft: 'state', operator: '=', operandRight: 'STARTED' }] }))).length).toBe(10);
    expect(state.reads).toEqual({ pages: 1, rows: 10, lookups: 0 });
    expect(started.length).toBeGreaterThan(310);

    const byId = listing(many);
    expect((await runQuery(byId.source, query({ filter: [{ operandLeft: 'id', operator: 'in', operandRight: ['a0999', 'a0001', 'nope'] }] }))).map((i) => i.id)).toEqual([
      'a0001',
      'a0999',
    ]);
    expect(byId.reads).toEqual({ pages: 0, rows: 0, lookups: 3 });
  });

  it('should read a sort on createdAt from the end it starts at, with the rows tied at its edges only', async () => {
    const desc = listing(many);
    expect((await runQuery(desc.source, query({ offset: 10, limit: 20, sortField: 'createdAt', sortOrder: 'DESC' }))).map((i) => i.id)).toEqual(
      many
        .slice(970, 990)
        .reverse()
        .map((i) => i.id),
    );
    // One row for the total, the page and one row past it (to see that no row ties with its last), one row before it.
    expect(desc.reads.rows).toBeLessThanOrEqual(1 + 21 + 16);

    const tied = many.map((i, n) => ({ ...i, createdAt: Math.floor(n / 10) }));
    const asc = listing(tied);
    expect((await runQuery(asc.source, query({ offset: 505, limit: 10, sortField: 'createdAt' }))).map((i) => i.id)).toEqual(tied.slice(505, 515).map((i) => i.id));
    // The page and one row past it, 16 rows before it (5 tie with its first), 11 more to the end of its last's ties.
    expect(asc.reads.rows).toBe(11 + 16 + 11);
  });

  it('should stop reading once a filter it applies itself has found offset + limit items', async () => {
    const kinds = many.map((i, n) => ({ ...i, kind: n % 2 === 0 ? 'x' : 'y' }));
    const early = listing(kinds);
    expect((await runQuery(early.source, query({ limit: 5, filter: [{ operandLeft: 'kind', operator: '=', operandRight: 'y' }] }))).map((i) => i.id)).toEqual([
      'a0001',
      'a0003',
      'a0005',
      'a0007',
      'a0009',
    ]);
    expect(early.reads.rows).toBeLessThanOrEqual(500);
  });

  it('should refuse a query that would read more rows than allowed, saying how to narrow it, before reading them all', async () => {
    const sorted = listing(many);
    await expect(runQuery(sorted.source, query({ sortField: 'kind' }), { chunk: 100, max: 999 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [
        { pointer: '/filterExpression', message: 'this query would read more than 999 rows: narrow it with a filter (= or in) on id, state, or sort by createdAt (or not at all)' },
      ],
    });
    expect(sorted.reads.rows).toBeLessThanOrEqual(100);
    // The same sort over a narrowed listing is answered.
    const narrowed = listing(many);
    expect(
      await runQuery(narrowed.source, query({ sortField: 'kind', filter: [{ operandLeft: 'state', operator: '=', operandRight: 'STARTED' }] }), { chunk: 100, max: 999 }),
    ).toHaveLength(50);

    const scan = listing(many);
    await expect(runQuery(scan.source, query({ filter: [{ operandLeft: 'kind', operator: '=', operandRight: 'none' }] }), { chunk: 100, max: 500 })).rejects.toMatchObject({
      violations: [{ message: 'this query would read more than 500 rows: narrow it with a filter (= or in) on id, state' }],
    });
    expect(scan.reads.rows).toBeLessThanOrEqual(600);
  });

  it('should let the event loop turn between the pieces it reads', async () => {
    const { source } = listing(many);
    const seen: boolean[] = [];
    let turned = false;
    const page = source.page;
    source.page = async (offset, limit, n) => {
      seen.push(turned);
      return page(offset, limit, n);
    };
    const running = runQuery(source, query({ sortField: 'kind' }), { chunk: 100, max: 50_000 });
    setImmediate(() => {
      turned = true;
    });
    await running;
    expect(seen.length).toBe(10);
    expect(seen.slice(1).every(Boolean)).toBe(true);
  });
});
