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
  if (input.ruleKind === 'prohibition') return checkOperand(input, actual, '', { operator: input.constraint.operator === 'isNoneOf' ? 'isNoneOf' : 'isAnyOf' });
  if (values.length === 0) return { status: 'true', actual: [], message: 'the data reaches no affiliate' };
  return checkOperand(input, actual, '', { operator: input.constraint.operator === 'isNoneOf' ? 'isNoneOf' : 'isPartOf' });
}
