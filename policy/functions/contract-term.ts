import { compactIri } from '../model/iri.js';
import type { Operator } from '../model/operator.js';
import { displayValue, itemsOf } from '../model/value.js';
import type { ConstraintFunctionDefinition, Verdict } from '../engine/constraint-function.js';
import type { Coercion } from '../engine/coerce-operand.js';
import { operandRules, type OperandKind } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';

export interface ContractTermSpec {
  name: string;
  leftOperand: string;
  operators: readonly Operator[];
  /** Closed vocabulary (exact strings); absent for free text or numbers. */
  values?: readonly string[];
  kind?: OperandKind;
  list?: 'allowed' | 'required' | 'forbidden';
  /** Plain strings that parse as this type count as it ("12" for a number of months). */
  coerce?: Coercion;
  /** What the term commits a party to, in words, for the deferral message. */
  meaning: (value: string) => string;
}

/**
 * A Catena-X term that is a legal commitment between the parties (warranty, liability, jurisdiction, …):
 * nothing in a request shows whether it is kept. Its right operand is validated at creation; at evaluation
 * it is reported as a `deferred` contract term with what it means — never a silent pass, never a silent fail.
 * A right operand outside the vocabulary (a policy that skipped validation) is an error.
 */
export function contractTerm(spec: ContractTermSpec): ConstraintFunctionDefinition {
  const name = compactIri(spec.leftOperand);
  const check = operandRules({
    operators: spec.operators,
    kind: spec.kind ?? 'text',
    list: spec.list ?? 'forbidden',
    ...(spec.values ? { values: spec.values } : {}),
    ...(spec.coerce ? { coerce: spec.coerce } : {}),
  });
  return {
    name: spec.name,
    leftOperands: [spec.leftOperand],
    scopes: USAGE_SCOPES,
    evaluate: (input): Verdict => {
      const wrong = check(input.constraint)[0];
      if (wrong) return { status: 'error', expected: spec.values, actual: displayValue(input.constraint.rightOperand), message: wrong.message };
      const value = itemsOf(input.constraint.rightOperand)
        .map((v) => String(v.value))
        .join(', ');
      return {
        status: 'deferred',
        message: `contract term ${name} ${value}: ${spec.meaning(value)}. A legal commitment the connector cannot check at run time; it binds through the agreement`,
      };
    },
    validate: check,
  };
}
