import { kontor } from '../model/iri.js';
import { list, str, type ScalarValue } from '../model/value.js';
import type { KeyedMatcher } from '../engine/compare-operands.js';
import { checkOperand, setOperator } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

const localName = (v: string): string => v.slice(Math.max(v.lastIndexOf('/'), v.lastIndexOf('#'), v.lastIndexOf(':')) + 1);
const LOCAL = '\u0000local\u0000';
const text = (v: ScalarValue): string | undefined => (typeof v.value === 'string' ? v.value : undefined);

/**
 * A held type matches the policy's operand when it is that exact type, or, for an operand written as a bare name
 * ("MembershipCredential": no `:`, `/` or `#`), when its local name is that name. An operand written as an IRI (or a
 * CURIE) matches only itself: `https://w3id.org/catenax/credentials/DismantlerCredential` is not `urn:evil:DismantlerCredential`.
 * Keys are computed once per item, so sets compare in O(held + listed).
 */
export const credentialTypeMatcher: KeyedMatcher = {
  actualKeys: (v) => {
    const t = text(v);
    return t === undefined ? [] : [t, LOCAL + localName(t)];
  },
  expectedKey: (v) => {
    const t = text(v);
    if (t === undefined) return '\u0001'; // matches no held type
    return localName(t) === t ? LOCAL + t : t;
  },
};

/**
 * `kontor:credentialType`: the verified credential types the participant holds (a set).
 * `eq X` means "holds X". A bare name matches by local name, an IRI only exactly (credentialTypeMatcher).
 */
export const credentialTypeFunction: ConstraintFunctionDefinition = {
  name: 'credentialType',
  leftOperands: [kontor('credentialType')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const agent = input.context.agent;
    const held = agent ? list((agent.claims.credentialTypes ?? []).filter((t) => typeof t === 'string').map(str)) : undefined;
    return checkOperand(input, held, 'the request names no participant', { match: credentialTypeMatcher, operator: setOperator(input.constraint.operator) });
  },
  validate: operandRules({ operators: ['eq', 'neq', 'hasPart', 'isAllOf', 'isAnyOf', 'isNoneOf'], kind: 'text', list: 'allowed', operator: setOperator }),
};
