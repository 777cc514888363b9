import { compareDurations } from '../model/duration.js';
import { ORDERING_OPERATORS, type Operator } from '../model/operator.js';
import { itemsOf, type ScalarValue, type Value } from '../model/value.js';

/** Whether `actual` satisfies `expected` for an item. Purposes use the hierarchy; the default is equality. */
export type Matcher = (actual: ScalarValue, expected: ScalarValue) => boolean;

/**
 * A matcher by keys, for set operators in O(a + e) through Sets: `actual` matches `expected` when the expected
 * item's key is one of the actual item's keys (e.g. credential types: the full IRI, or the local name for a bare one).
 */
export interface KeyedMatcher {
  actualKeys(actual: ScalarValue): readonly string[];
  expectedKey(expected: ScalarValue): string;
}

export type Comparison = { holds: boolean } | { error: string };

/** Operators that compare one value with one value: a one-item list counts as its item, a list of several is an error. */
export const SINGLE_VALUE_OPERATORS: readonly Operator[] = ['eq', 'neq', 'isA', ...ORDERING_OPERATORS];

/**
 * Why a side of `size` values cannot stand under `op`: several under a single-value operator. Evaluation asks this of
 * both sides, creation-time validation (operand-rules.ts) of the right operand as the function compares it, so a policy
 * that validates never fails on its operand's shape.
 */
export function singleValueProblem(op: Operator, size: number): string | undefined {
  if (size === 1 || !SINGLE_VALUE_OPERATORS.includes(op)) return undefined;
  const instead = op === 'neq' ? '; use isNoneOf for a set of values' : op === 'eq' || op === 'isA' ? '; use isAnyOf for a set of values' : '';
  return `'${op}' takes a single value${instead}`;
}

/**
 * `actual operator expected` with typed comparison. A type mismatch is an error, never false
 * or true: the caller turns it into a denial. Set operators treat a scalar as a one-item set.
 */
export function compareOperands(op: Operator, actual: Value, expected: Value, matcher?: Matcher | KeyedMatcher): Comparison {
  const a = itemsOf(actual);
  const e = itemsOf(expected);
  const mismatch = firstMismatch(a, e);
  if (mismatch) return { error: mismatch };
  if (SINGLE_VALUE_OPERATORS.includes(op)) {
    const [x] = a;
    const [y] = e;
    const shape = singleValueProblem(op, e.length) ?? singleValueProblem(op, a.length);
    if (shape || !x || !y) return { error: shape ?? `'${op}' compares single values` };
    if (op === 'eq') return { holds: sameValue(x, y) };
    if (op === 'neq') return { holds: !sameValue(x, y) };
    if (op === 'isA') return { holds: typeof matcher === 'function' ? matcher(x, y) : matcher ? keyedMatch(matcher, x, y) : sameValue(x, y) };
    return order(op, x, y);
  }
  const keyed = typeof matcher === 'object' ? matcher : matcher === undefined && !hasDuration(a, e) ? EQUALITY : undefined;
  return keyed ? compareSetsByKey(op, a, e, keyed) : compareSetsPairwise(op, a, e, (matcher as Matcher | undefined) ?? sameValue);
}

const keyedMatch = (m: KeyedMatcher, x: ScalarValue, y: ScalarValue): boolean => m.actualKeys(x).includes(m.expectedKey(y));
const hasDuration = (a: readonly ScalarValue[], e: readonly ScalarValue[]): boolean => a.some((x) => x.type === 'duration') || e.some((y) => y.type === 'duration');

/** Equality as keys (durations excepted: equal durations may be written differently, so they go pairwise). */
const equalityKey = (v: ScalarValue): string => `${FAMILY[v.type]}\u0000${String(v.value)}`;
const EQUALITY: KeyedMatcher = { actualKeys: (v) => [equalityKey(v)], expectedKey: equalityKey };

/** Set operators through Sets: each item's keys are computed once, O(a + e). */
function compareSetsByKey(op: Operator, a: readonly ScalarValue[], e: readonly ScalarValue[], m: KeyedMatcher): Comparison {
  if (op === 'hasPart' || op === 'isAllOf') {
    const held = new Set<string>();
    for (const x of a) for (const k of m.actualKeys(x)) held.add(k);
    return { holds: e.every((y) => held.has(m.expectedKey(y))) };
  }
  const wanted = new Set(e.map((y) => m.expectedKey(y)));
  const hits = (x: ScalarValue): boolean => m.actualKeys(x).some((k) => wanted.has(k));
  if (op === 'isPartOf') return { holds: a.length > 0 && a.every(hits) };
  if (op === 'isAnyOf') return { holds: a.some(hits) };
  if (op === 'isNoneOf') return { holds: !a.some(hits) };
  return { error: `operator '${op}' is not supported here` };
}

/** Set operators with a matcher that has no keys (the purpose hierarchy, durations): the actual side is one value in practice. */
function compareSetsPairwise(op: Operator, a: readonly ScalarValue[], e: readonly ScalarValue[], match: Matcher): Comparison {
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

/** The first (actual, expected) pair of different type families, as the nested loop would find it, in O(a + e). */
function firstMismatch(a: readonly ScalarValue[], e: readonly ScalarValue[]): string | undefined {
  const [first] = e;
  if (first === undefined) return undefined;
  const family = FAMILY[first.type];
  const mixed = e.find((y) => FAMILY[y.type] !== family);
  for (const x of a) {
    const own = FAMILY[x.type];
    const y = own === family ? mixed : first;
    if (y) return `type mismatch: saw a ${x.type}, the policy gives a ${y.type}`;
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
