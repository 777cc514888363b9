import { parseDateTime } from '../model/date-time.js';
import { parseDuration } from '../model/duration.js';
import { memoizeObject } from '../model/memoize.js';
import { parseNumeric } from '../model/numeric-lexical.js';
import type { Value } from '../model/value.js';

export type Coercion = 'dateTime' | 'duration' | 'number';

/**
 * Operands whose type is fixed by their left operand (dateTime, elapsedTime, counts) may be
 * written as plain strings: "2027-01-01T00:00:00Z", "P30D", "50". Strings that do not parse stay
 * strings, so the comparison reports a type mismatch instead of guessing.
 */
export function coerceOperand(v: Value, to: Coercion): Value {
  return v.type === 'list' || v.type === 'string' ? MEMO[to](v) : v;
}

/** Operand values are immutable and parsed once, so their coercions are cached per value object. */
const MEMO: Record<Coercion, (v: Value) => Value> = {
  dateTime: memoizeObject((v: Value) => coerceOnce(v, 'dateTime')),
  duration: memoizeObject((v: Value) => coerceOnce(v, 'duration')),
  number: memoizeObject((v: Value) => coerceOnce(v, 'number')),
};

function coerceOnce(v: Value, to: Coercion): Value {
  if (v.type === 'list') return { type: 'list', items: v.items.map((i) => coerceOperand(i, to)) };
  if (v.type !== 'string') return v;
  if (to === 'dateTime') {
    const ms = parseDateTime(v.value);
    return ms === undefined ? v : { type: 'dateTime', value: ms, lexical: v.value };
  }
  if (to === 'duration') {
    const d = parseDuration(v.value);
    return d === undefined ? v : { type: 'duration', value: d, lexical: v.value };
  }
  // A plain string in decimal notation only: "0x10" or "1e3" stays a string and is reported as not a number.
  const n = parseNumeric(v.value, 'decimal');
  return n === undefined ? v : { type: 'number', value: n };
}
