import type { AssetCriterion } from '../../../catalog/index.js';
import { ConnectorError } from '../../../core/index.js';
import type { Queryable, SortableFields } from './edc-query-spec.js';

/**
 * One kind of item as a QuerySpec reads it from its store (runQuery): the store's paged listing, in the store's own
 * order (by `createdAt` first, the view's field, ties in an order of the store's), narrowed by what the store can
 * filter on itself, and a look-up by id.
 */
export interface QuerySource<T, N extends object = Record<string, unknown>> {
  /** Rows `offset`… of the listing, narrowed by `narrowing` (the merged answers of `narrow`), with their total. */
  page(offset: number, limit: number, narrowing: Partial<N>): Promise<{ items: readonly T[]; total: number }>;
  /** The item with this id, or undefined (whether or not the listing holds it: see `keep`). */
  findById(id: string): Promise<T | undefined>;
  queryable(item: T): Queryable<T>;
  /** What a QuerySpec may sort and filter these items on, whatever the stored items hold. */
  sortable: SortableFields;
  /** Fields one item adds to `sortable` (an asset's own properties): a query that sorts on one reads every item. */
  sortableOf?(item: T): readonly string[];
  /**
   * The store's own filter for one criterion, selecting exactly the items the criterion selects, or undefined when the
   * store has none for it (then the criterion is applied to the items read, in memory).
   */
  narrow?(criterion: AssetCriterion): Partial<N> | undefined;
  /** The fields `narrow` (and the look-up by id) answer, as a client names them: the advice of a refused query. */
  narrowedBy: readonly string[];
  /** The items of the listing the route answers with (EDRs: consumer pull transfers); every item when absent. */
  keep?(item: T): boolean;
}

/** A criterion's one value for an equality the store can apply (`=`, or `in` with one value), or undefined. */
export function singleValue(c: AssetCriterion): string | undefined {
  if (c.operator === '=' && typeof c.operandRight === 'string') return c.operandRight;
  if (c.operator === 'in' && Array.isArray(c.operandRight) && c.operandRight.length === 1) return c.operandRight[0];
  return undefined;
}

/** A criterion's values for an `=` or a non-empty `in` the store can apply, or undefined (`!=`, `in []`). */
export function someValues(c: AssetCriterion): string[] | undefined {
  if (c.operator === '=' && typeof c.operandRight === 'string') return [c.operandRight];
  if (c.operator === 'in' && Array.isArray(c.operandRight) && c.operandRight.length > 0) return [...c.operandRight];
  return undefined;
}

/** A `get…` (NOT_FOUND when there is none) as a `find…`. */
export function findWith<T>(get: (id: string) => Promise<T>): (id: string) => Promise<T | undefined> {
  return async (id) => {
    try {
      return await get(id);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  };
}
