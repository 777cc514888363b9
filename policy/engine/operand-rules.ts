import type { Violation } from '../../core/index.js';
import type { AtomicConstraint } from '../model/constraint.js';
import { NS, compactIri } from '../model/iri.js';
import type { Operator } from '../model/operator.js';
import { itemsOf, type ScalarValue } from '../model/value.js';
import type { ConstraintValidator } from './constraint-function.js';
import { DURATION_TYPES, INTEGER_TYPES, NUMBER_TYPES } from '../odrl/coerce-literal.js';
import { coerceOperand, type Coercion } from './coerce-operand.js';
import { singleValueProblem } from './compare-operands.js';

export type OperandKind = 'number' | 'integer' | 'text' | 'dateTime' | 'duration' | 'boolean' | 'any';

export interface OperandRules {
  operators: readonly Operator[];
  kind: OperandKind;
  /**
   * Whether the right operand may (or must) be a list. An allowed list of several values is still refused under an
   * operator that compares single values (`eq`, `neq`, `isA`, ordering), as evaluation would refuse it (`operator`).
   */
  list?: 'allowed' | 'required' | 'forbidden';
  /** The operator evaluation compares with, when the function maps it (check-operand.ts `setOperator`: `eq` → `hasPart`). */
  operator?: (op: Operator) => Operator;
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
    const several = singleValueProblem(rules.operator?.(c.operator) ?? c.operator, itemsOf(right).length);
    if (shape === 'forbidden' && isList) out.push({ pointer: at, message: `${name} takes a single value, not a list` });
    else if (several) out.push({ pointer: at, message: `${name}: ${several}` });
    if (shape === 'required' && !isList) out.push({ pointer: at, message: `${name} takes a list of values` });
    for (const v of itemsOf(right)) {
      const wrong = kindMismatch(rules.kind, v) ?? valueMismatch(rules.values, v) ?? rules.item?.(v);
      if (wrong) out.push({ pointer: at, message: `${name}: ${wrong}` });
    }
    const typed: [string, readonly string[]][] = [
      [`${c.path}/dataType`, c.dataType === undefined ? [] : [c.dataType]],
      [at, c.valueTypes ?? []],
    ];
    for (const [pointer, types] of typed) {
      for (const t of types) {
        const wrong = datatypeMismatch(rules.kind, t);
        if (wrong) out.push({ pointer, message: `${name}: ${wrong}` });
      }
    }
    return out;
  };
}

/** The XSD datatypes (local names) a value of each kind may be typed with; `any` takes every one the parser reads. */
const DATATYPES: Record<OperandKind, readonly string[] | undefined> = {
  number: [...INTEGER_TYPES, ...NUMBER_TYPES],
  integer: [...INTEGER_TYPES, ...NUMBER_TYPES],
  text: ['string', 'anyURI'],
  dateTime: ['dateTime', 'date'],
  duration: DURATION_TYPES,
  boolean: ['boolean'],
  any: undefined,
};

/**
 * A datatype the policy gives its value that contradicts the operand's kind: `{"@value": "3", "@type": "xsd:string"}`
 * says "the text 3", which a count must not read as the number 3 (a plain "3" it may).
 */
function datatypeMismatch(kind: OperandKind, datatype: string): string | undefined {
  const allowed = DATATYPES[kind];
  if (!allowed || (datatype.startsWith(NS.xsd) && allowed.includes(datatype.slice(NS.xsd.length)))) return undefined;
  return `the value is typed ${compactIri(datatype)}, but this operand takes ${kindName(kind)} (${allowed.map((t) => `xsd:${t}`).join(', ')})`;
}

const kindName = (kind: OperandKind): string => (kind === 'text' ? 'a string or IRI' : kind === 'integer' ? 'an integer' : `a ${kind}`);

function kindMismatch(kind: OperandKind, v: ScalarValue): string | undefined {
  const ok =
    kind === 'any' ? true : kind === 'text' ? v.type === 'string' || v.type === 'iri' : kind === 'integer' ? v.type === 'number' && Number.isInteger(v.value) : v.type === kind;
  return ok ? undefined : `expected ${kind === 'text' ? 'a string or IRI' : `a ${kind}`}, got a ${v.type}`;
}

function valueMismatch(values: readonly string[] | undefined, v: ScalarValue): string | undefined {
  if (!values || (v.type !== 'string' && v.type !== 'iri')) return undefined;
  return values.includes(v.value) ? undefined : `'${v.value}' is not one of ${values.map(compactIri).join(', ')}`;
}
