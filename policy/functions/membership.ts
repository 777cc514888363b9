import { cx, kontor } from '../model/iri.js';
import { str } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

/** `Membership eq active` (Catena-X) / `kontor:membership`: a verified, unrevoked membership credential. */
export const membershipFunction: ConstraintFunctionDefinition = {
  name: 'membership',
  leftOperands: [cx('Membership'), kontor('membership')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const agent = input.context.agent;
    const state = agent === undefined ? undefined : agent.claims.membership?.active === true ? 'active' : 'inactive';
    return checkOperand(input, state === undefined ? undefined : str(state), 'the request names no participant');
  },
  validate: operandRules({ operators: ['eq', 'neq'], kind: 'text', values: ['active'] }),
};
