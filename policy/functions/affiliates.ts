import type { Operator } from '../model/operator.js';
import { list, str } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintInput, Verdict } from '../engine/constraint-function.js';
import type { AffiliateFacts } from '../engine/evaluation-context.js';

/**
 * Shared rule for AffiliatesRegion / AffiliatesBpnl. In a permission every affiliate the data
 * reaches must be listed (none reached: holds). In a prohibition it holds when any is listed.
 */
export function checkAffiliates(input: ConstraintInput, field: keyof AffiliateFacts): Verdict {
  const affiliates = input.context.affiliates ?? [];
  const values: string[] = [];
  for (const a of affiliates) {
    const v = a[field];
    if (typeof v !== 'string') return { status: 'error', actual: a, message: `an affiliate in the request has no ${field}` };
    values.push(v);
  }
  const actual = list(values.map(str));
  const operator = affiliatesOperator(input.constraint.operator, input.ruleKind);
  if (input.ruleKind !== 'prohibition' && values.length === 0) return { status: 'true', actual: [], message: 'the data reaches no affiliate' };
  return checkOperand(input, actual, '', { operator });
}

/** The set operator the affiliates are compared with (`eq` too): every one listed (permission), any listed (prohibition), or none listed. */
export function affiliatesOperator(op: Operator, ruleKind: ConstraintInput['ruleKind']): Operator {
  return op === 'isNoneOf' ? 'isNoneOf' : ruleKind === 'prohibition' ? 'isAnyOf' : 'isPartOf';
}

/** For validation, which sees no rule kind: in every kind the affiliates are compared as a set. */
export const affiliatesValidationOperator = (op: Operator): Operator => affiliatesOperator(op, 'permission');
