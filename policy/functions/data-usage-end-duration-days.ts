import { cx } from '../model/iri.js';
import { coerceOperand } from '../engine/coerce-operand.js';
import type { ConstraintFunctionDefinition, Verdict } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';
import { agreementStartOf } from './agreement-start.js';
import { usageUntil } from './data-usage-end.js';
import { MAX_OFFSET_DAYS, TOO_LONG } from './duration-bound.js';

const DAY_MS = 86_400_000;

/** `DataUsageEndDurationDays eq <n>` (Catena-X): usage ends n days after the agreement started. */
export const dataUsageEndDurationDaysFunction: ConstraintFunctionDefinition = {
  name: 'dataUsageEndDurationDays',
  leftOperands: [cx('DataUsageEndDurationDays')],
  scopes: USAGE_SCOPES,
  evaluate: (input): Verdict => {
    const days = coerceOperand(input.constraint.rightOperand, 'number');
    if (days.type !== 'number') return { status: 'error', message: `DataUsageEndDurationDays needs an integer, got a ${days.type}` };
    const start = agreementStartOf(input);
    if (typeof start === 'string') return { status: 'error', message: start };
    return usageUntil(input.now, start + days.value * DAY_MS, `DataUsageEndDurationDays ${days.value}`);
  },
  validate: operandRules({
    operators: ['eq'],
    kind: 'integer',
    coerce: 'number',
    item: (v) => (v.type === 'number' && v.value > 0 ? (v.value > MAX_OFFSET_DAYS ? `${v.value} days ${TOO_LONG}` : undefined) : 'must be a positive number of days'),
  }),
};
