import { cx } from '../model/iri.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';

export const UNLIMITED_USAGE = 'cx.dataUsageEnd.unlimited:1';

/**
 * `DataUsageEndDefinition eq cx.dataUsageEnd.unlimited:1` (Catena-X): usage has no end date.
 * The only allowed value is checked at creation, so at evaluation it holds by definition.
 */
export const dataUsageEndDefinitionFunction: ConstraintFunctionDefinition = {
  name: 'dataUsageEndDefinition',
  leftOperands: [cx('DataUsageEndDefinition')],
  scopes: USAGE_SCOPES,
  evaluate: (input) => {
    const v = input.constraint.rightOperand;
    const ok = input.constraint.operator === 'eq' && (v.type === 'string' || v.type === 'iri') && v.value === UNLIMITED_USAGE;
    return ok
      ? { status: 'true', actual: 'unlimited', message: 'usage has no end date' }
      : { status: 'error', message: `DataUsageEndDefinition only supports eq ${UNLIMITED_USAGE}` };
  },
  validate: operandRules({ operators: ['eq'], kind: 'text', values: [UNLIMITED_USAGE] }),
};
