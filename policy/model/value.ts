import { compactIri } from './iri.js';
import { formatDateTime } from './date-time.js';
import type { Duration } from './duration.js';

/** A typed operand value. Comparison is only defined between compatible types. */
export type Value =
  | { type: 'string'; value: string }
  | { type: 'iri'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'dateTime'; value: number; lexical: string }
  | { type: 'duration'; value: Duration; lexical: string }
  | { type: 'list'; items: readonly Value[] };

export type ScalarValue = Exclude<Value, { type: 'list' }>;

export const str = (value: string): Value => ({ type: 'string', value });
export const iri = (value: string): Value => ({ type: 'iri', value });
export const num = (value: number): Value => ({ type: 'number', value });
export const list = (items: readonly Value[]): Value => ({ type: 'list', items });
export const dateTimeValue = (ms: number): Value => ({ type: 'dateTime', value: ms, lexical: formatDateTime(ms) });

/** The plain JSON shape of a value, for problems and explanations. */
export function displayValue(v: Value): unknown {
  switch (v.type) {
    case 'list':
      return v.items.map(displayValue);
    case 'iri':
      return compactIri(v.value);
    case 'dateTime':
    case 'duration':
      return v.lexical;
    default:
      return v.value;
  }
}

export function itemsOf(v: Value): readonly ScalarValue[] {
  if (v.type !== 'list') return [v];
  // Flat lists (the usual case) are returned as they are: callers only read them.
  return v.items.every((i) => i.type !== 'list') ? (v.items as readonly ScalarValue[]) : v.items.flatMap(itemsOf);
}
