import { cx } from '../model/iri.js';
import { list, str } from '../model/value.js';
import { checkOperand, setOperator } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';

/**
 * `ContractReference isAllOf [...]` (Catena-X): the request must cite every referenced
 * (bilateral) contract in `context.contractReferences`.
 */
export const contractReferenceFunction: ConstraintFunctionDefinition = {
  name: 'contractReference',
  leftOperands: [cx('ContractReference')],
  scopes: USAGE_SCOPES,
  evaluate: (input) => {
    const refs = (input.context.contractReferences ?? []).filter((r) => typeof r === 'string');
    return checkOperand(input, list(refs.map(str)), '', { operator: setOperator(input.constraint.operator) });
  },
  validate: operandRules({ operators: ['eq', 'isAllOf', 'isAnyOf', 'hasPart'], kind: 'text', list: 'allowed', operator: setOperator }),
};
