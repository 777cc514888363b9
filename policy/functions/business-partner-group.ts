import { cx, kontor } from '../model/iri.js';
import { list, str } from '../model/value.js';
import { checkOperand, setOperator } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

/** `BusinessPartnerGroup` / `kontor:businessPartnerGroup`: the groups the participant is in (a set, maybe empty). */
export const businessPartnerGroupFunction: ConstraintFunctionDefinition = {
  name: 'businessPartnerGroup',
  leftOperands: [cx('BusinessPartnerGroup'), kontor('businessPartnerGroup')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const agent = input.context.agent;
    const groups = agent ? list((agent.claims.businessPartnerGroups ?? []).filter((g) => typeof g === 'string').map(str)) : undefined;
    return checkOperand(input, groups, 'the request names no participant', { operator: setOperator(input.constraint.operator) });
  },
  validate: operandRules({ operators: ['eq', 'neq', 'hasPart', 'isAllOf', 'isAnyOf', 'isNoneOf'], kind: 'text', list: 'allowed', operator: setOperator }),
};
