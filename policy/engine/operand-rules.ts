import type { Violation } from '../../core/index.js';
import type { AtomicConstraint } from '../model/constraint.js';
import { compactIri } from '../model/iri.js';
import type { Operator } from '../model/operator.js';
import { itemsOf, type ScalarValue } from '../model/value.js';
import type { ConstraintValidator } from './constraint-function.js';
import { coerceOperand, type Coercion } from './coerce-operand.js';

export type OperandKind = 'number' | 'integer' | 'text' | 'dateTime' | 'duration' | 'boolean' | 'any';

export interface OperandRules {
  operators: readonly Operator[];
  kind: OperandKind;
  /** Whether the right operand may (or must) be a list. */
  list?: 'allowed' | 'required' | 'forbidden';
  /** Allowed values (expanded IRIs or exact strings), when closed. */
  values?: readonly string[];
  /** Extra check on each item, returning a message when wrong. */
  item?: (v: ScalarValue) => string | undefined;
  /** Plain strings that parse as this type count as this type. */
  coerce?: Coercion;
}

/** Builds a creation-time validator: operator allowed, right operand of the right type and shape. */
export function operandRules(rules: OperandRules): ConstraintValidator {
  return (c: AtomicConstraint): Violation[] => {
    const out: Violation[] = [];
    const name = compactIri(c.leftOperand);
    if (!rules.operators.includes(c.operator)) {
      out.push({ pointer: `${c.path}/operator`, message: `${name} allows only ${rules.operators.join(', ')}; got '${c.operator}'` });
    }
    const at = `${c.path}/rightOperand`;
    const right = rules.coerce ? coerceOperand(c.rightOperand, rules.coerce) : c.rightOperand;
    const isList = right.type === 'list';
    const shape = rules.list ?? 'forbidden';
    if (shape === 'forbidden' && isList) out.push({ pointer: at, message: `${name} takes a single value, not a list` });
    if (shape === 'required' && !isList) out.push({ pointer: at, message: `${name} takes a list of values` });
    for (const v of itemsOf(right)) {
      const wrong = kindMismatch(rules.kind, v) ?? valueMismatch(rules.values, v) ?? rules.item?.(v);
      if (wrong) out.push({ pointer: at, message: `${name}: ${wrong}` });
    }
    return out;
  };
}

function kindMismatch(kind: OperandKind, v: ScalarValue): string | undefined {
  const ok =
    kind === 'any' ? true : kind === 'text' ? v.type === 'string' || v.type === 'iri' : kind === 'integer' ? v.type === 'number' && Number.isInteger(v.value) : v.type === kind;
  return ok ? undefined : `expected ${kind === 'text' ? 'a string or IRI' : `a ${kind}`}, got a ${v.type}`;
}

function valueMismatch(values: readonly string[] | undefined, v: ScalarValue): string | undefined {
  if (!values || (v.type !== 'string' && v.type !== 'iri')) return undefined;
  return values.includes(v.value) ? undefined : `'${v.value}' is not one of ${values.map(compactIri).join(', ')}`;
}
