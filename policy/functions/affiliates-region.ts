import { cx } from '../model/iri.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';
import { affiliatesValidationOperator, checkAffiliates } from './affiliates.js';

/** `AffiliatesRegion isAnyOf [...]` (Catena-X): regions of the affiliates the data may reach. */
export const affiliatesRegionFunction: ConstraintFunctionDefinition = {
  name: 'affiliatesRegion',
  leftOperands: [cx('AffiliatesRegion')],
  scopes: USAGE_SCOPES,
  evaluate: (input) => checkAffiliates(input, 'region'),
  validate: operandRules({ operators: ['eq', 'isAnyOf', 'isNoneOf'], kind: 'text', list: 'allowed', operator: affiliatesValidationOperator }),
};
