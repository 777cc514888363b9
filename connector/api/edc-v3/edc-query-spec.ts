import { selectsAsset, type AssetCriterion } from '../../../catalog/index.js';
import { validationError, type Violation } from '../../../core/index.js';
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
  /** Where each filter criterion's operandLeft is in the request (for a refusal naming it). */
  filterAt: string[];
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
  if (!node) return { offset: 0, limit: 50, sortOrder: 'ASC', filter: [], filterAt: [] };
  node.expectType('QuerySpec');
  const offset = node.integer('offset', 0, MAX_PAGE_OFFSET) ?? 0;
  const limit = node.integer('limit', 1, 500) ?? 50;
  const sortField = node.string('sortField');
  const sortOrder = node.string('sortOrder') ?? 'ASC';
  if (sortOrder !== 'ASC' && sortOrder !== 'DESC') throw validationError([{ pointer: node.at('sortOrder'), message: 'must be ASC or DESC' }]);
  if (sortOrder === 'DESC' && !sortField) throw validationError([{ pointer: node.at('sortOrder'), message: 'DESC needs a sortField, the field to order by' }]);
  const criteria = node.nodes('filterExpression');
  const filter = criteria.map((c) => criterionFromEdc(c, (left) => mapField(propertyOf(left)), true));
  node.finish();
  return { offset, limit, sortOrder, filter, filterAt: criteria.map((c) => c.at('operandLeft')), ...(sortField ? { sortField: mapField(sortField) } : {}) };
}

/** Numbers and booleans as the text a criterion compares them by (`createdAt = 1700000000000` and `= "1700000000000"` alike). */
function asText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asText);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
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
 * (as Tractus-X assets carry `dct:type`) is matched by its `@id`. `fields` names what these items can be sorted and
 * filtered on: a filter or sortField naming anything else is a 400 listing them (sortItems, filterProblems), never
 * a filter that silently matches nothing (or, with `!=`, everything).
 */
export function applyQuery<T>(items: readonly Queryable<T>[], q: QuerySpec, fields: SortableFields): T[] {
  const problems = filterProblems(q, fields);
  if (problems.length > 0) throw validationError(problems);
  return sortItems(items.filter(queryMatcher(q, fields)), q.sortField, q.sortOrder, fields)
    .slice(q.offset, q.offset + q.limit)
    .map((i) => i.item);
}

/** Whether an item passes a QuerySpec's filter (applyQuery's rule; the filter's fields are not checked here). */
export function queryMatcher(q: QuerySpec, fields: SortableFields): (i: Queryable<unknown>) => boolean {
  const paths = fields.paths ?? [];
  const view = (i: Queryable<unknown>): Record<string, unknown> => ({
    ...Object.fromEntries(Object.entries(i.fields).map(([k, v]) => [k, asText(plain(v))])),
    ...Object.fromEntries(paths.map((p) => [p, asText(plain(valueAt(i.fields, p)))])),
  });
  return (i) => q.filter.length === 0 || selectsAsset(q.filter, { id: i.id, properties: view(i) as Properties });
}

type Properties = Parameters<typeof selectsAsset>[1]['properties'];

/** The filter criteria naming a field the items do not have, each at its operandLeft. */
export function filterProblems(q: QuerySpec, fields: SortableFields): Violation[] {
  if (fields.anyFilterField) return [];
  const shown = fields.shown ?? ((f: string) => f);
  const names = ['id', ...new Set([...fields.fields, ...(fields.paths ?? [])].filter((f) => f !== 'id'))];
  return q.filter.flatMap((c, i) =>
    names.includes(c.operandLeft)
      ? []
      : [
          {
            pointer: q.filterAt[i] ?? `/filterExpression/${i}/operandLeft`,
            message: `'${shown(c.operandLeft)}' is not a field these items can be filtered on (filterable: ${names.map(shown).join(', ')})`,
          },
        ],
  );
}

/** The value at a dotted path (`dataDestination.type`), or undefined. */
function valueAt(fields: Record<string, unknown>, path: string): unknown {
  let value: unknown = fields;
  for (const key of path.split('.')) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}
