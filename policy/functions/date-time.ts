import { odrl } from '../model/iri.js';
import { dateTimeValue } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition, Verdict } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

/**
 * `dateTime`: when the action is exercised, i.e. the context's `now`. At negotiation a window
 * that has not opened yet (`gt`/`gteq` not yet met) is deferred to transfer: one may agree today
 * to use data from next month. A window that has closed denies.
 */
export const dateTimeFunction: ConstraintFunctionDefinition = {
  name: 'dateTime',
  leftOperands: [odrl('dateTime')],
  scopes: ALL_SCOPES,
  evaluate: (input): Verdict => {
    const v = checkOperand(input, dateTimeValue(input.now), 'no time in context', { coerce: 'dateTime' });
    const opensLater = input.context.scope === 'negotiation' && v.status === 'false' && (input.constraint.operator === 'gt' || input.constraint.operator === 'gteq');
    return opensLater ? { status: 'deferred', message: `the usage window opens later (${String(v.expected)}); checked at transfer`, until: 'transfer' } : v;
  },
  validate: operandRules({ operators: ['eq', 'neq', 'lt', 'lteq', 'gt', 'gteq'], kind: 'dateTime', coerce: 'dateTime' }),
};
