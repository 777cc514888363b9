import { kontor, odrl } from '../model/iri.js';
import type { Operator } from '../model/operator.js';
import { list, str } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

/**
 * `assignee` (also `kontor:participant`): the requesting participant, known by its DID and, if it
 * has one, its business partner number. `eq x` holds when either identifier is x.
 */
export const assigneeFunction: ConstraintFunctionDefinition = {
  name: 'assignee',
  leftOperands: [odrl('assignee'), kontor('participant')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const agent = input.context.agent;
    if (!agent) return checkOperand(input, undefined, 'the request names no participant');
    const bpn = agent.claims.businessPartnerNumber;
    const ids = list(typeof bpn === 'string' ? [str(agent.id), str(bpn)] : [str(agent.id)]);
    return checkOperand(input, ids, '', { operator: assigneeOperator(input.constraint.operator) });
  },
  validate: operandRules({ operators: ['eq', 'neq', 'isAnyOf', 'isNoneOf'], kind: 'text', list: 'allowed', operator: assigneeOperator }),
};

/** The participant has several identifiers (DID, BPN): `eq`/`isAnyOf` hold when one is listed, `neq`/`isNoneOf` when none is. */
export function assigneeOperator(op: Operator): Operator {
  return op === 'eq' || op === 'isAnyOf' ? 'isAnyOf' : 'isNoneOf';
}
