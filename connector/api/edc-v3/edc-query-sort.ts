import { validationError } from '../../../core/index.js';

/**
 * The fields a QuerySpec may sort and filter one kind of item on (besides `id`), and how a client writes each name.
 * A filter may name these fields and `paths`, nothing else (applyQuery), unless `anyFilterField`.
 */
export interface SortableFields {
  /** The names the items' `fields` use (after the route's mapField). */
  fields: readonly string[];
  /** A field as the client writes it (e.g. asset `title` → `name`); the name itself when absent. */
  shown?: (field: string) => string;
  /** Dotted paths into the items' `fields` a filter may name too (e.g. a transfer's `dataDestination.type`). */
  paths?: readonly string[];
  /** A filter may name any field: asset properties are open-ended, and one no asset carries matches none. */
  anyFilterField?: boolean;
}

interface Sortable {
  id: string;
  fields: Record<string, unknown>;
}

/**
 * Items in the order a QuerySpec's `sortField` and `sortOrder` ask for: by the field's value (numbers by number,
 * anything else as text; absent first), then by id, so `DESC` is exactly the reverse of `ASC`. A field the items
 * cannot be sorted on is a 400 naming `/sortField` and listing those they can, never an order silently ignored.
 */
export function sortItems<T extends Sortable>(items: readonly T[], sortField: string | undefined, sortOrder: 'ASC' | 'DESC', sortable: SortableFields): T[] {
  if (sortField === undefined) return [...items];
  const shown = sortable.shown ?? ((f: string) => f);
  const names = ['id', ...new Set(sortable.fields.filter((f) => f !== 'id'))];
  if (!names.includes(sortField))
    throw validationError([{ pointer: '/sortField', message: `'${shown(sortField)}' is not a field these items can be sorted on (sortable: ${names.map(shown).join(', ')})` }]);
  const key = (i: T) => (sortField === 'id' ? i.id : i.fields[sortField]);
  const sign = sortOrder === 'DESC' ? -1 : 1;
  return [...items].sort((a, b) => sign * (compareValues(key(a), key(b)) || compareValues(a.id, b.id)));
}

function compareValues(a: unknown, b: unknown): number {
  const absentA = a === undefined || a === null;
  const absentB = b === undefined || b === null;
  if (absentA || absentB) return absentA === absentB ? 0 : absentA ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return text(a).localeCompare(text(b));
}

const text = (v: unknown): string => (Array.isArray(v) ? v.map(text).join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v));
