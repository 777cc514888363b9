import { odrl } from '../model/iri.js';
import { str } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

/** `recipient`: who receives the result: `context.recipient`, else the requesting participant. */
export const recipientFunction: ConstraintFunctionDefinition = {
  name: 'recipient',
  leftOperands: [odrl('recipient')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const r = input.context.recipient ?? input.context.agent?.id;
    return checkOperand(input, typeof r === 'string' ? str(r) : undefined, 'the request names no recipient and no participant');
  },
  validate: operandRules({ operators: ['eq', 'neq', 'isAnyOf', 'isNoneOf'], kind: 'text', list: 'allowed' }),
};
