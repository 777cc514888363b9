import { cx } from '../model/iri.js';
import { coerceOperand } from '../engine/coerce-operand.js';
import type { ConstraintFunctionDefinition, Verdict } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';
import { usageUntil } from './data-usage-end.js';

/** `DataUsageEndDate eq <dateTime>` (Catena-X): usage (and the agreement) ends at that instant. */
export const dataUsageEndDateFunction: ConstraintFunctionDefinition = {
  name: 'dataUsageEndDate',
  leftOperands: [cx('DataUsageEndDate')],
  scopes: USAGE_SCOPES,
  evaluate: (input): Verdict => {
    const end = coerceOperand(input.constraint.rightOperand, 'dateTime');
    if (end.type !== 'dateTime') return { status: 'error', message: `DataUsageEndDate needs an xsd:dateTime, got a ${end.type}` };
    return usageUntil(input.now, end.value, 'DataUsageEndDate');
  },
  validate: operandRules({ operators: ['eq'], kind: 'dateTime', coerce: 'dateTime' }),
};
