import { cx } from '../model/iri.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';
import { affiliatesValidationOperator, checkAffiliates } from './affiliates.js';
import { BPN_PATTERN } from './business-partner-number.js';

/** `AffiliatesBpnl isAnyOf [...]` (Catena-X): BPNLs of the affiliates the data may reach. */
export const affiliatesBpnlFunction: ConstraintFunctionDefinition = {
  name: 'affiliatesBpnl',
  leftOperands: [cx('AffiliatesBpnl')],
  scopes: USAGE_SCOPES,
  evaluate: (input) => checkAffiliates(input, 'bpnl'),
  validate: operandRules({
    operators: ['eq', 'isAnyOf', 'isNoneOf'],
    kind: 'text',
    list: 'allowed',
    operator: affiliatesValidationOperator,
    item: (v) => (typeof v.value === 'string' && BPN_PATTERN.test(v.value) ? undefined : `'${String(v.value)}' is not a BPNL`),
  }),
};
