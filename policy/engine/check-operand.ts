import { compactIri } from '../model/iri.js';
import type { Operator } from '../model/operator.js';
import { displayValue, type Value } from '../model/value.js';
import { coerceOperand, type Coercion } from './coerce-operand.js';
import { compareOperands, type KeyedMatcher, type Matcher } from './compare-operands.js';
import type { ConstraintInput, Verdict } from './constraint-function.js';

export interface CheckOptions {
  /** A KeyedMatcher compares sets in O(a + e); a plain Matcher goes pairwise. */
  match?: Matcher | KeyedMatcher;
  coerce?: Coercion;
  /** Maps the right operand (e.g. CURIEs to IRIs) before comparing. */
  mapRight?: (v: Value) => Value;
  /** Overrides the constraint's operator (e.g. `eq` on a set-valued operand means `hasPart`). */
  operator?: Operator;
  /** How `actual` is shown (default: as `displayValue` shows it, IRIs compacted). */
  showActual?: (v: Value) => unknown;
}

/**
 * The common body of a constraint function: compare what the context shows (`actual`) with the
 * right operand. `missing` explains an absent value; absence is an error (deny), never a pass.
 */
export function checkOperand(input: ConstraintInput, actual: Value | undefined, missing: string, options: CheckOptions = {}): Verdict {
  const { constraint } = input;
  let right = options.coerce ? coerceOperand(constraint.rightOperand, options.coerce) : constraint.rightOperand;
  if (options.mapRight) right = options.mapRight(right);
  const expected = displayValue(constraint.rightOperand);
  if (actual === undefined) return { status: 'error', expected, message: missing };
  const result = compareOperands(options.operator ?? constraint.operator, actual, right, options.match);
  const seen = options.showActual ? options.showActual(actual) : displayValue(actual);
  if ('error' in result) return { status: 'error', actual: seen, message: result.error };
  return { status: result.holds ? 'true' : 'false', actual: seen, expected };
}

/** For set-valued operands (credentials held, groups): `eq x` means "holds x", `neq x` "does not hold x". */
export function setOperator(op: Operator): Operator {
  return op === 'eq' ? 'hasPart' : op === 'neq' ? 'isNoneOf' : op;
}

/** "purpose isA purpose:research" — a constraint in words for problems and obligations. */
export function describeOperand(leftOperand: string, operator: string, right: Value, unit?: string): string {
  const r = displayValue(right);
  const text = typeof r === 'string' ? r : JSON.stringify(r);
  return `${compactIri(leftOperand)} ${operator} ${text}${unit ? ` (${compactIri(unit)})` : ''}`;
}
