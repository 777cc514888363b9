import { setImmediate as nextTurn } from 'node:timers/promises';
import { validationError } from '../../../core/index.js';
import { ListingReader, MAX_QUERY_SCAN, QUERY_CHUNK } from './edc-query-rows.js';
import type { QuerySource } from './edc-query-source.js';
import { applyQuery, filterProblems, type Queryable, type QuerySpec, queryMatcher } from './edc-query-spec.js';
import { sortItems } from './edc-query-sort.js';

/** The field every store listing is ordered by first (the items' `createdAt`). */
const ORDERED_BY = 'createdAt';

/** How much a query reads at a time, and at most (tests set smaller ones). */
export interface QueryLimits {
  chunk: number;
  max: number;
}

interface Run<T, N extends object> {
  source: QuerySource<T, N>;
  q: QuerySpec;
  limits: QueryLimits;
}

/**
 * A QuerySpec answered from a store, with exactly the answer of applyQuery over every item the listing holds, but
 * reading no more of the store than the query needs:
 * - a filter on `id` (`=`, `in`) reads those items by id;
 * - no sortField, or `createdAt` (the order the store lists in): the listing is read from `offset` (when the store
 *   applies the whole filter itself, see QuerySource.narrow) or from its start until `offset + limit` items pass the
 *   filter, forwards for `ASC`, backwards for `DESC`, with the items that tie on `createdAt` at either edge;
 * - any other sortField reads the whole (narrowed) listing.
 * No query reads more than `limits.max` rows: past that it is a 400 that says how to narrow it.
 */
export async function runQuery<T, N extends object>(source: QuerySource<T, N>, q: QuerySpec, limits: QueryLimits = { chunk: QUERY_CHUNK, max: MAX_QUERY_SCAN }): Promise<T[]> {
  const problems = filterProblems(q, source.sortable);
  if (problems.length > 0) throw validationError(problems);
  const known = q.sortField === undefined || ['id', ...source.sortable.fields].includes(q.sortField);
  if (!known && !source.sortableOf) sortItems([], q.sortField, q.sortOrder, source.sortable); // a 400 naming it
  const run = { source, q, limits };
  const ids = known ? idsWanted(q) : undefined;
  if (ids) return byIds(run, ids);
  if (q.sortField === undefined || (q.sortField === ORDERED_BY && source.sortable.fields.includes(ORDERED_BY))) return inListingOrder(run);
  return readingAll(run, known);
}

/** The ids a positive criterion on `id` names (the first such criterion), or undefined when there is none. */
function idsWanted(q: QuerySpec): string[] | undefined {
  const c = q.filter.find((f) => f.operandLeft === 'id' && f.operator !== '!=');
  if (!c) return undefined;
  return [...new Set(Array.isArray(c.operandRight) ? c.operandRight : [c.operandRight])];
}

/** The refusal of a query that would read more than the most rows it may. */
function tooMany<T, N extends object>({ source, q, limits }: Run<T, N>): () => Error {
  const sorted = q.sortField !== undefined && q.sortField !== ORDERED_BY;
  const advice = `narrow it with a filter (= or in) on ${source.narrowedBy.join(', ')}${sorted ? ', or sort by createdAt (or not at all)' : ''}`;
  return () => validationError([{ pointer: '/filterExpression', message: `this query would read more than ${limits.max} rows: ${advice}` }]);
}

