import { odrl } from '../model/iri.js';
import { str } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

/** `spatial`: where the action happens (`context.spatial`, e.g. an ISO 3166 code). No region hierarchy. */
export const spatialFunction: ConstraintFunctionDefinition = {
  name: 'spatial',
  leftOperands: [odrl('spatial')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const s = input.context.spatial;
    return checkOperand(input, typeof s === 'string' && s !== '' ? str(s) : undefined, 'the request states no location (context.spatial)');
  },
  validate: operandRules({ operators: ['eq', 'neq', 'isAnyOf', 'isNoneOf'], kind: 'text', list: 'allowed' }),
};
