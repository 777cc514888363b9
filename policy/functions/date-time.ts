import { odrl } from '../model/iri.js';
import { dateTimeValue } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

/** `dateTime`: when the action is exercised, i.e. the context's `now`. */
export const dateTimeFunction: ConstraintFunctionDefinition = {
  name: 'dateTime',
  leftOperands: [odrl('dateTime')],
  scopes: ALL_SCOPES,
  evaluate: (input) => checkOperand(input, dateTimeValue(input.now), 'no time in context', { coerce: 'dateTime' }),
  validate: operandRules({ operators: ['eq', 'neq', 'lt', 'lteq', 'gt', 'gteq'], kind: 'dateTime', coerce: 'dateTime' }),
};