/** The items named by id, in the listing's order when no sortField is given (createdAt, then id). */
async function byIds<T, N extends object>(run: Run<T, N>, ids: readonly string[]): Promise<T[]> {
  const { source, q, limits } = run;
  if (ids.length > limits.max) throw tooMany(run)();
  const found: Queryable<T>[] = [];
  for (const [n, id] of ids.entries()) {
    if (n > 0 && n % limits.chunk === 0) await nextTurn();
    const item = await source.findById(id);
    if (item !== undefined && (source.keep?.(item) ?? true)) found.push(source.queryable(item));
  }
  if (q.sortField === undefined) found.sort((a, b) => Number(a.fields[ORDERED_BY]) - Number(b.fields[ORDERED_BY]) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return applyQuery(found, q, source.sortable);
}

/** The listing narrowed by the criteria the store applies itself; `exact` when those are all there are. */
function narrowed<T, N extends object>(run: Run<T, N>): { reader: ListingReader<T>; exact: boolean } {
  const narrowing: Partial<N> = {};
  let exact = run.source.keep === undefined;
  for (const c of run.q.filter) {
    const n = run.source.narrow?.(c);
    if (!n || Object.keys(n).some((k) => k in narrowing)) exact = false;
    else Object.assign(narrowing, n);
  }
  return { reader: new ListingReader((offset, limit) => run.source.page(offset, limit, narrowing), tooMany(run), run.limits.max), exact };
}

/**
 * No sortField, or createdAt: the listing's own order. Read from `offset` when the store filters exactly, else from the
 * start, until `offset + limit` items pass; with a sortField, on past the last one's `createdAt` (and back before the
 * first row read's), so the ties among them are ordered by id as applyQuery orders them.
 */
async function inListingOrder<T, N extends object>(run: Run<T, N>): Promise<T[]> {
  const { source, q } = run;
  const { reader, exact } = narrowed(run);
  if (exact && q.sortField === undefined) return reader.read('ASC', q.offset, q.limit);
  const sorted = q.sortField !== undefined;
  const passes = exact ? () => true : matcherOf(run);
  const key = (i: Queryable<T>) => i.fields[ORDERED_BY];
  const size = exact ? q.limit + 1 : run.limits.chunk;
  const hits: Queryable<T>[] = [];
  let skip = exact ? 0 : q.offset;
  let boundary: { key: unknown } | undefined;
  for (let pos = exact ? q.offset : 0; ; pos += size) {
    const rows = (await reader.read(q.sortOrder, pos, size)).map(source.queryable);
    if (exact && pos === q.offset && pos > 0 && rows[0]) {
      hits.push(...(await tiesBefore(run, reader, pos, key(rows[0]))));
      skip = hits.length;
    }
    for (const i of rows) {
      if (boundary && key(i) !== boundary.key) return finish(run, hits, skip);
      if (!passes(i)) continue;
      hits.push(i);
      if (!boundary && hits.length >= skip + q.limit) {
        if (!sorted) return finish(run, hits, skip);
        boundary = { key: key(i) };
      }
    }
    if (rows.length < size) return finish(run, hits, skip);
  }
}

/** The rows just before position `pos` (in the query's direction) whose createdAt is `k`, in that direction's order. */
async function tiesBefore<T, N extends object>(run: Run<T, N>, reader: ListingReader<T>, pos: number, k: unknown): Promise<Queryable<T>[]> {
  const ties: Queryable<T>[] = [];
  let end = pos;
  let n = Math.min(16, run.limits.chunk);
  while (end > 0) {
    const from = Math.max(0, end - n);
    const rows = (await reader.read(run.q.sortOrder, from, end - from)).map(run.source.queryable);
    for (const row of rows.reverse()) {
      if (row.fields[ORDERED_BY] !== k) return ties.reverse();
      ties.push(row);
    }
    end = from;
    n = run.limits.chunk;
  }
  return ties.reverse();
}

/** applyQuery over the items read (in the listing's order, as applyQuery would see them), from the `skip`th. */
function finish<T, N extends object>(run: Run<T, N>, hits: Queryable<T>[], skip: number): T[] {
  return applyQuery(run.q.sortOrder === 'DESC' ? hits.reverse() : hits, { ...run.q, offset: skip }, run.source.sortable);
}

function matcherOf<T, N extends object>({ source, q }: Run<T, N>): (i: Queryable<T>) => boolean {
  const matches = queryMatcher(q, source.sortable);
  return (i) => (source.keep?.(i.item) ?? true) && matches(i);
}

/**
 * Any other sortField: every row of the listing (narrowed when the sortField is one the items always have; else it
 * may be a property some item holds, as on assets), refused up front when there are more than `limits.max`. Only the
 * matching items are kept, and only the first `offset + limit` of them once there are many.
 */
async function readingAll<T, N extends object>(run: Run<T, N>, known: boolean): Promise<T[]> {
  const { source, q, limits } = run;
  const reader = known ? narrowed(run).reader : new ListingReader((offset, limit) => source.page(offset, limit, {}), tooMany(run), limits.max);
  const passes = matcherOf(run);
  const more = new Set<string>();
  const need = q.offset + q.limit;
  let hits: Queryable<T>[] = [];
  for (let pos = 0; ; pos += limits.chunk) {
    const rows = await reader.read('ASC', pos, limits.chunk);
    if (pos === 0) await reader.mayReadAll();
    for (const item of rows) {
      for (const f of source.sortableOf?.(item) ?? []) more.add(f);
      const i = source.queryable(item);
      if (passes(i)) hits.push(i);
    }
    if (known && hits.length > 4 * Math.max(need, limits.chunk)) hits = sortItems(hits, q.sortField, q.sortOrder, source.sortable).slice(0, need);
    if (rows.length < limits.chunk || pos + limits.chunk >= (await reader.total())) break;
  }
  return applyQuery(hits, q, more.size > 0 ? { ...source.sortable, fields: [...source.sortable.fields, ...more] } : source.sortable);
}
