import { cx, kontor } from '../model/iri.js';
import { str } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

export const BPN_PATTERN = /^BPN[LSA][0-9A-Z]{12}$/;

/** `BusinessPartnerNumber` (Catena-X) / `kontor:businessPartnerNumber`: the BPN from the participant's credential. */
export const businessPartnerNumberFunction: ConstraintFunctionDefinition = {
  name: 'businessPartnerNumber',
  leftOperands: [cx('BusinessPartnerNumber'), kontor('businessPartnerNumber')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const agent = input.context.agent;
    if (!agent) return checkOperand(input, undefined, 'the request names no participant');
    const bpn = agent.claims.businessPartnerNumber;
    return checkOperand(input, typeof bpn === 'string' ? str(bpn) : undefined, `participant ${agent.id} has no verified business partner number`);
  },
  validate: operandRules({
    operators: ['eq', 'neq', 'isAnyOf', 'isNoneOf'],
    kind: 'text',
    list: 'allowed',
    item: (v) => (typeof v.value === 'string' && BPN_PATTERN.test(v.value) ? undefined : `'${String(v.value)}' is not a BPN (BPNL + 12 characters)`),
  }),
};
