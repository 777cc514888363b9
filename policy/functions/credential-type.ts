import { kontor } from '../model/iri.js';
import { list, str, type ScalarValue } from '../model/value.js';
import { checkOperand, setOperator } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

const localName = (v: string): string => v.slice(Math.max(v.lastIndexOf('/'), v.lastIndexOf('#'), v.lastIndexOf(':')) + 1);
const sameType = (a: ScalarValue, e: ScalarValue): boolean =>
  typeof a.value === 'string' && typeof e.value === 'string' && (a.value === e.value || localName(a.value) === localName(e.value));

/**
 * `kontor:credentialType`: the verified credential types the participant holds (a set).
 * `eq X` means "holds X". Types match by full IRI or by local name ("MembershipCredential").
 */
export const credentialTypeFunction: ConstraintFunctionDefinition = {
  name: 'credentialType',
  leftOperands: [kontor('credentialType')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const agent = input.context.agent;
    const held = agent ? list((agent.claims.credentialTypes ?? []).filter((t) => typeof t === 'string').map(str)) : undefined;
    return checkOperand(input, held, 'the request names no participant', { match: sameType, operator: setOperator(input.constraint.operator) });
  },
  validate: operandRules({ operators: ['eq', 'neq', 'hasPart', 'isAllOf', 'isAnyOf', 'isNoneOf'], kind: 'text', list: 'allowed' }),
};
