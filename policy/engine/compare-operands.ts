import { compareDurations } from '../model/duration.js';
import { ORDERING_OPERATORS, type Operator } from '../model/operator.js';
import { itemsOf, type ScalarValue, type Value } from '../model/value.js';

/** Whether `actual` satisfies `expected` for an item. Purposes use the hierarchy; the default is equality. */
export type Matcher = (actual: ScalarValue, expected: ScalarValue) => boolean;

export type Comparison = { holds: boolean } | { error: string };

/**
 * `actual operator expected` with typed comparison. A type mismatch is an error, never false
 * or true: the caller turns it into a denial. Set operators treat a scalar as a one-item set.
 */
export function compareOperands(op: Operator, actual: Value, expected: Value, match: Matcher = sameValue): Comparison {
  const a = itemsOf(actual);
  const e = itemsOf(expected);
  const mismatch = firstMismatch(a, e);
  if (mismatch) return { error: mismatch };
  if (op === 'eq' || op === 'neq' || op === 'isA' || ORDERING_OPERATORS.includes(op)) {
    const [x] = a;
    const [y] = e;
    if (a.length !== 1 || e.length !== 1 || !x || !y) return { error: `'${op}' compares single values; use isAnyOf/isAllOf for sets` };
    if (op === 'eq') return { holds: sameValue(x, y) };
    if (op === 'neq') return { holds: !sameValue(x, y) };
    if (op === 'isA') return { holds: match(x, y) };
    return order(op, x, y);
  }
  const some = (pred: (y: ScalarValue) => boolean): boolean => e.some(pred);
  switch (op) {
    case 'hasPart':
    case 'isAllOf':
      return { holds: e.every((y) => a.some((x) => match(x, y))) };
    case 'isPartOf':
      return { holds: a.length > 0 && a.every((x) => some((y) => match(x, y))) };
    case 'isAnyOf':
      return { holds: a.some((x) => some((y) => match(x, y))) };
    case 'isNoneOf':
      return { holds: !a.some((x) => some((y) => match(x, y))) };
  }
  return { error: `operator '${op}' is not supported here` };
}

const FAMILY: Record<ScalarValue['type'], string> = { string: 'text', iri: 'text', number: 'number', boolean: 'boolean', dateTime: 'dateTime', duration: 'duration' };

function firstMismatch(a: readonly ScalarValue[], e: readonly ScalarValue[]): string | undefined {
  for (const x of a) {
    for (const y of e) {
      if (FAMILY[x.type] !== FAMILY[y.type]) return `type mismatch: saw a ${x.type}, the policy gives a ${y.type}`;
    }
  }
  return undefined;
}

export function sameValue(x: ScalarValue, y: ScalarValue): boolean {
  if (x.type === 'duration' && y.type === 'duration') return compareDurations(x.value, y.value) === 0;
  return FAMILY[x.type] === FAMILY[y.type] && x.value === y.value;
}

function order(op: Operator, x: ScalarValue, y: ScalarValue): Comparison {
  let sign: number | undefined;
  if (x.type === 'duration' && y.type === 'duration') sign = compareDurations(x.value, y.value);
  else if ((x.type === 'number' && y.type === 'number') || (x.type === 'dateTime' && y.type === 'dateTime')) sign = Math.sign(x.value - y.value);
  else return { error: `'${op}' needs numbers, dateTimes or durations, not ${x.type}` };
  if (sign === undefined) return { error: `durations ${x.type === 'duration' ? x.lexical : ''} and ${y.type === 'duration' ? y.lexical : ''} cannot be ordered (months vs days)` };
  const holds = op === 'lt' ? sign < 0 : op === 'lteq' ? sign <= 0 : op === 'gt' ? sign > 0 : sign >= 0;
  return { holds };
}
