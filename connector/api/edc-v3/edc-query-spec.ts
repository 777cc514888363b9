import { selectsAsset, type AssetCriterion } from '../../../catalog/index.js';
import { validationError } from '../../../core/index.js';
import { MAX_PAGE_OFFSET } from '../../offers/index.js';
import { criterionFromEdc } from './edc-contract-definition.js';
import type { EdcNode } from './edc-node.js';
import { type SortableFields, sortItems } from './edc-query-sort.js';

export type { SortableFields } from './edc-query-sort.js';

export interface QuerySpec {
  offset: number;
  limit: number;
  sortField?: string;
  sortOrder: 'ASC' | 'DESC';
  filter: AssetCriterion[];
}

/** One item as a query sees it: its id and the fields a criterion or sortField may name. */
export interface Queryable<T> {
  item: T;
  id: string;
  fields: Record<string, unknown>;
}

/** Tractus-X's path to a property's `@id` (`'http://purl.org/dc/terms/type'.'@id'`): the property it names. */
const ID_PATH = /^'([^']+)'\.'@id'$/;
const propertyOf = (operandLeft: string): string => ID_PATH.exec(operandLeft)?.[1] ?? operandLeft;

/**
 * An EDC QuerySpec (`offset`, `limit`, `sortField`, `sortOrder`, `filterExpression`); an absent body is the
 * default query (first 50). `offset` is capped where a peer's DSP catalog caps it (MAX_PAGE_OFFSET), so a catalog
 * request never passes on an offset the peer must refuse. `mapField` maps EDC field names (IRIs or bare) onto the
 * resource's own; a filter's `'<iri>'.'@id'` names the property `<iri>` (matched by its `@id`, see applyQuery).
 */
export function querySpecFromEdc(node: EdcNode | undefined, mapField: (name: string) => string): QuerySpec {
  if (!node) return { offset: 0, limit: 50, sortOrder: 'ASC', filter: [] };
  node.expectType('QuerySpec');
  const offset = node.integer('offset', 0, MAX_PAGE_OFFSET) ?? 0;
  const limit = node.integer('limit', 1, 500) ?? 50;
  const sortField = node.string('sortField');
  const sortOrder = node.string('sortOrder') ?? 'ASC';
  if (sortOrder !== 'ASC' && sortOrder !== 'DESC') throw validationError([{ pointer: node.at('sortOrder'), message: 'must be ASC or DESC' }]);
  if (sortOrder === 'DESC' && !sortField) throw validationError([{ pointer: node.at('sortOrder'), message: 'DESC needs a sortField, the field to order by' }]);
  const filter = node.nodes('filterExpression').map((c) => criterionFromEdc(c, (left) => mapField(propertyOf(left))));
  node.finish();
  return { offset, limit, sortOrder, filter, ...(sortField ? { sortField: mapField(sortField) } : {}) };
}

/** A JSON-LD node reference (`{"@id": …}`) or value object (`{"@value": …}`) as the string or scalar it stands for. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (typeof o['@id'] === 'string') return o['@id'];
  return '@value' in o ? o['@value'] : value;
}

/**
 * Filters, sorts and pages items with Kontor's own criterion rule (`selectsAsset`, the rule contract definitions
 * select assets with), so a QuerySpec filter and an asset selector can never disagree. A field holding `{"@id": …}`
 * (as Tractus-X assets carry `dct:type`) is matched by its `@id`. `sortable` names the fields these items can be
 * sorted on (sortItems refuses any other).
 */
export function applyQuery<T>(items: readonly Queryable<T>[], q: QuerySpec, sortable: SortableFields): T[] {
  const matched = (i: Queryable<T>) => Object.fromEntries(Object.entries(i.fields).map(([k, v]) => [k, plain(v)]));
  const hits = items.filter((i) => selectsAsset(q.filter, { id: i.id, properties: { title: '', ...matched(i) } }));
  return sortItems(hits, q.sortField, q.sortOrder, sortable)
    .slice(q.offset, q.offset + q.limit)
    .map((i) => i.item);
}

/** Every item of a paged Kontor listing (pages of 500). */
export async function listAll<T>(page: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 500) {
    const p = await page(offset, 500);
    out.push(...p.items);
    if (offset + 500 >= p.total || p.items.length === 0) return out;
  }
}
